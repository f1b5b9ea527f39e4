import type { Resource } from 'fhir/r4.js';
import request from 'supertest';
import type { CdsCard } from '../../src/cards/card-types.js';
import { expectCdsResponse } from '../support/expect-response.js';
import { condition, icd10, loinc, medicationStatement, observation, rxnorm } from '../support/fhir-builders.js';
import { loadRequestFixture } from '../support/fixtures.js';
import { governanceApp, governanceDir } from '../support/governance-app.js';
import { hookRequest, prefetchOf, SERVICE } from '../support/hook-requests.js';
import { TEST_NOW } from '../support/test-app.js';

// Issue 10, suppression keyed on the concepts behind a card, not on resource ids, over real HTTP with the real
// pipeline on a real SQLite ledger: a renewed prescription of the same drug (new resource id, another strength of the
// same ingredient) and a repeat lab still crossing the same threshold stay suppressed; a new culprit drug or a newly
// met criterion re-arms the card. A topic that forbids suppression (a warning about an order being signed) shows
// again after any override.

const PV = SERVICE['patient-view'];
const REASONS = 'https://leg-cramps-cds.example.org/topics/override-reasons';
const PATIENT = 'pat-suppress';

const patient: Resource = { resourceType: 'Patient', id: PATIENT, birthDate: '1958-04-02' } as Resource;
const cramps = condition({ id: 'cramps-1', patientId: PATIENT, codes: [icd10('G47.62', 'Sleep related leg cramps')], recordedDate: '2026-06-01' });
const simvastatin20 = medicationStatement({ id: 'ms-simva-1', patientId: PATIENT, codes: [rxnorm('312961', 'simvastatin 20 MG Oral Tablet')], effectiveDateTime: '2026-05-01' });
// The renewal: a new MedicationStatement, a new strength, the same ingredient.
const simvastatin40 = medicationStatement({ id: 'ms-simva-2', patientId: PATIENT, codes: [rxnorm('314231', 'simvastatin 40 MG Oral Tablet')], effectiveDateTime: '2026-11-01' });
const hydrochlorothiazide = medicationStatement({ id: 'ms-hctz-1', patientId: PATIENT, codes: [rxnorm('310798', 'hydrochlorothiazide 25 MG Oral Tablet')], effectiveDateTime: '2026-11-01' });
const hba1c = (id: string, value: number, date: string): Resource =>
  observation({ id, patientId: PATIENT, codes: [loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood')], value, unit: '%', effectiveDateTime: date });
const egfrLow = observation({
  id: 'egfr-1',
  patientId: PATIENT,
  codes: [loinc('98979-8', 'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)')],
  value: 41,
  unit: 'mL/min/{1.73_m2}',
  effectiveDateTime: '2026-11-10',
});

const call = (resources: readonly Resource[]): Record<string, unknown> =>
  hookRequest('patient-view', { patientId: PATIENT, prefetch: prefetchOf([patient, cramps, ...resources], PATIENT) });

test('a renewed prescription and a repeat lab stay suppressed; a new culprit drug and a newly met criterion re-arm their cards', async () => {
  const place = governanceDir();
  const { app, governance } = await governanceApp(place.file);
  const cardsOf = async (resources: readonly Resource[]): Promise<Map<string, CdsCard>> => {
    const { cards } = expectCdsResponse(await request(app).post(`/cds-services/${PV}`).send(call(resources)));
    return new Map(cards.map((c) => [c.source.topic.code, c]));
  };
  try {
    const first = await cardsOf([simvastatin20, hba1c('a1c-1', 8.1, '2026-10-01')]);
    const culprit = first.get('cramp-drug-culprit');
    const causes = first.get('secondary-causes');
    expect([culprit?.summary, causes?.summary]).toEqual([expect.stringContaining('simvastatin'), expect.stringContaining('Diabetes')]);
    const feedback = [
      { card: culprit?.uuid, outcome: 'overridden', overrideReason: { reason: { system: REASONS, code: 'cramps-predate-drug' } }, outcomeTimestamp: TEST_NOW.toISOString() },
      { card: causes?.uuid, outcome: 'overridden', overrideReason: { reason: { system: REASONS, code: 'already-assessed' } }, outcomeTimestamp: TEST_NOW.toISOString() },
    ];
    expect((await request(app).post(`/cds-services/${PV}/feedback`).send({ feedback })).status).toBe(204);

    // Renewed: other resource ids, another strength, a newer HbA1c still in the diabetic range. Both held back.
    const renewed = await cardsOf([simvastatin40, hba1c('a1c-2', 7.4, '2026-11-12')]);
    expect([renewed.has('cramp-drug-culprit'), renewed.has('secondary-causes')]).toEqual([false, false]);
    expect(renewed.has('cramp-vs-rls')).toBe(true);

    // A new culprit drug beside the dismissed one: the culprit card is back, naming both.
    const newDrug = await cardsOf([simvastatin40, hydrochlorothiazide, hba1c('a1c-2', 7.4, '2026-11-12')]);
    expect(newDrug.get('cramp-drug-culprit')?.summary).toEqual(expect.stringContaining('hydrochlorothiazide'));
    expect(newDrug.has('secondary-causes')).toBe(false);

    // A newly met criterion (eGFR below 60: kidney disease) beside the dismissed diabetes: the causes card is back.
    const newCriterion = await cardsOf([simvastatin40, hba1c('a1c-2', 7.4, '2026-11-12'), egfrLow]);
    expect(newCriterion.get('secondary-causes')?.summary).toEqual(expect.stringContaining('kidney'));
    expect(newCriterion.has('cramp-drug-culprit')).toBe(false);

    await governance.flush();
    const rows = await governance.store.reportRows(new Date(0), new Date(TEST_NOW.getTime() + 1000));
    const held = rows.filter((r) => r.suppressed).map((r) => r.topic).sort();
    expect(held).toEqual(['cramp-drug-culprit', 'cramp-drug-culprit', 'secondary-causes', 'secondary-causes']);
  } finally {
    await governance.close();
    place.remove();
  }
});

test('an order warning whose topic forbids suppression shows again after an override', async () => {
  const place = governanceDir();
  const { app, governance } = await governanceApp(place.file);
  const orderSign = SERVICE['order-sign'];
  const body = (): Record<string, unknown> => ({ ...(loadRequestFixture('order-sign-quinine.json') as object), hookInstance: crypto.randomUUID() });
  try {
    const first = expectCdsResponse(await request(app).post(`/cds-services/${orderSign}`).send(body())).cards;
    const quinine = first.find((c) => c.source.topic.code === 'quinine-for-cramps');
    expect(quinine?.indicator).toBe('warning');
    const reasons = quinine?.overrideReasons ?? [];
    expect(reasons.length).toBeGreaterThan(0);
    // Every reason this card offers, one feedback each: none arms a suppression.
    const feedback = reasons.map((reason) => ({ card: quinine?.uuid, outcome: 'overridden', overrideReason: { reason }, outcomeTimestamp: TEST_NOW.toISOString() }));
    expect((await request(app).post(`/cds-services/${orderSign}/feedback`).send({ feedback })).status).toBe(204);

    const again = expectCdsResponse(await request(app).post(`/cds-services/${orderSign}`).send(body())).cards;
    expect(again.map((c) => c.source.topic.code).sort()).toEqual(first.map((c) => c.source.topic.code).sort());
    expect(again.some((c) => c.source.topic.code === 'quinine-for-cramps')).toBe(true);
  } finally {
    await governance.close();
    place.remove();
  }
});
