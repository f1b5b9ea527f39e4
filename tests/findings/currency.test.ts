import type { Condition, MedicationStatement } from 'fhir/r4.js';
import { toMedicationFindings } from '../../src/findings/medications.js';
import { conditionsById, reasonCodesOf } from '../../src/findings/order-reasons.js';
import { toDraftMedicationFindings, toOrderFindings } from '../../src/findings/orders.js';
import { toProblemFindings } from '../../src/findings/problems.js';
import { SYSTEMS } from '../../src/knowledge/code-key.js';
import { coding, concept, condition, icd10, medicationRequest, medicationStatement, serviceRequest, snomed } from '../support/fhir-builders.js';
import { hookContext, patientRecord } from '../support/fhir-builders-record.js';

// What EHRs send that is not what it seems (issue 9, "Orders and medications as EHRs send them").
// dimensions: doNotPerform (request · draft · service request) · "active" statement dated before/inside the
// look-back (effectivePeriod.end · effectiveDateTime · open period) · STU3 status URIs and bare codes ·
// encounter diagnosis without clinicalStatus old/recent/undated · reasonReference to a Condition (record · contained)

const NOW = new Date('2026-06-01T12:00:00Z');
const medicationOptions = { now: NOW, medicationLookbackMonths: 12 };
const problemOptions = { now: NOW, encounterDiagnosisActiveMonths: 12 };

describe('doNotPerform orders nothing', () => {
  test('an active MedicationRequest with doNotPerform true is not a current medication; without it, it is', () => {
    const not = { ...medicationRequest({ id: 'no' }), doNotPerform: true };
    const yes = { ...medicationRequest({ id: 'yes' }), doNotPerform: false };
    expect(toMedicationFindings(patientRecord({ medicationRequests: [not, yes] })).map((m) => m.source.id)).toEqual(['yes']);
  });

  test('a draft medication order with doNotPerform true gives no finding at order-sign', () => {
    const drafts = [{ ...medicationRequest({ id: 'd-no', status: 'draft' }), doNotPerform: true }, medicationRequest({ id: 'd-yes', status: 'draft' })];
    const found = toDraftMedicationFindings(hookContext({ hook: 'order-sign', draftOrders: drafts }), new Map());
    expect(found.map((m) => m.orderRef)).toEqual(['MedicationRequest/d-yes']);
  });

  test('a draft sleep study with doNotPerform true gives no order finding', () => {
    const drafts = [{ ...serviceRequest({ id: 'psg-no' }), doNotPerform: true }, serviceRequest({ id: 'psg-yes' })];
    expect(toOrderFindings(hookContext({ hook: 'order-sign', draftOrders: drafts })).map((o) => o.orderRef)).toEqual(['ServiceRequest/psg-yes']);
  });
});

describe('an "active" statement dated before the medication look-back is not current', () => {
  const withPeriod = (period: MedicationStatement['effectivePeriod']): MedicationStatement => ({ ...medicationStatement(), effectivePeriod: period });
  const cases: readonly { name: string; statement: MedicationStatement; isCurrent: boolean }[] = [
    { name: 'effectivePeriod.end 13 months ago → stale', statement: withPeriod({ start: '2020-01-01', end: '2025-05-01' }), isCurrent: false },
    { name: 'effectivePeriod.end 11 months ago → current (inside the look-back)', statement: withPeriod({ start: '2020-01-01', end: '2025-07-01' }), isCurrent: true },
    { name: 'effectivePeriod.end exactly at the look-back start → current', statement: withPeriod({ end: '2025-06-01T12:00:00Z' }), isCurrent: true },
    { name: 'open period started years ago → current', statement: withPeriod({ start: '2019-01-01' }), isCurrent: true },
    { name: 'effectiveDateTime 2 years ago → stale', statement: medicationStatement({ effectiveDateTime: '2024-05-01' }), isCurrent: false },
    { name: 'effectiveDateTime last month → current', statement: medicationStatement({ effectiveDateTime: '2026-05-01' }), isCurrent: true },
    { name: 'no date at all → current (nothing says otherwise)', statement: medicationStatement(), isCurrent: true },
  ];
  test.each(cases)('$name', ({ statement, isCurrent }) => {
    expect(toMedicationFindings(patientRecord({ medicationStatements: [statement] }), medicationOptions)).toHaveLength(isCurrent ? 1 : 0);
  });

  test('the look-back is the knowledge setting: 36 months keeps a statement dated 2 years ago', () => {
    const record = patientRecord({ medicationStatements: [medicationStatement({ effectiveDateTime: '2024-05-01' })] });
    expect(toMedicationFindings(record, { now: NOW, medicationLookbackMonths: 36 })).toHaveLength(1);
  });
});

describe('STU3 status URIs and bare STU3 codes read as R4', () => {
  const stu3 = (clinical: string | undefined, verification: string | undefined): Condition => ({
    ...condition({ clinicalStatus: null, verificationStatus: null }),
    ...(clinical === undefined ? {} : { clinicalStatus: concept([coding('http://hl7.org/fhir/condition-clinical', clinical)]) }),
    ...(verification === undefined ? {} : { verificationStatus: concept([coding('http://hl7.org/fhir/condition-ver-status', verification)]) }),
  });
  const cases = [
    { name: 'STU3 URI resolved → not a problem', resource: stu3('resolved', 'confirmed'), isProblem: false },
    { name: 'STU3 URI inactive, undated → not a problem (without the alias it would count as absent, so active)', resource: stu3('inactive', undefined), isProblem: false },
    { name: 'STU3 URI active → problem', resource: stu3('active', 'confirmed'), isProblem: true },
    { name: 'STU3 URI verification refuted → ignored', resource: stu3('active', 'refuted'), isProblem: false },
    { name: 'STU3 URI verification entered-in-error → ignored', resource: stu3(undefined, 'entered-in-error'), isProblem: false },
    { name: 'an unknown system is still not read', resource: { ...condition({ clinicalStatus: null }), clinicalStatus: concept([coding('http://example.org/status', 'resolved')]) }, isProblem: true },
  ];
  test.each(cases)('$name', ({ resource, isProblem }) => {
    expect(toProblemFindings([resource], problemOptions)).toHaveLength(isProblem ? 1 : 0);
  });

  test('STU3 bare string codes (clinicalStatus "resolved", verificationStatus "refuted") are read', () => {
    const base = condition({ clinicalStatus: null, verificationStatus: null });
    const resolved = { ...base, clinicalStatus: 'resolved' } as unknown as Condition;
    const refuted = { ...base, verificationStatus: 'refuted' } as unknown as Condition;
    const active = { ...base, id: 'stu3-active', clinicalStatus: 'active' } as unknown as Condition;
    expect(toProblemFindings([resolved, refuted, active], problemOptions).map((p) => p.source.id)).toEqual(['stu3-active']);
  });
});

describe('an encounter diagnosis without clinicalStatus is active only for the configured months', () => {
  const encounterDiagnosis = (dates: { recordedDate?: string; onsetDateTime?: string }, system = 'http://terminology.hl7.org/CodeSystem/condition-category'): Condition => ({
    ...condition({ clinicalStatus: null, ...dates }),
    category: [concept([coding(system, 'encounter-diagnosis')])],
  });
  const cases = [
    { name: 'recorded 2 years ago → not active', resource: encounterDiagnosis({ recordedDate: '2024-05-01' }), isProblem: false },
    { name: 'recorded 2 months ago → active', resource: encounterDiagnosis({ recordedDate: '2026-04-01' }), isProblem: true },
    { name: 'only an onset 2 years ago → not active', resource: encounterDiagnosis({ onsetDateTime: '2024-05-01' }), isProblem: false },
    { name: 'undated → not active', resource: encounterDiagnosis({}), isProblem: false },
    { name: 'STU3 category URI, recorded 2 years ago → not active', resource: encounterDiagnosis({ recordedDate: '2024-05-01' }, 'http://hl7.org/fhir/condition-category'), isProblem: false },
    { name: 'a problem-list item recorded 2 years ago without clinicalStatus → still active', resource: { ...condition({ clinicalStatus: null, recordedDate: '2024-05-01' }), category: [concept([coding('http://terminology.hl7.org/CodeSystem/condition-category', 'problem-list-item')])] }, isProblem: true },
    { name: 'an old encounter diagnosis that says active → active', resource: { ...encounterDiagnosis({ recordedDate: '2020-05-01' }), clinicalStatus: concept([coding('http://terminology.hl7.org/CodeSystem/condition-clinical', 'active')]) }, isProblem: true },
  ];
  test.each(cases)('$name', ({ resource, isProblem }) => {
    expect(toProblemFindings([resource], problemOptions)).toHaveLength(isProblem ? 1 : 0);
  });

  test('the period is the knowledge setting: 36 months keeps one recorded 2 years ago', () => {
    expect(toProblemFindings([encounterDiagnosis({ recordedDate: '2024-05-01' })], { now: NOW, encounterDiagnosisActiveMonths: 36 })).toHaveLength(1);
  });
});

describe("an order's own indication: reasonCode and reasonReference", () => {
  const parkinson = condition({ id: 'pd', codes: [icd10('G20', "Parkinson's disease")] });
  const conditions = conditionsById([parkinson]);

  test('reasonReference to a record Condition gives its codes; reasonCode codes come first', () => {
    const draft = {
      ...medicationRequest({ id: 'levo', status: 'draft' }),
      reasonCode: [concept([snomed('32914008', 'Restless Legs')])],
      reasonReference: [{ reference: 'Condition/pd' }],
    };
    expect(reasonCodesOf(draft, conditions)).toEqual([
      { system: SYSTEMS.snomed, code: '32914008', display: 'Restless Legs' },
      { system: SYSTEMS.icd10cm, code: 'G20', display: "Parkinson's disease" },
    ]);
  });

  test('a contained Condition (#id) resolves; an unknown, absolute-URL-less or non-Condition reference gives nothing', () => {
    const contained = condition({ id: 'malaria', codes: [icd10('B54', 'Unspecified malaria')] });
    const draft = {
      ...medicationRequest({ id: 'q' }),
      contained: [contained],
      reasonReference: [{ reference: '#malaria' }, { reference: 'Condition/unknown' }, { reference: 'Observation/pd' }, { display: 'no reference' }],
    };
    expect(reasonCodesOf(draft, conditions).map((c) => c.code)).toEqual(['B54']);
  });

  test('current prescriptions and draft orders carry their reasons as findings; none when the order gives none', () => {
    const request = { ...medicationRequest({ id: 'r' }), reasonReference: [{ reference: 'https://ehr.example/fhir/Condition/pd' }] };
    const [finding] = toMedicationFindings(patientRecord({ medicationRequests: [request] }), medicationOptions, conditions);
    expect(finding?.reasonCodes?.map((c) => c.code)).toEqual(['G20']);
    const [bare] = toDraftMedicationFindings(hookContext({ hook: 'order-sign', draftOrders: [medicationRequest({ id: 'b', status: 'draft' })] }), new Map(), conditions);
    expect(bare?.reasonCodes).toBeUndefined();
  });

  test('a sleep-study draft with reasonReference to a sleep-apnea Condition carries its code', () => {
    const apnea = condition({ id: 'osa', codes: [icd10('G47.33', 'Obstructive sleep apnea (adult) (pediatric)')] });
    const psg = { ...serviceRequest({ id: 'psg' }), reasonReference: [{ reference: 'Condition/osa' }] };
    const [found] = toOrderFindings(hookContext({ hook: 'order-sign', draftOrders: [psg] }), conditionsById([apnea]));
    expect(found?.reasonCodes.map((c) => c.code)).toEqual(['G47.33']);
  });
});
