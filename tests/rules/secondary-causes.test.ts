import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { secondaryCauses } from '../../src/rules/secondary-causes.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import type { LabFinding } from '../../src/findings/finding-types.js';
import { lab, problem, ruleInput } from '../support/finding-builders.js';

// dimensions: cramps or RLS on the chart? · cause documented by a problem, by a lab (below / at / above its threshold) · hook
const d = '2026-04-01';
const cases: readonly { name: string; hook?: HookName; problems: readonly string[]; labs?: readonly LabFinding[]; causes: readonly string[] }[] = [
  { name: 'cramps with peripheral neuropathy list it', problems: ['leg-cramps', 'peripheral-neuropathy'], causes: ['peripheral-neuropathy'] },
  { name: 'RLS with radiculopathy lists it', problems: ['rls', 'radiculopathy'], causes: ['radiculopathy'] },
  { name: 'a hypothyroidism problem lists thyroid', problems: ['leg-cramps', 'hypothyroidism'], causes: ['thyroid'] },
  { name: 'TSH 6.1 lists thyroid', problems: ['leg-cramps'], labs: [lab('tsh', 6.1, 'm[IU]/L', d)], causes: ['thyroid'] },
  { name: 'TSH exactly 4.5, the upper limit of its reference interval, is in range', problems: ['leg-cramps'], labs: [lab('tsh', 4.5, 'm[IU]/L', d)], causes: [] },
  { name: 'TSH 4.51 lists thyroid', problems: ['leg-cramps'], labs: [lab('tsh', 4.51, 'm[IU]/L', d)], causes: ['thyroid'] },
  { name: 'TSH 0.3 lists thyroid', problems: ['leg-cramps'], labs: [lab('tsh', 0.3, 'm[IU]/L', d)], causes: ['thyroid'] },
  { name: 'TSH exactly 0.4 ("below" is <) is silent', problems: ['leg-cramps'], labs: [lab('tsh', 0.4, 'm[IU]/L', d)], causes: [] },
  { name: 'a censored TSH ">100" lists thyroid', problems: ['leg-cramps'], labs: [{ ...lab('tsh', 100, 'm[IU]/L', d), comparator: '>' }], causes: ['thyroid'] },
  { name: 'a censored TSH "<0.01" lists thyroid', problems: ['leg-cramps'], labs: [{ ...lab('tsh', 0.01, 'm[IU]/L', d), comparator: '<' }], causes: ['thyroid'] },
  { name: 'a censored HbA1c "<7" % is not known to be diabetic', problems: ['leg-cramps'], labs: [{ ...lab('hba1c', 7, '%', d), comparator: '<' }], causes: [] },
  { name: 'TSH 2.0 is silent', problems: ['leg-cramps'], labs: [lab('tsh', 2, 'm[IU]/L', d)], causes: [] },
  { name: 'HbA1c 6.5 % lists diabetes', problems: ['rls'], labs: [lab('hba1c', 6.5, '%', d)], causes: ['diabetes'] },
  { name: 'HbA1c 6.4 % is silent', problems: ['rls'], labs: [lab('hba1c', 6.4, '%', d)], causes: [] },
  { name: 'fasting glucose 126 mg/dL lists diabetes', problems: ['leg-cramps'], labs: [lab('fasting-glucose', 126, 'mg/dL', d)], causes: ['diabetes'] },
  { name: 'fasting glucose 125 mg/dL is silent', problems: ['leg-cramps'], labs: [lab('fasting-glucose', 125, 'mg/dL', d)], causes: [] },
  { name: 'random glucose 199 mg/dL is silent', problems: ['leg-cramps'], labs: [lab('glucose', 199, 'mg/dL', d)], causes: [] },
  { name: 'eGFR 59 lists kidney disease', problems: ['leg-cramps'], labs: [lab('egfr', 59, 'mL/min/{1.73_m2}', d)], causes: ['kidney'] },
  { name: 'eGFR exactly 60 is silent', problems: ['leg-cramps'], labs: [lab('egfr', 60, 'mL/min/{1.73_m2}', d)], causes: [] },
  { name: 'a lab in a unit other than the threshold unit is not compared', problems: ['leg-cramps'], labs: [lab('egfr', 30, 'mL/min', d)], causes: [] },
  {
    name: 'several causes are each listed, problem and lab evidence together',
    problems: ['leg-cramps', 'diabetes', 'peripheral-neuropathy'],
    labs: [lab('hba1c', 8.1, '%', d)],
    causes: ['peripheral-neuropathy', 'diabetes', 'diabetes'],
  },
  { name: 'a cause without cramps or RLS is silent', problems: ['diabetes'], causes: [] },
];

describe('secondaryCauses', () => {
  test.each(cases)('$name', ({ hook = 'patient-view', problems, labs = [], causes }) => {
    const assessments = secondaryCauses(ruleInput({ problems: problems.map((p) => problem(p)), labs }, hook));
    expect(assessments.map((a) => a.topic)).toEqual(causes.length > 0 ? ['secondary-causes'] : []);
    expect(assessments.flatMap((a) => a.evidence.flatMap((e) => ('cause' in e && e.cause !== undefined ? [e.cause] : [])))).toEqual(causes);
    expect(assessments.flatMap((a) => (a.causes ?? []).map((f) => f.cause))).toEqual([...new Set(causes)]);
  });
});

// Pregnancy is a cause of leg cramps and, in other words, an RLS trigger (knowledge secondaryCauses appliesTo).
test.each([
  { name: 'cramps and pregnancy → the cramp cause', problems: ['leg-cramps', 'pregnancy'], causes: ['pregnancy'] },
  { name: 'RLS and pregnancy → the RLS trigger', problems: ['rls', 'pregnancy'], causes: ['pregnancy-rls'] },
  { name: 'cramps, RLS and pregnancy → both', problems: ['leg-cramps', 'rls', 'pregnancy'], causes: ['pregnancy', 'pregnancy-rls'] },
])('pregnancy: $name', ({ problems, causes }) => {
  const knowledge = loadKnowledge();
  const pregnancy = { ...problem('pregnancy'), codes: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'Z3A.24' }] };
  const found = problems.map((id) => (id === 'pregnancy' ? pregnancy : problem(id)));
  const [assessment] = secondaryCauses(ruleInput({ problems: found }, 'patient-view', knowledge));
  expect(assessment?.causes?.map((f) => f.cause)).toEqual(causes);
  expect([...new Set(assessment?.evidence.flatMap((e) => ('cause' in e && e.cause !== undefined ? [e.cause] : [])))]).toEqual(causes);
});

// Known end-stage renal disease (clinical review of 2.4.0): the kidney cause is listed with the knownDisease step,
// never "check renal function"; CKD stage 3 and an eGFR alone keep their steps (near misses).
test.each([
  { name: 'cramps with ESRD N18.6 → the known-disease step', codes: [['http://hl7.org/fhir/sid/icd-10-cm', 'N18.6']], labs: [], step: 'knownDisease' },
  { name: 'cramps with ESRD and eGFR 8 → still the known-disease step', codes: [['http://hl7.org/fhir/sid/icd-10-cm', 'N18.6']], labs: [lab('egfr', 8, 'mL/min/{1.73_m2}', d)], step: 'knownDisease' },
  { name: 'near miss: CKD stage 3 (N18.30) → the examination', codes: [['http://hl7.org/fhir/sid/icd-10-cm', 'N18.30']], labs: [], step: 'examination' },
  { name: 'near miss: eGFR 40 alone → the next step (renal function trend)', codes: [], labs: [lab('egfr', 40, 'mL/min/{1.73_m2}', d)], step: 'labExamination' },
])('kidney: $name', ({ codes, labs, step }) => {
  const knowledge = loadKnowledge();
  const kidney = codes.map(([system = '', code = '']) => ({ ...problem('chronic-kidney-disease'), codes: [{ system, code }] }));
  const cramps = { ...problem('leg-cramps'), codes: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'G47.62' }] };
  const [assessment] = secondaryCauses(ruleInput({ problems: [cramps, ...kidney], labs }, 'patient-view', knowledge));
  expect(assessment?.causes).toEqual([{ cause: 'kidney', step }]);
});
