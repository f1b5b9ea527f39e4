import request from 'supertest';
import type { Resource } from 'fhir/r4.js';
import { expectCdsResponse } from '../support/expect-response.js';
import { condition, icd10, loinc, observation, serviceRequest } from '../support/fhir-builders.js';
import { hookRequest, prefetchOf, SERVICE } from '../support/hook-requests.js';
import { testApp } from '../support/test-app.js';

// Lab variants and tests in progress through the whole service (prefetch from our templates' routing, real
// knowledge, TEST_NOW 2026-11-20): the cards that fire, the near miss beside each, and the request log's count.

const PATIENT = 'pat-variants';
const cramps = condition({ codes: [icd10('G47.62', 'Sleep related leg cramps')], patientId: PATIENT });
const at = '2026-10-01T08:00:00Z';
const { app, logLines } = testApp();

async function patientView(resources: readonly Resource[]) {
  const body = hookRequest('patient-view', { patientId: PATIENT, prefetch: prefetchOf([{ resourceType: 'Patient', id: PATIENT }, cramps, ...resources], PATIENT) });
  const requestLines = () => logLines().map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
  const before = requestLines().length;
  const cards = expectCdsResponse(await request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(body)).cards;
  // The request line is written when the response finishes, which may come just after the client has it.
  for (let i = 0; i < 100 && requestLines().length <= before; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  const line = requestLines().pop();
  return { cards, line: line ?? {} };
}
const workupOrders = (cards: Awaited<ReturnType<typeof patientView>>['cards']): string[] =>
  cards.filter((c) => c.source.topic?.code === 'workup-labs').flatMap((c) => (c.suggestions ?? []).map((s) => s.label));
const topics = (cards: Awaited<ReturnType<typeof patientView>>['cards']): string[] => cards.map((c) => c.source.topic?.code ?? '').sort();

test('HbA1c 48 mmol/mol (IFCC) is 6.5 % NGSP: diabetes is named as a secondary cause with the value as reported', async () => {
  const { cards } = await patientView([observation({ codes: [loinc('59261-8')], value: 48, unit: 'mmol/mol', effectiveDateTime: at, patientId: PATIENT })]);
  const secondary = cards.find((c) => c.source.topic?.code === 'secondary-causes');
  expect(secondary?.detail).toContain('48 mmol/mol');
  expect(secondary?.detail).toMatch(/Diabetes/);
});

test('near miss: HbA1c 47 mmol/mol (6.45 %) is no secondary cause, and is not asked for again', async () => {
  const { cards } = await patientView([observation({ codes: [loinc('59261-8')], value: 47, unit: 'mmol/mol', effectiveDateTime: at, patientId: PATIENT })]);
  expect(topics(cards)).toEqual(['cramp-vs-rls', 'workup-labs']);
  expect(workupOrders(cards).join(' | ')).not.toMatch(/HbA1c|Glucose/i);
});

test('TSH 6.1 mIU/L under the third-generation code 11580-8 is read: thyroid dysfunction, next step repeat TSH with free T4', async () => {
  const { cards } = await patientView([observation({ codes: [loinc('11580-8')], value: 6.1, unit: 'mIU/L', unitSystem: null, effectiveDateTime: at, patientId: PATIENT })]);
  const secondary = cards.find((c) => c.source.topic?.code === 'secondary-causes');
  expect(secondary?.detail).toMatch(/free T4/);
  expect(workupOrders(cards).join(' | ')).not.toMatch(/TSH|Thyroid/i);
});

test('a ferritin in a unit nobody can read is counted in the request log (no value) and not ordered again', async () => {
  const { cards, line } = await patientView([observation({ codes: [loinc('2276-4')], value: 37, unit: 'mcg/L', unitSystem: null, effectiveDateTime: at, patientId: PATIENT })]);
  expect(line.unreadableUnits).toBe(1);
  // Walk the leaves rather than grep the JSON: the timestamp, latency and uuids may hold the digits 37 by chance.
  const leaves = (value: unknown): unknown[] => (value !== null && typeof value === 'object' ? Object.values(value).flatMap(leaves) : [value]);
  expect(leaves(line).filter((v) => v === 37 || v === '37' || (typeof v === 'string' && /mcg/i.test(v)))).toEqual([]);
  expect(Object.keys(line).sort()).toEqual(['cards', 'droppedWrongPatient', 'hookInstance', 'level', 'method', 'ms', 'msg', 'name', 'route', 'service', 'stages', 'status', 'time', 'unreadableUnits']);
  expect(workupOrders(cards).join(' | ')).not.toMatch(/ferritin/i);
  expect(topics(cards)).toEqual(['cramp-vs-rls', 'workup-labs']);
});

test('near miss: the same ferritin in µg/L (an alias) is a value, and nothing is unreadable', async () => {
  const { cards, line } = await patientView([observation({ codes: [loinc('2276-4')], value: 37, unit: 'µg/L', unitSystem: null, effectiveDateTime: at, patientId: PATIENT })]);
  expect(line.unreadableUnits).toBe(0);
  expect(topics(cards)).toEqual(['cramp-vs-rls', 'iron-deficiency', 'workup-labs']);
});

describe('a test already in progress is not suggested again', () => {
  test.each([
    { name: 'a registered TSH', resource: observation({ codes: [loinc('3016-3')], status: 'registered', issued: at, patientId: PATIENT }) },
    { name: 'a preliminary TSH', resource: observation({ codes: [loinc('3016-3')], status: 'preliminary', value: 9, unit: 'm[IU]/L', effectiveDateTime: at, patientId: PATIENT }) },
    { name: 'an active TSH order', resource: serviceRequest({ codes: [loinc('3016-3')], status: 'active', authoredOn: at, patientId: PATIENT }) },
  ])('$name: the workup asks for ferritin, glucose and renal function only, and no TSH value is read', async ({ resource }) => {
    const { cards } = await patientView([resource]);
    expect(topics(cards)).toEqual(['cramp-vs-rls', 'workup-labs']);
    const orders = workupOrders(cards).join(' | ');
    expect(orders).toMatch(/ferritin/i);
    expect(orders).not.toMatch(/TSH|Thyroid/i);
  });

  test('near miss: a completed TSH order without a result leaves TSH in the workup', async () => {
    const { cards } = await patientView([serviceRequest({ codes: [loinc('3016-3')], status: 'completed', authoredOn: at, patientId: PATIENT })]);
    expect(workupOrders(cards).join(' | ')).toMatch(/TSH|Thyroid/i);
  });
});
