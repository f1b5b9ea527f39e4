import { crampVsRls } from '../../src/rules/cramp-vs-rls.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import type { LabFinding, MedicationFinding } from '../../src/findings/finding-types.js';
import { lab, med, problem, ruleInput } from '../support/finding-builders.js';

// dimensions: cramp codes? · RLS/PLMD codes? · RLS features (dopaminergic or gabapentinoid therapy, ferritin < 50 ng/mL) · hook
interface Case {
  readonly name: string;
  readonly problems: readonly string[];
  readonly meds?: readonly MedicationFinding[];
  readonly labs?: readonly LabFinding[];
  readonly hook?: HookName;
  readonly leaning: string | undefined;
}

const cases: readonly Case[] = [
  { name: 'leg cramps alone lean to cramps', problems: ['leg-cramps'], leaning: 'cramp-likely' },
  { name: 'RLS alone leans to RLS', problems: ['rls'], leaning: 'rls-likely' },
  { name: 'PLMD alone leans to RLS', problems: ['plmd'], leaning: 'rls-likely' },
  { name: 'RLS with RLS therapy still leans to RLS', problems: ['rls'], meds: [med('dopaminergic-agents')], leaning: 'rls-likely' },
  { name: 'cramps and RLS codes together are mixed', problems: ['leg-cramps', 'rls'], leaning: 'mixed' },
  { name: 'cramps with a dopaminergic agent are mixed', problems: ['leg-cramps'], meds: [med('dopaminergic-agents')], leaning: 'mixed' },
  { name: 'cramps with a gabapentinoid are mixed', problems: ['leg-cramps'], meds: [med('gabapentinoids')], leaning: 'mixed' },
  { name: 'a gabapentinoid explained by neuropathy is no RLS feature', problems: ['leg-cramps', 'peripheral-neuropathy'], meds: [med('gabapentinoids')], leaning: 'cramp-likely' },
  { name: 'a gabapentinoid explained by radiculopathy is no RLS feature', problems: ['leg-cramps', 'radiculopathy'], meds: [med('gabapentinoids')], leaning: 'cramp-likely' },
  { name: 'a dopaminergic agent explained by Parkinson disease is no RLS feature', problems: ['leg-cramps', 'parkinson-disease'], meds: [med('dopaminergic-agents')], leaning: 'cramp-likely' },
  { name: 'neuropathy does not explain a dopaminergic agent', problems: ['leg-cramps', 'peripheral-neuropathy'], meds: [med('dopaminergic-agents')], leaning: 'mixed' },
  { name: 'cramps with ferritin below 50 ng/mL are mixed', problems: ['leg-cramps'], labs: [lab('ferritin', 30, 'ng/mL', '2026-05-01')], leaning: 'mixed' },
  { name: 'cramps with ferritin at 50 ng/mL lean to cramps', problems: ['leg-cramps'], labs: [lab('ferritin', 50, 'ng/mL', '2026-05-01')], leaning: 'cramp-likely' },
  { name: 'cramps with an unrelated drug lean to cramps', problems: ['leg-cramps'], meds: [med('statins')], leaning: 'cramp-likely' },
  { name: 'a chart without cramps, RLS or PLMD is silent', problems: ['diabetes'], leaning: undefined },
];

describe('crampVsRls', () => {
  test.each(cases)('$name', ({ problems, meds = [], labs = [], hook = 'patient-view', leaning }) => {
    const assessments = crampVsRls(ruleInput({ problems: problems.map((p) => problem(p)), medications: meds, labs }, hook));
    expect(assessments.map((a) => a.variant)).toEqual(leaning ? [leaning] : []);
    if (leaning) expect(assessments[0]?.extension).toEqual({ 'org.example.leg-cramps-cds.leaning': leaning });
  });

  test('the evidence names the cramp problem, the RLS therapy and the low ferritin', () => {
    const ferritin = lab('ferritin', 30, 'ng/mL', '2026-05-01');
    const [assessment] = crampVsRls(
      ruleInput({ problems: [problem('leg-cramps')], medications: [med('gabapentinoids')], labs: [ferritin] }),
    );
    expect(assessment?.evidence.map((e) => [e.kind, e.group])).toEqual([
      ['problem', 'leg-cramps'],
      ['medication', 'gabapentinoids'],
      ['lab', 'ferritin-low'],
    ]);
  });
});
