import { toProblemFindings } from '../../src/findings/problems.js';
import { SYSTEMS } from '../../src/knowledge/code-key.js';
import { condition, icd10, snomed } from '../support/fhir-builders.js';

// dimensions: clinicalStatus (active/recurrence/relapse · inactive/remission/resolved · absent) ·
// verificationStatus (confirmed · refuted · entered-in-error · absent) · abatement when status is absent
const cases = [
  { name: 'active and confirmed → problem', options: { clinicalStatus: 'active' }, isProblem: true },
  { name: 'recurrence → problem', options: { clinicalStatus: 'recurrence' }, isProblem: true },
  { name: 'relapse → problem', options: { clinicalStatus: 'relapse' }, isProblem: true },
  { name: 'resolved → not a problem', options: { clinicalStatus: 'resolved' }, isProblem: false },
  { name: 'inactive → not a problem', options: { clinicalStatus: 'inactive' }, isProblem: false },
  { name: 'remission → not a problem', options: { clinicalStatus: 'remission' }, isProblem: false },
  { name: 'active but refuted → ignored', options: { verificationStatus: 'refuted' }, isProblem: false },
  { name: 'active but entered-in-error → ignored', options: { verificationStatus: 'entered-in-error' }, isProblem: false },
  { name: 'active and unconfirmed → problem', options: { verificationStatus: 'unconfirmed' }, isProblem: true },
  { name: 'no clinicalStatus, no abatement → problem', options: { clinicalStatus: null }, isProblem: true },
  { name: 'no clinicalStatus nor verificationStatus → problem', options: { clinicalStatus: null, verificationStatus: null }, isProblem: true },
  { name: 'no clinicalStatus but abated → not a problem', options: { clinicalStatus: null, abatementDateTime: '2023-01-01' }, isProblem: false },
  { name: 'no clinicalStatus and refuted → ignored', options: { clinicalStatus: null, verificationStatus: 'refuted' }, isProblem: false },
] as const;

test.each(cases)('$name', ({ options, isProblem }) => {
  expect(toProblemFindings([condition(options)])).toHaveLength(isProblem ? 1 : 0);
});

test('a clinicalStatus with only an unknown code counts as absent', () => {
  const unknownStatus = { ...condition({ id: 'c1' }), clinicalStatus: { coding: [{ code: 'whatever' }] } };
  const abated = { ...unknownStatus, abatementDateTime: '2022-05-01' };
  expect(toProblemFindings([unknownStatus]).map((p) => p.source.id)).toEqual(['c1']);
  expect(toProblemFindings([abated])).toEqual([]);
});

test('a problem carries all its codes, its label and its provenance', () => {
  const found = toProblemFindings([
    condition({
      id: 'c1',
      codes: [icd10('G25.81', 'Restless legs syndrome'), snomed('32914008', 'Restless Legs')],
      recordedDate: '2024-02-01',
      onsetDateTime: '2023-11-05',
    }),
  ]);
  expect(found).toEqual([
    {
      codes: [
        { system: SYSTEMS.icd10cm, code: 'G25.81', display: 'Restless legs syndrome' },
        { system: SYSTEMS.snomed, code: '32914008', display: 'Restless Legs' },
      ],
      label: 'Restless legs syndrome',
      clinicalStatus: 'active',
      verification: 'confirmed',
      source: { resourceType: 'Condition', id: 'c1', date: '2024-02-01' },
    },
  ]);
});

test.each([
  { name: 'code.text', options: { codes: [icd10('G47.62', 'Sleep related leg cramps')], text: 'Night cramps' }, label: 'Night cramps' },
  { name: 'the first display', options: { codes: [icd10('G47.62'), icd10('R25.2', 'Cramp and spasm')] }, label: 'Cramp and spasm' },
  { name: 'the first code', options: { codes: [icd10('G47.62'), icd10('R25.2')] }, label: 'G47.62' },
])('the label falls back to $name', ({ options, label }) => {
  expect(toProblemFindings([condition(options)])[0]?.label).toBe(label);
});

test('the provenance date falls back to onsetDateTime, and is left out when neither is known', () => {
  const [withOnset, withoutDates] = toProblemFindings([
    condition({ id: 'a', onsetDateTime: '2023-11-05' }),
    condition({ id: 'b' }),
  ]);
  expect(withOnset?.source).toEqual({ resourceType: 'Condition', id: 'a', date: '2023-11-05' });
  expect(withoutDates?.source).toEqual({ resourceType: 'Condition', id: 'b' });
});

test('a condition without any code or text gives no problem', () => {
  expect(toProblemFindings([condition({ codes: [] })])).toEqual([]);
});

test('a condition with text only is a problem without codes', () => {
  expect(toProblemFindings([condition({ id: 'c', codes: [], text: 'Leg cramps at night' })])).toEqual([
    { codes: [], label: 'Leg cramps at night', clinicalStatus: 'active', verification: 'confirmed', source: { resourceType: 'Condition', id: 'c' } },
  ]);
});

// dimensions: clinicalStatus present / absent · verificationStatus recognised / absent / unknown code
test.each([
  { name: 'both statuses are kept', options: { clinicalStatus: 'recurrence', verificationStatus: 'provisional' }, expected: { clinicalStatus: 'recurrence', verification: 'provisional' } },
  { name: 'no clinical status and no verification status: neither is claimed', options: { clinicalStatus: null, verificationStatus: null }, expected: {} },
  { name: 'an unconfirmed diagnosis says so', options: { verificationStatus: 'unconfirmed' }, expected: { clinicalStatus: 'active', verification: 'unconfirmed' } },
] as const)('the statuses a rule may need: $name', ({ options, expected }) => {
  const [found] = toProblemFindings([condition({ id: 'c', ...options })]);
  expect({ clinicalStatus: found?.clinicalStatus, verification: found?.verification }).toEqual({ clinicalStatus: undefined, verification: undefined, ...expected });
});
