import { isResourceOfType } from '../../src/findings/references.js';
import { toFindings } from '../../src/findings/to-findings.js';
import {
  condition,
  icd10,
  medicationRequest,
  medicationStatement,
  observation,
  rxnorm,
  serviceRequest,
} from '../support/fhir-builders.js';
import { hookContext, patientRecord } from '../support/fhir-builders-record.js';
import { testKnowledge, valueSet } from '../support/knowledge-builder.js';
import { syntheaPatients } from '../support/synthea.js';

const NOW = new Date('2025-03-15T12:00:00.000Z');

test('gathers problems, current and draft medications, draft orders and labs of one order-select request', () => {
  const record = patientRecord({
    conditions: [condition({ id: 'cramps', codes: [icd10('G47.62')] }), condition({ id: 'old', clinicalStatus: 'resolved' })],
    medicationStatements: [medicationStatement({ id: 'hctz', codes: [rxnorm('5487', 'hydrochlorothiazide')] })],
    medicationRequests: [medicationRequest({ id: 'stopped', status: 'stopped' })],
    observations: [observation({ id: 'ferritin', value: 18, unit: 'ug/L', effectiveDateTime: '2025-01-05' })],
  });
  const context = hookContext({
    hook: 'order-select',
    selections: ['MedicationRequest/draft-quinine'],
    draftOrders: [medicationRequest({ id: 'draft-quinine', status: 'draft' }), serviceRequest({ id: 'psg' })],
  });

  const findings = toFindings(record, context, testKnowledge(), NOW);

  expect(findings.problems.map((p) => p.source.id)).toEqual(['cramps']);
  expect(findings.medications.map((m) => [m.source.id, m.origin, m.isSelected])).toEqual([
    ['hctz', 'statement', false],
    ['draft-quinine', 'draft-order', true],
  ]);
  expect(findings.orders.map((o) => [o.orderRef, o.isSelected])).toEqual([['ServiceRequest/psg', false]]);
  expect(findings.labs.map((l) => [l.labId, l.value, l.unit])).toEqual([['ferritin', 18, 'ng/mL']]);
});

test('an empty patient-view record gives empty findings', () => {
  expect(toFindings(patientRecord(), hookContext(), testKnowledge(), NOW)).toEqual({
    problems: [],
    medications: [],
    orders: [],
    labs: [],
    labsInProgress: [],
    unreadableResults: [],
  });
});

// Third-party data, read as is: Synthea's Dirk Kuhlman (diabetes, HCTZ, carbamazepine), clock pinned after his last visit.
test('reads a Synthea record: active conditions, active requests, latest glucose and HbA1c', () => {
  const dirk = syntheaPatients().find((p) => p.file.startsWith('Dirk_Kuhlman'));
  if (dirk === undefined) throw new Error('Synthea bundle Dirk_Kuhlman not found');
  const record = patientRecord({
    patientId: dirk.patientId,
    conditions: dirk.resources.filter((r) => isResourceOfType(r, 'Condition')),
    medicationRequests: dirk.resources.filter((r) => isResourceOfType(r, 'MedicationRequest')),
    observations: dirk.resources.filter((r) => isResourceOfType(r, 'Observation')),
  });

  const findings = toFindings(record, hookContext(), testKnowledge(), new Date('2021-06-01T00:00:00Z'));

  expect(findings.medications.map((m) => m.codes.map((c) => c.code))).toEqual([['308971'], ['316049'], ['860975'], ['106892']]);
  expect(findings.problems).toHaveLength(record.conditions.length - 4); // four resolved infections and injuries
  expect(findings.problems.map((p) => p.label)).toContain('Neuropathy due to type 2 diabetes mellitus (disorder)');
  expect(findings.labs.map((l) => [l.labId, l.source.id, l.effective])).toEqual([
    ['glucose', 'a8dbb860-4190-46da-af7b-11bf7c7f9ffd', '2021-03-02T20:32:26+00:00'],
    ['hba1c', '8627a4cc-3d42-42ff-8339-e270725d471c', '2021-03-02T20:32:26+00:00'],
  ]);
  expect(findings.labs[0]).toEqual(
    expect.objectContaining({ code: expect.objectContaining({ code: '2339-0' }), value: 67.91486794695432, unit: 'mg/dL' }),
  );
});

// dimensions: Patient absent · birthDate full, partial, malformed, not a string (hostile input inside the resource)
test.each([
  { name: 'a full birth date is kept', birthDate: '1970-03-02', expected: '1970-03-02' },
  { name: 'a partial birth date (year and month) is kept', birthDate: '2014-05', expected: '2014-05' },
  { name: 'a malformed birth date is dropped', birthDate: '02/03/1970', expected: undefined },
  { name: 'a month 13 is dropped', birthDate: '1970-13-01', expected: undefined },
  { name: 'a birth date that is not a string is dropped', birthDate: 19700302, expected: undefined },
  { name: 'no Patient gives no birth date', birthDate: null, expected: undefined },
])('Patient.birthDate for the age-dependent criteria: $name', ({ birthDate, expected }) => {
  const patient = birthDate === null ? {} : { patient: { resourceType: 'Patient' as const, id: 'pat-1', birthDate: birthDate as string } };
  const findings = toFindings(patientRecord(patient), hookContext({ hook: 'patient-view' }), testKnowledge(), NOW);
  expect(findings.birthDate).toBe(expected);
});

// dimensions: pregnancy with / without clinical status · recorded within / beyond 10 months · undated · another set
test.each([
  { name: 'a pregnancy without clinical status recorded 9 months ago counts', status: null, recorded: '2024-06-20', code: 'Z34.90', counts: true },
  { name: 'a pregnancy without clinical status recorded 11 months ago does not', status: null, recorded: '2024-04-10', code: 'Z34.90', counts: false },
  { name: 'an undated pregnancy without clinical status does not', status: null, recorded: undefined, code: 'Z34.90', counts: false },
  { name: 'an active pregnancy recorded 2 years ago still counts (its status says so)', status: 'active', recorded: '2023-03-01', code: 'Z34.90', counts: true },
  { name: 'another problem without clinical status is not time-limited', status: null, recorded: '2020-01-01', code: 'G25.81', counts: true },
] as const)('$name', ({ status, recorded, code, counts }) => {
  const knowledge = testKnowledge({ valueSets: { pregnancy: valueSet('pregnancy', [icd10('Z34.90')]) } });
  const record = patientRecord({
    conditions: [condition({ id: 'c', codes: [icd10(code)], clinicalStatus: status, ...(recorded ? { recordedDate: recorded } : {}) })],
  });
  const findings = toFindings(record, hookContext({ hook: 'patient-view' }), knowledge, NOW);
  expect(findings.problems.map((p) => p.source.id)).toEqual(counts ? ['c'] : []);
});
