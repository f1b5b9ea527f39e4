import { rlsAggravatingDrug } from '../../src/rules/rls-aggravating-drug.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import type { MedicationFinding } from '../../src/findings/finding-types.js';
import { draftMed, med, problem, ruleInput } from '../support/finding-builders.js';

// dimensions: RLS or PLMD on the chart? · drug class (each aggravator set, a non-aggravator) · hook · current vs selected vs non-selected draft
interface Case {
  readonly name: string;
  readonly problems: readonly string[];
  readonly meds: readonly MedicationFinding[];
  readonly hook?: HookName;
  readonly drugs: readonly string[];
  readonly removable?: readonly string[];
}

const aggravators = [
  ['tricyclic-antidepressants', 'Amitriptyline'],
  ['ssris', 'Sertraline'],
  ['snris', 'Venlafaxine'],
  ['mirtazapine', 'Mirtazapine'],
  ['lithium', 'Lithium'],
  ['dopamine-antagonists', 'Haloperidol'],
  ['sedating-antihistamines', 'Diphenhydramine'],
] as const;

const cases: readonly Case[] = [
  ...aggravators.map(([set, drug]): Case => ({ name: `RLS with current ${drug} (${set}) fires`, problems: ['rls'], meds: [med(set)], drugs: [drug] })),
  { name: 'PLMD with a current SSRI fires', problems: ['plmd'], meds: [med('ssris')], drugs: ['Sertraline'] },
  { name: 'two aggravators are both named', problems: ['rls'], meds: [med('ssris'), med('lithium')], drugs: ['Sertraline', 'Lithium'] },
  { name: 'an SSRI without RLS or PLMD is silent', problems: ['leg-cramps'], meds: [med('ssris')], drugs: [] },
  { name: 'RLS with a statin only is silent', problems: ['rls'], meds: [med('statins')], drugs: [] },
  {
    name: 'order-select: a selected SSRI order fires and is removable',
    problems: ['rls'],
    meds: [draftMed('ssris', 'rx-1')],
    hook: 'order-select',
    drugs: ['Sertraline'],
    removable: ['MedicationRequest/rx-1'],
  },
  ...(
    [
      ['lithium', 'Lithium'],
      ['ssris', 'Sertraline'],
      ['dopamine-antagonists', 'Haloperidol'],
    ] as const
  ).map(([set, drug]): Case => ({
    name: `order-select: a repeat ${drug} order beside the current one fires but offers no removal (would stop the drug abruptly)`,
    problems: ['rls'],
    meds: [med(set, { origin: 'request' }), draftMed(set, 'rep-1')],
    hook: 'order-select',
    drugs: [drug],
  })),
  {
    name: 'order-sign near miss: an SSRI order beside current lithium (another set) stays removable, the lithium renewal does not',
    problems: ['rls'],
    meds: [med('lithium', { origin: 'request' }), draftMed('ssris', 'new-1'), draftMed('lithium', 'rep-2')],
    hook: 'order-sign',
    drugs: ['Sertraline', 'Lithium'],
    removable: ['MedicationRequest/new-1'],
  },
  {
    name: 'order-select: a non-selected SSRI draft is silent',
    problems: ['rls'],
    meds: [draftMed('ssris', 'rx-1', { isSelected: false })],
    hook: 'order-select',
    drugs: [],
  },
  { name: 'order-select: a current SSRI without a draft is silent', problems: ['rls'], meds: [med('ssris')], hook: 'order-select', drugs: [] },
  {
    name: 'order-sign: every draft (marked selected) fires',
    problems: ['plmd'],
    meds: [draftMed('mirtazapine', 'a'), draftMed('dopamine-antagonists', 'b')],
    hook: 'order-sign',
    drugs: ['Mirtazapine', 'Haloperidol'],
    removable: ['MedicationRequest/a', 'MedicationRequest/b'],
  },
];

describe('rlsAggravatingDrug', () => {
  test.each(cases)('$name', ({ problems, meds, hook = 'patient-view', drugs, removable }) => {
    const assessments = rlsAggravatingDrug(ruleInput({ problems: problems.map((p) => problem(p)), medications: meds }, hook));
    expect(assessments.map((a) => a.topic)).toEqual(drugs.length > 0 ? ['rls-aggravating-drug'] : []);
    const named = assessments.flatMap((a) => a.evidence.flatMap((e) => (e.kind === 'medication' ? [e.finding.label] : [])));
    expect(named).toEqual(drugs);
    expect(assessments[0]?.removableOrders?.map((o) => o.ref)).toEqual(removable);
  });
});
