import { ironDeficiency } from '../../src/rules/iron-deficiency.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import type { LabFinding } from '../../src/findings/finding-types.js';
import { lab, problem, ruleInput } from '../support/finding-builders.js';

// dimensions: who (RLS adult / child / with ESRD, PLMD, leg cramps, cramps and RLS, no leg symptoms) · birth date
// (adult, child, a day before the 18th birthday, unknown) · ferritin and TSAT below, at and above each threshold
// (AASM 2024: ferritin <= 75 or TSAT < 20 in adults, IV iron only for ferritin > 75 and <= 100; ESRD ferritin < 200
// with TSAT < 20; children ferritin < 50; guidance < 50 for cramps and PLMD) · censored values · reported unit · hook.
// NOW is 2026-06-01: born 1970 is an adult, 2015 a child, 2008-06-02 turns 18 tomorrow.
const d = '2026-05-01';
const ferritin = (value: number): LabFinding => lab('ferritin', value, 'ng/mL', d);
const tsat = (value: number): LabFinding => lab('tsat', value, '%', d);

interface Case {
  readonly name: string;
  readonly problems: readonly string[];
  readonly labs: readonly LabFinding[];
  readonly birthDate?: string;
  readonly hook?: HookName;
  /** The variant (population) and the [lab, value, threshold] of each result that meets its criterion; absent: silent. */
  readonly met?: readonly [string, ...(readonly [string, number, string])[]];
  /** The other iron results shown, judged and not met; when absent not checked. */
  readonly context?: readonly (readonly [string, number, string])[];
  /** The `tsat` snippet: whether a transferrin saturation is on file. */
  readonly tsat?: string;
}

const cases: readonly Case[] = [
  { name: 'RLS adult, ferritin 60 (<= 75) → rls-adult', problems: ['rls'], birthDate: '1970-03-02', labs: [ferritin(60)], met: ['rls-adult', ['ferritin', 60, 'ferritin-rls-adult']] },
  { name: 'RLS adult, ferritin exactly 75 (the guideline writes <=) → rls-adult', problems: ['rls'], birthDate: '1970-03-02', labs: [ferritin(75)], met: ['rls-adult', ['ferritin', 75, 'ferritin-rls-adult']] },
  { name: 'RLS adult, ferritin 76 and TSAT 25 → rls-adult-iv-only (IV iron only between 75 and 100)', problems: ['rls'], birthDate: '1970-03-02', labs: [ferritin(76), tsat(25)], met: ['rls-adult-iv-only', ['ferritin', 76, 'ferritin-rls-iv-lower'], ['ferritin', 76, 'ferritin-rls-iv-upper']], context: [['tsat', 25, 'tsat-low']] },
  { name: 'RLS adult, ferritin exactly 100 and TSAT 25 → rls-adult-iv-only (100 included)', problems: ['rls'], birthDate: '1970-03-02', labs: [ferritin(100), tsat(25)], met: ['rls-adult-iv-only', ['ferritin', 100, 'ferritin-rls-iv-lower'], ['ferritin', 100, 'ferritin-rls-iv-upper']], context: [['tsat', 25, 'tsat-low']] },
  { name: 'RLS adult, ferritin 100.5 and TSAT 25 → silent (near miss of the IV-only range)', problems: ['rls'], birthDate: '1970-03-02', labs: [ferritin(100.5), tsat(25)] },
  { name: 'RLS adult, ferritin 90 and no TSAT → rls-adult-iv-only, the TSAT asked for', problems: ['rls'], birthDate: '1970-03-02', labs: [ferritin(90)], met: ['rls-adult-iv-only', ['ferritin', 90, 'ferritin-rls-iv-lower'], ['ferritin', 90, 'ferritin-rls-iv-upper']], tsat: 'missing' },
  { name: 'RLS adult, ferritin 90 and TSAT 15 → rls-adult on TSAT (oral or IV iron), not the IV-only card', problems: ['rls'], birthDate: '1970-03-02', labs: [ferritin(90), tsat(15)], met: ['rls-adult', ['tsat', 15, 'tsat-low']], context: [['ferritin', 90, 'ferritin-rls-adult']] },
  { name: 'RLS adult, a censored ferritin "<90" is not known to lie above 75 → silent', problems: ['rls'], labs: [{ ...ferritin(90), comparator: '<' }, tsat(25)], context: [] },
  { name: 'RLS child, ferritin 90 → silent (no IV-only range for children)', problems: ['rls'], birthDate: '2015-09-10', labs: [ferritin(90)] },
  { name: 'RLS with ESRD, ferritin 90 and TSAT 25 → silent (ESRD is judged on the ESRD criterion only, no adult IV-only range)', problems: ['rls', 'end-stage-renal-disease'], labs: [ferritin(90), tsat(25)] },
  { name: 'cramps, ferritin 90 → silent (the IV-only range is for RLS)', problems: ['leg-cramps'], labs: [ferritin(90)] },
  { name: 'RLS adult, ferritin 120 and TSAT 15 → rls-adult on TSAT alone', problems: ['rls'], birthDate: '1970-03-02', labs: [ferritin(120), tsat(15)], met: ['rls-adult', ['tsat', 15, 'tsat-low']] },
  { name: 'RLS adult, TSAT exactly 20 (not < 20) and no ferritin → silent', problems: ['rls'], birthDate: '1970-03-02', labs: [tsat(20)] },
  { name: 'RLS adult, ferritin 40 and TSAT 12 → both named', problems: ['rls'], birthDate: '1970-03-02', labs: [ferritin(40), tsat(12)], met: ['rls-adult', ['ferritin', 40, 'ferritin-rls-adult'], ['tsat', 12, 'tsat-low']] },
  { name: 'RLS without a birth date is judged as an adult', problems: ['rls'], labs: [ferritin(70)], met: ['rls-adult', ['ferritin', 70, 'ferritin-rls-adult']] },
  { name: 'RLS adult, a ferritin reported in pmol/L is judged on its ng/mL value', problems: ['rls'], labs: [lab('ferritin', 66.8, 'ng/mL', d, { value: 150, unit: 'pmol/L' })], met: ['rls-adult', ['ferritin', 66.8, 'ferritin-rls-adult']] },
  { name: 'RLS adult, a censored ferritin "<80" is not known to be <= 75', problems: ['rls'], labs: [{ ...ferritin(80), comparator: '<' }] },
  { name: 'RLS adult, a censored ferritin "<75" is <= 75', problems: ['rls'], labs: [{ ...ferritin(75), comparator: '<' }], met: ['rls-adult', ['ferritin', 75, 'ferritin-rls-adult']] },
  { name: 'RLS adult, a censored ferritin ">40" is not known to be low', problems: ['rls'], labs: [{ ...ferritin(40), comparator: '>' }] },
  { name: 'RLS child, ferritin 45 (< 50) → rls-child', problems: ['rls'], birthDate: '2015-09-10', labs: [ferritin(45)], met: ['rls-child', ['ferritin', 45, 'ferritin-rls-child']] },
  { name: 'RLS child, ferritin 60 (adult criterion only) → silent', problems: ['rls'], birthDate: '2015-09-10', labs: [ferritin(60)] },
  { name: 'RLS child, ferritin exactly 50 → silent', problems: ['rls'], birthDate: '2015-09-10', labs: [ferritin(50)] },
  { name: 'RLS child, TSAT 10 is no pediatric criterion → silent', problems: ['rls'], birthDate: '2015-09-10', labs: [ferritin(90), tsat(10)] },
  { name: 'RLS, the day before the 18th birthday → still a child', problems: ['rls'], birthDate: '2008-06-02', labs: [ferritin(60)] },
  { name: 'RLS, on the 18th birthday → an adult', problems: ['rls'], birthDate: '2008-06-01', labs: [ferritin(60)], met: ['rls-adult', ['ferritin', 60, 'ferritin-rls-adult']] },
  { name: 'RLS, a birth year only (2009) reads as 2009-01-01 → 17, a child', problems: ['rls'], birthDate: '2009', labs: [ferritin(60)] },
  { name: 'RLS, a birth month only (2008-05) reads as 2008-05-01 → 18, an adult', problems: ['rls'], birthDate: '2008-05', labs: [ferritin(60)], met: ['rls-adult', ['ferritin', 60, 'ferritin-rls-adult']] },
  { name: 'RLS with ESRD, ferritin 150 and TSAT 15 → rls-esrd with both', problems: ['rls', 'end-stage-renal-disease'], labs: [ferritin(150), tsat(15)], met: ['rls-esrd', ['ferritin', 150, 'ferritin-rls-esrd'], ['tsat', 15, 'tsat-low']] },
  { name: 'RLS with ESRD, ferritin 200 and TSAT 15 → silent (200 is not < 200; never the adult TSAT criterion)', problems: ['rls', 'end-stage-renal-disease'], labs: [ferritin(200), tsat(15)] },
  { name: 'RLS with ESRD on dialysis, ferritin 800 and TSAT 15 → silent (no "consider iron" from the adult criterion)', problems: ['rls', 'end-stage-renal-disease'], labs: [ferritin(800), tsat(15)] },
  { name: 'RLS with ESRD, ferritin 199 and TSAT 19 → rls-esrd (near miss of the bounds)', problems: ['rls', 'end-stage-renal-disease'], labs: [ferritin(199), tsat(19)], met: ['rls-esrd', ['ferritin', 199, 'ferritin-rls-esrd'], ['tsat', 19, 'tsat-low']] },
  { name: 'RLS with ESRD, ferritin 150 and TSAT 25 → silent', problems: ['rls', 'end-stage-renal-disease'], labs: [ferritin(150), tsat(25)] },
  { name: 'RLS with ESRD, ferritin 150 and no TSAT → silent (both are needed)', problems: ['rls', 'end-stage-renal-disease'], labs: [ferritin(150)] },
  { name: 'PLMD, ferritin 49.9 → guidance', problems: ['plmd'], labs: [ferritin(49.9)], met: ['cramps-plmd', ['ferritin', 49.9, 'ferritin-low']] },
  { name: 'PLMD, ferritin 60 → silent (PLMD keeps the guidance threshold)', problems: ['plmd'], labs: [ferritin(60)] },
  { name: 'cramps, ferritin 30 → guidance', problems: ['leg-cramps'], labs: [ferritin(30)], met: ['cramps-plmd', ['ferritin', 30, 'ferritin-low']] },
  { name: 'cramps, ferritin exactly 50 → silent', problems: ['leg-cramps'], labs: [ferritin(50)] },
  { name: 'cramps, TSAT 10 is no cramp criterion → silent', problems: ['leg-cramps'], labs: [ferritin(80), tsat(10)] },
  { name: 'cramps and RLS, ferritin 70 → the RLS criterion', problems: ['leg-cramps', 'rls'], labs: [ferritin(70)], met: ['rls-adult', ['ferritin', 70, 'ferritin-rls-adult']] },
  { name: 'low ferritin without cramps, RLS or PLMD → silent', problems: ['diabetes'], labs: [ferritin(10)] },
  { name: 'RLS with no iron studies in the look-back → silent', problems: ['rls'], labs: [] },
];

describe('ironDeficiency', () => {
  test.each(cases)('$name', ({ hook = 'patient-view', problems, labs, birthDate, met, context, tsat }) => {
    const input = ruleInput({ problems: problems.map((p) => problem(p)), labs, ...(birthDate ? { birthDate } : {}) }, hook);
    const assessments = ironDeficiency(input);
    expect(assessments.map((a) => [a.topic, a.variant])).toEqual(met ? [['iron-deficiency', met[0]]] : []);
    const judged = (isMet: boolean): unknown[] =>
      assessments.flatMap((a) => a.evidence.flatMap((e) => (e.kind === 'lab' && e.isMet === isMet ? [[e.finding.labId, e.finding.value, e.criterion.threshold]] : [])));
    expect(judged(true)).toEqual(met ? met.slice(1) : []);
    if (context) expect(judged(false)).toEqual(met ? context : []);
    if (tsat) expect(assessments[0]?.snippets?.['tsat']).toEqual(tsat);
  });

  test('with ESRD the card lists the ESRD problem beside RLS', () => {
    const [assessment] = ironDeficiency(ruleInput({ problems: [problem('rls'), problem('end-stage-renal-disease')], labs: [ferritin(150), tsat(15)] }));
    expect(assessment?.evidence.flatMap((e) => (e.kind === 'problem' ? [e.finding.label] : []))).toEqual(['Restless legs syndrome', 'End stage renal disease']);
  });
});

// The iron line of the adult RLS cards (knowledge 2.6.0): in pregnancy oral iron first, never IV ferric carboxymaltose first;
// a pregnant patient under 18 is judged on the pregnancy line's criterion (ferritin <= 75 ng/mL or TSAT < 20 %), one threshold.
test.each([
  { name: 'an adult, ferritin 60 → rls-adult, the standard iron line', problems: ['rls'], birthDate: '1990-01-01', labs: [ferritin(60)], variant: 'rls-adult', ironRoute: 'standard' },
  { name: 'a pregnant adult, ferritin 60 → rls-adult, oral iron first', problems: ['rls', 'pregnancy'], birthDate: '1990-01-01', labs: [ferritin(60)], variant: 'rls-adult', ironRoute: 'pregnancy' },
  { name: 'a pregnant adult, ferritin 88 and TSAT 30 → IV-only range, IV iron only after the first trimester', problems: ['rls', 'pregnancy'], birthDate: '1990-01-01', labs: [ferritin(88), tsat(30)], variant: 'rls-adult-iv-only', ironRoute: 'iv-only-pregnancy' },
  { name: 'a pregnant adolescent, ferritin 60 → the pregnancy criterion (<= 75), not the pediatric < 50', problems: ['rls', 'pregnancy'], birthDate: '2010-01-01', labs: [ferritin(60)], variant: 'rls-adult', ironRoute: 'pregnancy' },
  { name: 'near miss: an adolescent who is not pregnant, ferritin 60 → silent (pediatric < 50)', problems: ['rls'], birthDate: '2010-01-01', labs: [ferritin(60)], variant: undefined, ironRoute: undefined },
  { name: 'a child, ferritin 45 → rls-child, no adult iron line', problems: ['rls'], birthDate: '2015-01-01', labs: [ferritin(45)], variant: 'rls-child', ironRoute: undefined },
])('iron line: $name', ({ problems, birthDate, labs, variant, ironRoute }) => {
  const assessments = ironDeficiency(ruleInput({ problems: problems.map((p) => problem(p)), labs, birthDate }));
  expect(assessments.map((a) => a.variant)).toEqual(variant ? [variant] : []);
  expect(assessments[0]?.snippets?.['ironRoute']).toBe(ironRoute);
});
