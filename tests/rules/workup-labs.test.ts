import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { workupLabs } from '../../src/rules/workup-labs.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import type { LabFinding } from '../../src/findings/finding-types.js';
import { lab, problem, ruleInput } from '../support/finding-builders.js';

// dimensions: cramps or RLS on the chart? · which workup items have a result of any of their labs · hook
const d = '2026-03-01';
const all = [
  lab('ferritin', 80, 'ng/mL', d),
  lab('tsh', 2, 'm[IU]/L', d),
  lab('hba1c', 5.4, '%', d),
  lab('creatinine', 0.9, 'mg/dL', d),
];
const tsat = lab('tsat', 30, '%', d);
const cases: readonly { name: string; hook?: HookName; problems: readonly string[]; labs: readonly LabFinding[]; order: readonly (readonly string[])[] }[] = [
  { name: 'cramps with no labs orders the whole workup, ferritin alone for iron', problems: ['leg-cramps'], labs: [], order: [['ferritin'], ['tsh'], ['hba1c'], ['creatinine']] },
  { name: 'RLS with no labs orders the iron panel and the rest', problems: ['rls'], labs: [], order: [['ferritin', 'iron', 'tibc', 'tsat'], ['tsh'], ['hba1c'], ['creatinine']] },
  { name: 'RLS with ferritin 80 but no TSAT still orders the iron panel', problems: ['rls'], labs: all, order: [['ferritin', 'iron', 'tibc', 'tsat']] },
  { name: 'RLS with ferritin and TSAT in the look-back is silent', problems: ['rls'], labs: [...all, tsat], order: [] },
  { name: 'RLS with ferritin 40 (iron criterion met) does not ask for the panel: the iron card does', problems: ['rls'], labs: [lab('ferritin', 40, 'ng/mL', d), ...all.slice(1)], order: [] },
  { name: 'cramps and RLS follow the RLS workup', problems: ['leg-cramps', 'rls'], labs: all, order: [['ferritin', 'iron', 'tibc', 'tsat']] },
  { name: 'a complete cramp workup is silent (no TSAT needed)', problems: ['leg-cramps'], labs: all, order: [] },
  { name: 'only the missing ferritin is ordered', problems: ['leg-cramps'], labs: all.slice(1), order: [['ferritin']] },
  {
    name: 'a fasting glucose satisfies the glucose item',
    problems: ['leg-cramps'],
    labs: [lab('fasting-glucose', 92, 'mg/dL', d), lab('egfr', 88, 'mL/min/{1.73_m2}', d)],
    order: [['ferritin'], ['tsh']],
  },
  { name: 'no cramps or RLS is silent', problems: ['diabetes'], labs: [], order: [] },
];

describe('workupLabs', () => {
  test.each(cases)('$name', ({ hook = 'patient-view', problems, labs, order }) => {
    const assessments = workupLabs(ruleInput({ problems: problems.map((p) => problem(p)), labs }, hook));
    expect(assessments.map((a) => a.topic)).toEqual(order.length > 0 ? ['workup-labs'] : []);
    expect((assessments[0]?.labsToOrder ?? []).map((o) => o.labIds)).toEqual(order);
  });

  // dimensions: a test under way (registered/preliminary result, active order) or a result in an unreadable unit
  test.each([
    { name: 'TSH in progress: no thyroid item', parts: { labsInProgress: ['tsh'] }, order: [['ferritin'], ['hba1c'], ['creatinine']] },
    { name: 'a ferritin whose unit could not be read: no ferritin item', parts: { unreadableResults: [{ labId: 'ferritin' }] }, order: [['tsh'], ['hba1c'], ['creatinine']] },
    { name: 'near miss: a potassium in progress changes nothing', parts: { labsInProgress: ['potassium'] }, order: [['ferritin'], ['tsh'], ['hba1c'], ['creatinine']] },
  ])('$name', ({ parts, order }) => {
    const [assessment] = workupLabs(ruleInput({ problems: [problem('leg-cramps')], ...parts }));
    expect((assessment?.labsToOrder ?? []).map((o) => o.labIds)).toEqual(order);
  });

  test('RLS with ferritin in progress and no TSAT still asks for the iron panel (each lab must have a result)', () => {
    const [assessment] = workupLabs(ruleInput({ problems: [problem('rls')], labs: all.slice(1), labsInProgress: ['ferritin'] }));
    expect((assessment?.labsToOrder ?? []).map((o) => o.labIds)).toEqual([['ferritin', 'iron', 'tibc', 'tsat']]);
  });

  test('each missing item is evidence tagged with its workup id', () => {
    const [assessment] = workupLabs(ruleInput({ problems: [problem('leg-cramps')], labs: all.slice(0, 2) }));
    expect(assessment?.evidence.filter((e) => e.kind === 'missing-lab')).toEqual([
      { kind: 'missing-lab', labId: 'hba1c', workupItem: 'glucose' },
      { kind: 'missing-lab', labId: 'creatinine', workupItem: 'renal' },
    ]);
  });
});

// The guidance: ferritin is the baseline; thyroid, glucose and renal function are to be considered "based on clinical
// suspicion", and renal function is never asked for with known end-stage renal disease (clinical review of 2.4.0).
describe('what the workup offers and why', () => {
  test('cramps with no labs: ferritin as baseline, the other three on clinical suspicion', () => {
    const [assessment] = workupLabs(ruleInput({ problems: [problem('leg-cramps')] }, 'patient-view', loadKnowledge()));
    expect(assessment?.labsToOrder?.map((o) => [o.workupItem, o.basis])).toEqual([
      ['ferritin', 'baseline'],
      ['thyroid', 'clinical-suspicion'],
      ['glucose', 'clinical-suspicion'],
      ['renal', 'clinical-suspicion'],
    ]);
  });

  test.each([
    { name: 'cramps with ESRD N18.6 → no renal function item', code: 'N18.6', items: ['ferritin', 'thyroid', 'glucose'] },
    { name: 'near miss: cramps with CKD stage 3 N18.30 → renal function still offered', code: 'N18.30', items: ['ferritin', 'thyroid', 'glucose', 'renal'] },
  ])('$name', ({ code, items }) => {
    const kidney = { ...problem('chronic-kidney-disease'), codes: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code }] };
    const cramps = { ...problem('leg-cramps'), codes: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'G47.62' }] };
    const [assessment] = workupLabs(ruleInput({ problems: [cramps, kidney] }, 'patient-view', loadKnowledge()));
    expect(assessment?.labsToOrder?.map((o) => o.workupItem)).toEqual(items);
  });
});
