import { crampVsRls } from '../../src/rules/cramp-vs-rls.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import type { LabFinding, MedicationFinding } from '../../src/findings/finding-types.js';
import { lab, med, problem, ruleInput } from '../support/finding-builders.js';

// dimensions: cramp codes? · RLS/PLMD codes? · RLS features (dopaminergic or gabapentinoid therapy; a low ferritin
// alone is none, knowledge 2.5.0) · hook
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
  { name: 'cramps with ferritin 30 ng/mL lean to cramps: a low ferritin alone is no RLS feature', problems: ['leg-cramps'], labs: [lab('ferritin', 30, 'ng/mL', '2026-05-01')], leaning: 'cramp-likely' },
  { name: 'cramps with ferritin 30 ng/mL and a gabapentinoid are mixed (the therapy is the feature)', problems: ['leg-cramps'], meds: [med('gabapentinoids')], labs: [lab('ferritin', 30, 'ng/mL', '2026-05-01')], leaning: 'mixed' },
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

  test('the evidence names the cramp problem, the RLS therapy and the ferritin judged on the RLS criterion, never on the cramps one', () => {
    const ferritin = lab('ferritin', 30, 'ng/mL', '2026-05-01');
    const [assessment] = crampVsRls(
      ruleInput({ problems: [problem('leg-cramps')], medications: [med('gabapentinoids')], labs: [ferritin] }),
    );
    expect(assessment?.evidence.map((e) => [e.kind, e.kind === 'lab' ? [e.criterion.threshold, e.criterion.direction, e.isMet] : 'valueSet' in e ? e.valueSet : ''])).toEqual([
      ['problem', 'leg-cramps'],
      ['medication', 'gabapentinoids'],
      ['lab', ['ferritin-rls-adult', 'below', true]],
    ]);
  });

  test.each([
    { name: 'ferritin 60 → met, at or below 75 ng/mL', labs: [lab('ferritin', 60, 'ng/mL', '2026-05-01')], judged: [['ferritin', 60, 'ferritin-rls-adult', true]] },
    {
      name: 'ferritin 120 and TSAT 30 → each not met, ferritin also not in the IV-only range',
      labs: [lab('ferritin', 120, 'ng/mL', '2026-05-01'), lab('tsat', 30, '%', '2026-05-01')],
      judged: [['ferritin', 120, 'ferritin-rls-adult', false], ['tsat', 30, 'tsat-low', false]],
    },
    {
      name: 'ferritin 88 and TSAT 30 → above 75 and at or below 100 (IV-only range), TSAT not below 20',
      labs: [lab('ferritin', 88, 'ng/mL', '2026-05-01'), lab('tsat', 30, '%', '2026-05-01')],
      judged: [['ferritin', 88, 'ferritin-rls-iv-lower', true], ['ferritin', 88, 'ferritin-rls-iv-upper', true], ['tsat', 30, 'tsat-low', false]],
    },
    { name: 'a child with ferritin 45 → the pediatric criterion, < 50 ng/mL', birthDate: '2015-09-10', labs: [lab('ferritin', 45, 'ng/mL', '2026-05-01')], judged: [['ferritin', 45, 'ferritin-rls-child', true]] },
  ])('the iron results are judged on the RLS criterion of the patient: $name', ({ labs, judged, birthDate }) => {
    const [assessment] = crampVsRls(ruleInput({ problems: [problem('leg-cramps'), problem('rls')], labs, ...(birthDate ? { birthDate } : {}) }));
    expect(assessment?.evidence.flatMap((e) => (e.kind === 'lab' ? [[e.finding.labId, e.finding.value, e.criterion.threshold, e.isMet]] : []))).toEqual(judged);
  });
});

// dimensions: verification (confirmed / unconfirmed / absent) · recorded date (before / after the 12-month settled
// period, unknown) · leaning (mixed always shows). NOW is 2026-06-01, so the period began 2025-06-01.
describe('a settled diagnosis is not repeated', () => {
  const confirmed = (id: string, date: string | undefined) => ({ ...problem(id, date ? { date } : {}), verification: 'confirmed' });
  test.each([
    { name: 'confirmed cramps recorded 2025-05-31 → settled, silent', problems: [confirmed('leg-cramps', '2025-05-31')], shows: false },
    { name: 'confirmed cramps recorded exactly 12 months ago → settled, silent', problems: [confirmed('leg-cramps', '2025-06-01T12:00:00Z')], shows: false },
    { name: 'confirmed cramps recorded 2025-06-02 → shows', problems: [confirmed('leg-cramps', '2025-06-02')], shows: true },
    { name: 'unconfirmed old cramps → shows', problems: [{ ...problem('leg-cramps', { date: '2024-01-01' }), verification: 'provisional' }], shows: true },
    { name: 'old cramps without a verification status → shows', problems: [problem('leg-cramps', { date: '2024-01-01' })], shows: true },
    { name: 'confirmed old RLS without a date → shows', problems: [confirmed('rls', undefined)], shows: true },
    { name: 'confirmed old RLS → settled, silent', problems: [confirmed('rls', '2023-03-01')], shows: false },
    { name: 'confirmed old RLS and a new PLMD code → shows', problems: [confirmed('rls', '2023-03-01'), confirmed('plmd', '2026-04-01')], shows: true },
    { name: 'confirmed old cramps and old RLS (mixed) → always shows', problems: [confirmed('leg-cramps', '2023-03-01'), confirmed('rls', '2023-03-01')], shows: true },
  ])('$name', ({ problems, shows }) => {
    expect(crampVsRls(ruleInput({ problems })).map((a) => a.topic)).toEqual(shows ? ['cramp-vs-rls'] : []);
  });
});

// dimensions: iron studies in the look-back (none, normal ferritin, criterion met, TSAT only) · pregnancy (current, none)
describe('the words follow the chart', () => {
  test.each([
    { name: 'no iron studies → check them', labs: [], iron: 'check' },
    { name: 'ferritin 120 and TSAT 30 on file → not met, no "check ferritin"', labs: [lab('ferritin', 120, 'ng/mL', '2026-05-01'), lab('tsat', 30, '%', '2026-05-01')], iron: 'on-file' },
    { name: 'ferritin 120 without a TSAT → above the criterion, add TSAT (never "not met")', labs: [lab('ferritin', 120, 'ng/mL', '2026-05-01')], iron: 'check-tsat' },
    { name: 'a TSAT only on file, normal → add ferritin', labs: [lab('tsat', 30, '%', '2026-05-01')], iron: 'check-ferritin' },
    { name: 'ferritin 60 meets the RLS criterion → criterion met', labs: [lab('ferritin', 60, 'ng/mL', '2026-05-01')], iron: 'criterion-met' },
    { name: 'ferritin 88 with TSAT 30 → the IV-only range', labs: [lab('ferritin', 88, 'ng/mL', '2026-05-01'), lab('tsat', 30, '%', '2026-05-01')], iron: 'iv-only' },
    { name: 'ferritin 101 with TSAT 30 → not met (near miss of the IV-only range)', labs: [lab('ferritin', 101, 'ng/mL', '2026-05-01'), lab('tsat', 30, '%', '2026-05-01')], iron: 'on-file' },
  ])('iron step: $name', ({ labs, iron }) => {
    const [assessment] = crampVsRls(ruleInput({ problems: [problem('rls')], labs }));
    expect(assessment?.snippets).toEqual({ iron, rlsCare: 'standard' });
  });

  test.each([
    { name: 'no iron studies → check them', labs: [], iron: 'check' },
    { name: 'ferritin 60, no TSAT → not met: a child is judged on ferritin alone, no TSAT asked for', labs: [lab('ferritin', 60, 'ng/mL', '2026-05-01')], iron: 'on-file' },
    { name: 'ferritin 45 → the pediatric criterion is met', labs: [lab('ferritin', 45, 'ng/mL', '2026-05-01')], iron: 'criterion-met' },
  ])('a child (born 2015) gets the pediatric care line, never a gabapentinoid first: $name', ({ labs, iron }) => {
    const [assessment] = crampVsRls(ruleInput({ problems: [problem('rls')], labs, birthDate: '2015-09-10' }));
    expect(assessment?.snippets).toEqual({ iron, rlsCare: 'child' });
  });

  test.each([
    { name: 'cramps with ferritin 60 → the RLS iron step says the RLS criterion is met (no cramp iron criterion is)', labs: [lab('ferritin', 60, 'ng/mL', '2026-05-01')], iron: 'criterion-met' },
    { name: 'cramps with ferritin 80, no TSAT → the RLS IV-only range', labs: [lab('ferritin', 80, 'ng/mL', '2026-05-01')], iron: 'iv-only' },
    { name: 'cramps with ferritin 120 and TSAT 25 → not met (near miss)', labs: [lab('ferritin', 120, 'ng/mL', '2026-05-01'), lab('tsat', 25, '%', '2026-05-01')], iron: 'on-file' },
  ])('iron step on a cramp chart: $name', ({ labs, iron }) => {
    const [assessment] = crampVsRls(ruleInput({ problems: [problem('leg-cramps')], labs }));
    expect(assessment?.variant).toBe('cramp-likely');
    expect(assessment?.snippets).toEqual({ iron, rlsCare: 'standard' });
  });

  test.each([
    { name: 'ferritin 800 and TSAT 15 (dialysis) → does not meet the ESRD criterion, never the adult TSAT one', labs: [lab('ferritin', 800, 'ng/mL', '2026-05-01'), lab('tsat', 15, '%', '2026-05-01')], iron: 'esrd-not-met' },
    { name: 'ferritin 90 and TSAT 25 → not met (no adult IV-only range in ESRD)', labs: [lab('ferritin', 90, 'ng/mL', '2026-05-01'), lab('tsat', 25, '%', '2026-05-01')], iron: 'esrd-not-met' },
    { name: 'ferritin 150 and TSAT 15 → the ESRD criterion is met (near miss)', labs: [lab('ferritin', 150, 'ng/mL', '2026-05-01'), lab('tsat', 15, '%', '2026-05-01')], iron: 'criterion-met' },
    { name: 'ferritin 150 and no TSAT → add the missing one', labs: [lab('ferritin', 150, 'ng/mL', '2026-05-01')], iron: 'esrd-incomplete' },
    { name: 'no iron studies → check them', labs: [], iron: 'check' },
  ])('RLS with end-stage renal disease is judged on the ESRD criterion only: $name', ({ labs, iron }) => {
    const [assessment] = crampVsRls(ruleInput({ problems: [problem('rls'), problem('end-stage-renal-disease')], labs }));
    expect(assessment?.snippets).toEqual({ iron, rlsCare: 'standard' });
    expect(assessment?.evidence.flatMap((e) => (e.kind === 'lab' ? [e.criterion.threshold] : []))).toEqual(labs.length === 0 ? [] : ['ferritin-rls-esrd', 'tsat-low'].slice(0, labs.length));
  });

  test.each([
    { name: 'a pregnant adolescent, ferritin 60 → the pregnancy criterion (<= 75) is met, the pregnancy line', problems: ['rls', 'pregnancy'], iron: 'criterion-met', rlsCare: 'pregnancy' },
    { name: 'near miss: an adolescent, not pregnant, ferritin 60 → not met on the pediatric < 50, the pediatric line', problems: ['rls'], iron: 'on-file', rlsCare: 'child' },
  ])('one threshold for a pregnant adolescent (knowledge 2.6.0): $name', ({ problems, iron, rlsCare }) => {
    const [assessment] = crampVsRls(ruleInput({ problems: problems.map((p) => problem(p)), labs: [lab('ferritin', 60, 'ng/mL', '2026-05-01')], birthDate: '2010-01-01' }));
    expect(assessment?.snippets).toEqual({ iron, rlsCare });
  });

  test('a pregnancy on the chart picks the pregnancy RLS care line', () => {
    const [assessment] = crampVsRls(ruleInput({ problems: [problem('rls'), problem('pregnancy')] }));
    expect(assessment?.snippets).toEqual({ iron: 'check', rlsCare: 'pregnancy' });
  });
});
