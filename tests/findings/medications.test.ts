import type { MedicationStatement } from 'fhir/r4.js';
import { toMedicationFindings } from '../../src/findings/medications.js';
import { SYSTEMS } from '../../src/knowledge/code-key.js';
import { concept, medication, medicationRequest, medicationStatement, rxnorm } from '../support/fhir-builders.js';
import { patientRecord } from '../support/fhir-builders-record.js';

// dimensions: MedicationStatement status · MedicationRequest status · medication[x] (codeable concept ·
// contained #id · gathered Medication/<id> · absolute URL · unresolved with/without display) · combination product

describe('which statuses are current medications', () => {
  const statements: { status: MedicationStatement['status']; isCurrent: boolean }[] = [
    { status: 'active', isCurrent: true },
    { status: 'intended', isCurrent: true },
    { status: 'completed', isCurrent: false },
    { status: 'stopped', isCurrent: false },
    { status: 'on-hold', isCurrent: false },
    { status: 'not-taken', isCurrent: false },
    { status: 'entered-in-error', isCurrent: false },
    { status: 'unknown', isCurrent: false },
  ];
  test.each(statements)('a MedicationStatement $status → current: $isCurrent', ({ status, isCurrent }) => {
    const record = patientRecord({ medicationStatements: [medicationStatement({ status })] });
    expect(toMedicationFindings(record)).toHaveLength(isCurrent ? 1 : 0);
  });

  const requests = [
    { status: 'active', isCurrent: true },
    { status: 'draft', isCurrent: false },
    { status: 'on-hold', isCurrent: false },
    { status: 'stopped', isCurrent: false },
    { status: 'completed', isCurrent: false },
    { status: 'cancelled', isCurrent: false },
    { status: 'entered-in-error', isCurrent: false },
    { status: 'unknown', isCurrent: false },
  ] as const;
  test.each(requests)('a MedicationRequest $status → current: $isCurrent', ({ status, isCurrent }) => {
    const record = patientRecord({ medicationRequests: [medicationRequest({ status })] });
    expect(toMedicationFindings(record)).toHaveLength(isCurrent ? 1 : 0);
  });

  test('a MedicationRequest of any intent counts when active', () => {
    const record = patientRecord({ medicationRequests: [medicationRequest({ intent: 'plan' })] });
    expect(toMedicationFindings(record)).toHaveLength(1);
  });
});

test('a statement from a codeable concept: codes, lower-cased names, label and provenance', () => {
  const record = patientRecord({
    medicationStatements: [
      medicationStatement({
        id: 'ms1',
        codes: [rxnorm('9071', 'Quinine'), rxnorm('9075', 'Quinine Sulfate')],
        text: 'Qualaquin 324 MG',
        effectiveDateTime: '2024-06-01',
      }),
    ],
  });
  expect(toMedicationFindings(record)).toEqual([
    {
      codes: [
        { system: SYSTEMS.rxnorm, code: '9071', display: 'Quinine' },
        { system: SYSTEMS.rxnorm, code: '9075', display: 'Quinine Sulfate' },
      ],
      names: ['qualaquin 324 mg', 'quinine', 'quinine sulfate'],
      label: 'Qualaquin 324 MG',
      origin: 'statement',
      isSelected: false,
      source: { resourceType: 'MedicationStatement', id: 'ms1', date: '2024-06-01' },
    },
  ]);
});

test('a request is origin "request", dated by authoredOn', () => {
  const record = patientRecord({ medicationRequests: [medicationRequest({ id: 'mr1', authoredOn: '2024-07-02' })] });
  const [found] = toMedicationFindings(record);
  expect(found?.origin).toBe('request');
  expect(found?.source).toEqual({ resourceType: 'MedicationRequest', id: 'mr1', date: '2024-07-02' });
});

describe('medicationReference', () => {
  const ropinirole = medication({ id: 'med-1', codes: [rxnorm('72302', 'ropinirole')], text: 'Ropinirole 0.25 MG' });

  test('resolves a contained #id Medication', () => {
    const record = patientRecord({
      medicationRequests: [medicationRequest({ medicationReference: { reference: '#med-1' }, contained: [ropinirole] })],
    });
    const [found] = toMedicationFindings(record);
    expect(found?.codes).toEqual([{ system: SYSTEMS.rxnorm, code: '72302', display: 'ropinirole' }]);
    expect(found?.label).toBe('Ropinirole 0.25 MG');
  });

  test.each(['Medication/med-1', 'https://ehr.example.org/fhir/Medication/med-1', 'Medication/med-1/_history/2'])(
    'resolves %s among the gathered Medications',
    (reference) => {
      const record = patientRecord({
        medicationStatements: [medicationStatement({ medicationReference: { reference } })],
        medications: [ropinirole],
      });
      expect(toMedicationFindings(record)[0]?.codes).toEqual([{ system: SYSTEMS.rxnorm, code: '72302', display: 'ropinirole' }]);
    },
  );

  test('a contained reference does not resolve to a gathered Medication of the same id', () => {
    const record = patientRecord({
      medicationStatements: [medicationStatement({ medicationReference: { reference: '#med-1', display: 'Ropinirole' } })],
      medications: [ropinirole],
    });
    expect(toMedicationFindings(record)[0]?.codes).toEqual([]);
  });

  test('an unresolved reference falls back to its display as name and label, without codes', () => {
    const record = patientRecord({
      medicationStatements: [medicationStatement({ medicationReference: { reference: 'Medication/gone', display: 'Ropinirole 1 MG' } })],
    });
    expect(toMedicationFindings(record)).toEqual([
      expect.objectContaining({ codes: [], names: ['ropinirole 1 mg'], label: 'Ropinirole 1 MG' }),
    ]);
  });

  test('an unresolved reference without display gives no finding', () => {
    const record = patientRecord({
      medicationStatements: [medicationStatement({ medicationReference: { reference: 'Medication/gone' } })],
    });
    expect(toMedicationFindings(record)).toEqual([]);
  });

  test('the resolved Medication names come with the reference display', () => {
    const record = patientRecord({
      medicationStatements: [medicationStatement({ medicationReference: { reference: 'Medication/med-1', display: 'Requip' } })],
      medications: [ropinirole],
    });
    expect(toMedicationFindings(record)[0]?.names).toEqual(['ropinirole 0.25 mg', 'ropinirole', 'requip']);
  });
});

describe('combination products', () => {
  const carbidopaLevodopa = medication({
    id: 'sinemet',
    codes: [rxnorm('103990', 'carbidopa / levodopa')],
    ingredients: [concept([rxnorm('2019', 'carbidopa')]), concept([rxnorm('6375', 'levodopa')])],
  });

  test('count for each ingredient: the product code and every ingredient code', () => {
    const record = patientRecord({
      medicationRequests: [medicationRequest({ medicationReference: { reference: 'Medication/sinemet' } })],
      medications: [carbidopaLevodopa],
    });
    const [found] = toMedicationFindings(record);
    expect(found?.codes.map((c) => c.code)).toEqual(['103990', '2019', '6375']);
    expect(found?.names).toEqual(['carbidopa / levodopa', 'carbidopa', 'levodopa']);
    expect(found?.label).toBe('carbidopa / levodopa');
  });

  test('without a product code, the label joins the ingredients', () => {
    const ingredientsOnly = medication({
      id: 'm2',
      ingredients: [concept([rxnorm('10763', 'triamterene')]), concept([rxnorm('5487', 'hydrochlorothiazide')])],
    });
    const record = patientRecord({
      medicationStatements: [medicationStatement({ medicationReference: { reference: '#m2' }, contained: [ingredientsOnly] })],
    });
    const [found] = toMedicationFindings(record);
    expect(found?.label).toBe('triamterene / hydrochlorothiazide');
    expect(found?.codes.map((c) => c.code)).toEqual(['10763', '5487']);
  });
});

test('a statement whose medication says nothing gives no finding', () => {
  const record = patientRecord({ medicationStatements: [medicationStatement({ codes: [] })] });
  expect(toMedicationFindings(record)).toEqual([]);
});

test('statements come before requests, each in record order', () => {
  const record = patientRecord({
    medicationRequests: [medicationRequest({ id: 'r1' }), medicationRequest({ id: 'r2' })],
    medicationStatements: [medicationStatement({ id: 's1' })],
  });
  expect(toMedicationFindings(record).map((m) => m.source.id)).toEqual(['s1', 'r1', 'r2']);
});
