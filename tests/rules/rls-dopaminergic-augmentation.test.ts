import { rlsDopaminergicAugmentation } from '../../src/rules/rls-dopaminergic-augmentation.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import type { LabFinding, MedicationFinding } from '../../src/findings/finding-types.js';
import { draftMed, lab, med, problem, ruleInput } from '../support/finding-builders.js';

// dimensions: RLS / PLMD / cramps / Parkinson disease on the chart · age (adult, child, unknown) · the drug current,
// selected draft, unselected draft, or another class · already on a dopaminergic drug when a draft is selected
// (renewal: no removal, so it is never stopped abruptly) · iron results meeting the RLS criterion · hook.
const d = '2026-05-01';

interface Case {
  readonly name: string;
  readonly problems: readonly string[];
  readonly meds: readonly MedicationFinding[];
  readonly hook?: HookName;
  readonly birthDate?: string;
  readonly labs?: readonly LabFinding[];
  /** The variant and the drug labels of the card; absent: silent. */
  readonly fires?: readonly [variant: string, ...drugs: string[]];
  readonly removes?: readonly string[];
  readonly iron?: readonly string[];
}

const cases: readonly Case[] = [
  { name: 'RLS on pramipexole (patient-view) → current, no removal', problems: ['rls'], meds: [med('dopaminergic-agents')], fires: ['current', 'Pramipexole'] },
  { name: 'RLS on ropinirole known by name only → current', problems: ['rls'], meds: [med('dopaminergic-agents', { codes: [], names: ['ropinirole 1 mg tablet'], label: 'Ropinirole 1 mg tablet' })], fires: ['current', 'Ropinirole 1 mg tablet'] },
  { name: 'RLS without a birth date is an adult → current', problems: ['rls'], meds: [med('dopaminergic-agents')], fires: ['current', 'Pramipexole'] },
  { name: 'RLS in a child on pramipexole → current (the pediatric wording, knowledge 2.5.0)', problems: ['rls'], birthDate: '2014-01-01', meds: [med('dopaminergic-agents')], fires: ['current', 'Pramipexole'] },
  { name: 'order-select of ropinirole for a child with RLS, none current → ordered, removal offered', hook: 'order-select', problems: ['rls'], birthDate: '2014-01-01', meds: [draftMed('dopaminergic-agents', 'o1', { label: 'Ropinirole 0.25 MG Oral Tablet' })], fires: ['ordered', 'Ropinirole 0.25 MG Oral Tablet'], removes: ['MedicationRequest/o1'] },
  { name: 'a child with RLS on gabapentin → silent (near miss: no dopaminergic drug)', problems: ['rls'], birthDate: '2014-01-01', meds: [med('gabapentinoids')] },
  { name: 'a child with PLMD on pramipexole → silent (near miss: PLMD keeps today\'s behaviour)', problems: ['plmd'], birthDate: '2014-01-01', meds: [med('dopaminergic-agents')] },
  { name: 'RLS on pramipexole with ferritin 88 and TSAT 30 → the IV-only ferritin is named', problems: ['rls'], meds: [med('dopaminergic-agents')], labs: [lab('ferritin', 88, 'ng/mL', d), lab('tsat', 30, '%', d)], fires: ['current', 'Pramipexole'], iron: ['ferritin-rls-iv-lower', 'ferritin-rls-iv-upper'] },
  { name: 'RLS and Parkinson disease on pramipexole → silent (another indication)', problems: ['rls', 'parkinson-disease'], meds: [med('dopaminergic-agents')] },
  { name: 'order-select of pramipexole whose own reason is Parkinson disease (G20) for an RLS patient → silent', hook: 'order-select', problems: ['rls'], meds: [draftMed('dopaminergic-agents', 'pd1', { reasons: ['parkinson-disease'] })] },
  { name: 'near miss: order-select of pramipexole whose own reason is RLS → ordered, removal offered', hook: 'order-select', problems: ['rls'], meds: [draftMed('dopaminergic-agents', 'rl1', { reasons: ['rls'] })], fires: ['ordered', 'Pramipexole'], removes: ['MedicationRequest/rl1'] },
  { name: 'a current pramipexole prescription whose reason is Parkinson disease → silent', problems: ['rls'], meds: [med('dopaminergic-agents', { origin: 'request', reasons: ['parkinson-disease'] })] },
  { name: 'PLMD on pramipexole → silent (PLMD keeps today\'s behaviour)', problems: ['plmd'], meds: [med('dopaminergic-agents')] },
  { name: 'cramps on pramipexole → silent here (dopaminergic-for-cramps speaks)', problems: ['leg-cramps'], meds: [med('dopaminergic-agents')] },
  { name: 'RLS on gabapentin → silent', problems: ['rls'], meds: [med('gabapentinoids')] },
  { name: 'order-select of pramipexole for RLS, none current → ordered, removal offered', hook: 'order-select', problems: ['rls'], meds: [draftMed('dopaminergic-agents', 'o1')], fires: ['ordered', 'Pramipexole'], removes: ['MedicationRequest/o1'] },
  { name: 'order-sign of pramipexole beside a current pramipexole (renewal) → ordered, no removal', hook: 'order-sign', problems: ['rls'], meds: [med('dopaminergic-agents'), draftMed('dopaminergic-agents', 'o1')], fires: ['ordered', 'Pramipexole'] },
  { name: 'order-select with the pramipexole draft not selected → silent', hook: 'order-select', problems: ['rls'], meds: [draftMed('dopaminergic-agents', 'o1', { isSelected: false }), draftMed('gabapentinoids', 'o2')] },
  { name: 'order-select of gabapentin while on pramipexole → silent (order hooks speak about the orders)', hook: 'order-select', problems: ['rls'], meds: [med('dopaminergic-agents'), draftMed('gabapentinoids', 'o2')] },
  { name: 'RLS on pramipexole with ferritin 60 → the iron result is named', problems: ['rls'], meds: [med('dopaminergic-agents')], labs: [lab('ferritin', 60, 'ng/mL', d)], fires: ['current', 'Pramipexole'], iron: ['ferritin-rls-adult'] },
  { name: 'RLS on pramipexole with ferritin 150 and TSAT 30 → no iron result named', problems: ['rls'], meds: [med('dopaminergic-agents')], labs: [lab('ferritin', 150, 'ng/mL', d), lab('tsat', 30, '%', d)], fires: ['current', 'Pramipexole'], iron: [] },
];

describe('rlsDopaminergicAugmentation', () => {
  test.each(cases)('$name', ({ hook = 'patient-view', problems, meds, birthDate, labs = [], fires, removes = [], iron }) => {
    const input = ruleInput({ problems: problems.map((p) => problem(p)), medications: meds, labs, ...(birthDate ? { birthDate } : {}) }, hook);
    const assessments = rlsDopaminergicAugmentation(input);
    expect(assessments.map((a) => [a.topic, a.variant])).toEqual(fires ? [['rls-dopaminergic-augmentation', fires[0]]] : []);
    const [assessment] = assessments;
    if (!assessment || !fires) return;
    expect(assessment.evidence.flatMap((e) => (e.kind === 'medication' ? [e.finding.label] : []))).toEqual(fires.slice(1));
    expect(assessment.evidence.flatMap((e) => (e.kind === 'problem' ? [e.finding.label] : []))).toEqual(['Restless legs syndrome']);
    expect((assessment.removableOrders ?? []).map((o) => o.ref)).toEqual(removes);
    if (iron) expect(assessment.evidence.flatMap((e) => (e.kind === 'lab' ? [e.criterion.threshold] : []))).toEqual(iron);
  });
});

// dimensions of the wording: pregnancy · child · end-stage renal disease (pregnancy first, then child, then ESRD).
test.each([
  { name: 'an adult → the adult evidence and the standard lines', problems: ['rls'], snippets: { verdict: 'adult', evidence: 'adult', firstLine: 'standard', alternatives: 'standard' }, sets: ['rls'] },
  { name: 'a child → no pediatric recommendation, iron first (never a gabapentinoid first line)', problems: ['rls'], birthDate: '2014-01-01', snippets: { verdict: 'child', evidence: 'child', firstLine: 'child', alternatives: 'child' }, sets: ['rls'] },
  { name: 'an adult with ESRD → the ESRD iron line (IV iron sucrose), the ESRD problem listed', problems: ['rls', 'end-stage-renal-disease'], snippets: { verdict: 'adult', evidence: 'adult', firstLine: 'standard', alternatives: 'esrd' }, sets: ['rls', 'end-stage-renal-disease'] },
  { name: 'a pregnant adolescent → the pregnancy lines with the pediatric evidence', problems: ['rls', 'pregnancy'], birthDate: '2010-01-01', snippets: { verdict: 'child', evidence: 'child', firstLine: 'pregnancy', alternatives: 'pregnancy' }, sets: ['rls', 'pregnancy'] },
])('the wording follows the patient: $name', ({ problems, birthDate, snippets, sets }) => {
  const [assessment] = rlsDopaminergicAugmentation(ruleInput({ problems: problems.map((p) => problem(p)), medications: [med('dopaminergic-agents')], ...(birthDate ? { birthDate } : {}) }));
  expect(assessment?.snippets).toEqual(snippets);
  expect(assessment?.evidence.flatMap((e) => (e.kind === 'problem' ? [e.valueSet] : []))).toEqual(sets);
});

test('in pregnancy the card picks the pregnancy wording (iron only, no gabapentinoid line) and lists the pregnancy', () => {
  const [assessment] = rlsDopaminergicAugmentation(ruleInput({ problems: [problem('rls'), problem('pregnancy')], medications: [med('dopaminergic-agents')] }));
  expect(assessment?.snippets).toEqual({ verdict: 'adult', evidence: 'adult', firstLine: 'pregnancy', alternatives: 'pregnancy' });
  expect(assessment?.evidence.flatMap((e) => (e.kind === 'problem' ? [e.valueSet] : []))).toEqual(['rls', 'pregnancy']);
});

test('without a pregnancy the card picks the standard wording', () => {
  const [assessment] = rlsDopaminergicAugmentation(ruleInput({ problems: [problem('rls')], medications: [med('dopaminergic-agents')] }));
  expect(assessment?.snippets).toEqual({ verdict: 'adult', evidence: 'adult', firstLine: 'standard', alternatives: 'standard' });
});

// One threshold for a pregnant adolescent (knowledge 2.6.0): her iron results are judged on the pregnancy line's
// ferritin <= 75 ng/mL, the one her alternatives line names; near miss: an adolescent who is not pregnant, < 50.
test.each([
  { name: 'a pregnant adolescent, ferritin 60 → met on ferritin <= 75', problems: ['rls', 'pregnancy'], iron: ['ferritin-rls-adult'], alternatives: 'pregnancy' },
  { name: 'near miss: an adolescent, not pregnant, ferritin 60 → not met (pediatric < 50)', problems: ['rls'], iron: [], alternatives: 'child' },
])('iron threshold: $name', ({ problems, iron, alternatives }) => {
  const input = ruleInput({ problems: problems.map((p) => problem(p)), medications: [med('dopaminergic-agents')], labs: [lab('ferritin', 60, 'ng/mL', d)], birthDate: '2010-01-01' });
  const [assessment] = rlsDopaminergicAugmentation(input);
  expect(assessment?.snippets?.['alternatives']).toBe(alternatives);
  expect(assessment?.evidence.flatMap((e) => (e.kind === 'lab' ? [e.criterion.threshold] : []))).toEqual(iron);
});
