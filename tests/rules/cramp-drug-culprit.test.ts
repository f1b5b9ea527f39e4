import { crampDrugCulprit } from '../../src/rules/cramp-drug-culprit.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import type { MedicationFinding } from '../../src/findings/finding-types.js';
import { draftMed, med, problem, ruleInput } from '../support/finding-builders.js';

// dimensions: cramps on the chart? · drug in diuretics/statins? · hook and selection
const cases: readonly {
  name: string;
  problems: readonly string[];
  meds: readonly MedicationFinding[];
  hook?: HookName;
  named: readonly (readonly [string, string])[];
}[] = [
  { name: 'a thiazide with leg cramps is a culprit', problems: ['leg-cramps'], meds: [med('diuretics')], named: [['Hydrochlorothiazide', 'diuretics']] },
  { name: 'a statin with leg cramps is a culprit', problems: ['leg-cramps'], meds: [med('statins')], named: [['Atorvastatin', 'statins']] },
  {
    name: 'a diuretic and a statin are both named with their class',
    problems: ['leg-cramps'],
    meds: [med('diuretics'), med('statins')],
    named: [['Hydrochlorothiazide', 'diuretics'], ['Atorvastatin', 'statins']],
  },
  { name: 'a statin without cramps is silent', problems: ['rls'], meds: [med('statins')], named: [] },
  { name: 'an SSRI with cramps is not a cramp culprit', problems: ['leg-cramps'], meds: [med('ssris')], named: [] },
  { name: 'order-sign: a draft diuretic fires', problems: ['leg-cramps'], meds: [draftMed('diuretics', 'd1')], hook: 'order-sign', named: [['Hydrochlorothiazide', 'diuretics']] },
  {
    name: 'order-select: a non-selected draft statin is silent',
    problems: ['leg-cramps'],
    meds: [draftMed('statins', 's1', { isSelected: false })],
    hook: 'order-select',
    named: [],
  },
];

describe('crampDrugCulprit', () => {
  test.each(cases)('$name', ({ problems, meds, hook = 'patient-view', named }) => {
    const assessments = crampDrugCulprit(ruleInput({ problems: problems.map((p) => problem(p)), medications: meds }, hook));
    expect(assessments.map((a) => a.topic)).toEqual(named.length > 0 ? ['cramp-drug-culprit'] : []);
    const drugs = assessments.flatMap((a) => a.evidence.flatMap((e) => (e.kind === 'medication' ? [[e.finding.label, e.valueSet]] : [])));
    expect(drugs).toEqual(named);
  });

  test('suggests review only: a selected draft is never offered for removal', () => {
    const [assessment] = crampDrugCulprit(ruleInput({ problems: [problem('leg-cramps')], medications: [draftMed('statins', 's1')] }, 'order-select'));
    expect(assessment?.removableOrders).toBeUndefined();
  });
});
