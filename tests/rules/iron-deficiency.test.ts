import { ironDeficiency } from '../../src/rules/iron-deficiency.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import type { LabFinding } from '../../src/findings/finding-types.js';
import { lab, problem, ruleInput } from '../support/finding-builders.js';

// dimensions: RLS / PLMD / cramps on the chart? · ferritin below, at, above 50 ng/mL, absent · reported unit · hook
const cases: readonly { name: string; hook?: HookName; problems: readonly string[]; labs: readonly LabFinding[]; value?: number }[] = [
  { name: 'RLS with ferritin 30 ng/mL fires', problems: ['rls'], labs: [lab('ferritin', 30, 'ng/mL', '2026-05-01')], value: 30 },
  { name: 'PLMD with ferritin 12 ng/mL fires', problems: ['plmd'], labs: [lab('ferritin', 12, 'ng/mL', '2026-05-01')], value: 12 },
  { name: 'cramps with ferritin 49.9 ng/mL fires', problems: ['leg-cramps'], labs: [lab('ferritin', 49.9, 'ng/mL', '2026-05-01')], value: 49.9 },
  {
    name: 'a ferritin reported in pmol/L is judged on its ng/mL value',
    problems: ['rls'],
    labs: [lab('ferritin', 22, 'ng/mL', '2026-05-01', { value: 49.4, unit: 'pmol/L' })],
    value: 22,
  },
  { name: 'a censored ferritin "<10" ng/mL is low', problems: ['rls'], labs: [{ ...lab('ferritin', 10, 'ng/mL', '2026-05-01'), comparator: '<' }], value: 10 },
  { name: 'a censored ferritin "<50" ng/mL is low (the true value is below 50)', problems: ['rls'], labs: [{ ...lab('ferritin', 50, 'ng/mL', '2026-05-01'), comparator: '<' }], value: 50 },
  { name: 'a censored ferritin ">40" ng/mL is not known to be low', problems: ['rls'], labs: [{ ...lab('ferritin', 40, 'ng/mL', '2026-05-01'), comparator: '>' }] },
  { name: 'ferritin exactly 50 ng/mL is not low', problems: ['rls'], labs: [lab('ferritin', 50, 'ng/mL', '2026-05-01')] },
  { name: 'normal ferritin is silent', problems: ['rls'], labs: [lab('ferritin', 120, 'ng/mL', '2026-05-01')] },
  { name: 'low ferritin without cramps, RLS or PLMD is silent', problems: ['diabetes'], labs: [lab('ferritin', 30, 'ng/mL', '2026-05-01')] },
  { name: 'no ferritin in the look-back is silent', problems: ['rls'], labs: [] },
  { name: 'order hooks are silent (chart-only topic)', hook: 'order-sign', problems: ['rls'], labs: [lab('ferritin', 30, 'ng/mL', '2026-05-01')] },
];

describe('ironDeficiency', () => {
  test.each(cases)('$name', ({ hook = 'patient-view', problems, labs, value }) => {
    const assessments = ironDeficiency(ruleInput({ problems: problems.map((p) => problem(p)), labs }, hook));
    expect(assessments.map((a) => a.topic)).toEqual(value === undefined ? [] : ['iron-deficiency']);
    const values = assessments.flatMap((a) => a.evidence.flatMap((e) => (e.kind === 'lab' ? [[e.finding.value, e.group]] : [])));
    expect(values).toEqual(value === undefined ? [] : [[value, 'ferritin-low']]);
  });
});
