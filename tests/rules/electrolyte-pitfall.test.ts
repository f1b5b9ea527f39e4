import { electrolytePitfall } from '../../src/rules/electrolyte-pitfall.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import type { LabFinding, MedicationFinding } from '../../src/findings/finding-types.js';
import { draftMed, lab, med, problem, ruleInput } from '../support/finding-builders.js';

// dimensions: supplement current/selected/non-selected · cramps? · deficiency problem · potassium / magnesium below, at threshold
const d = '2026-04-15';
const cases: readonly { name: string; hook?: HookName; problems: readonly string[]; meds: readonly MedicationFinding[]; labs?: readonly LabFinding[]; fires: boolean }[] = [
  { name: 'magnesium with cramps and no deficiency fires', problems: ['leg-cramps'], meds: [med('magnesium-supplements')], fires: true },
  { name: 'potassium with cramps and no deficiency fires', problems: ['leg-cramps'], meds: [med('potassium-supplements')], fires: true },
  { name: 'potassium at 3.5 mmol/L is not a deficiency', problems: ['leg-cramps'], meds: [med('potassium-supplements')], labs: [lab('potassium', 3.5, 'mmol/L', d)], fires: true },
  { name: 'magnesium at 1.7 mg/dL is not a deficiency', problems: ['leg-cramps'], meds: [med('magnesium-supplements')], labs: [lab('magnesium', 1.7, 'mg/dL', d)], fires: true },
  { name: 'a hypokalemia problem documents a deficiency', problems: ['leg-cramps', 'electrolyte-deficiency'], meds: [med('potassium-supplements')], fires: false },
  { name: 'potassium 3.4 mmol/L documents a deficiency', problems: ['leg-cramps'], meds: [med('potassium-supplements')], labs: [lab('potassium', 3.4, 'mmol/L', d)], fires: false },
  { name: 'magnesium 1.6 mg/dL documents a deficiency', problems: ['leg-cramps'], meds: [med('magnesium-supplements')], labs: [lab('magnesium', 1.6, 'mg/dL', d)], fires: false },
  { name: 'potassium beside a current diuretic replaces its losses: silent', problems: ['leg-cramps'], meds: [med('potassium-supplements'), med('diuretics')], fires: false },
  {
    name: 'potassium beside spironolactone (potassium-sparing) still fires',
    problems: ['leg-cramps'],
    meds: [med('potassium-supplements'), med('diuretics', { codes: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '9997', display: 'spironolactone' }], names: ['spironolactone'] })],
    fires: true,
  },
  {
    name: 'near miss: potassium beside furosemide alone replaces its losses: silent',
    problems: ['leg-cramps'],
    meds: [med('potassium-supplements'), med('diuretics', { codes: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '4603', display: 'furosemide' }], names: ['furosemide'] })],
    fires: false,
  },
  { name: 'magnesium beside a current diuretic still fires', problems: ['leg-cramps'], meds: [med('magnesium-supplements'), med('diuretics')], fires: true },
  {
    name: 'order-sign: potassium ordered with a diuretic is silent',
    hook: 'order-sign',
    problems: ['leg-cramps'],
    meds: [draftMed('potassium-supplements', 'k-1'), draftMed('diuretics', 'hctz-1')],
    fires: false,
  },
  { name: 'a supplement without cramps is silent', problems: ['rls'], meds: [med('magnesium-supplements')], fires: false },
  { name: 'order-select: a selected magnesium order fires', hook: 'order-select', problems: ['leg-cramps'], meds: [draftMed('magnesium-supplements', 'mg-1')], fires: true },
  {
    name: 'order-select: a non-selected magnesium draft is silent',
    hook: 'order-select',
    problems: ['leg-cramps'],
    meds: [draftMed('magnesium-supplements', 'mg-1', { isSelected: false })],
    fires: false,
  },
];

describe('electrolytePitfall', () => {
  test.each(cases)('$name', ({ hook = 'patient-view', problems, meds, labs = [], fires }) => {
    const assessments = electrolytePitfall(ruleInput({ problems: problems.map((p) => problem(p)), medications: meds, labs }, hook));
    expect(assessments.map((a) => a.topic)).toEqual(fires ? ['electrolyte-pitfall'] : []);
  });

  test('normal measured levels are shown as evidence, with the criterion they do not meet', () => {
    const potassium = lab('potassium', 4.1, 'mmol/L', d);
    const [assessment] = electrolytePitfall(
      ruleInput({ problems: [problem('leg-cramps')], medications: [med('magnesium-supplements')], labs: [potassium] }),
    );
    expect(assessment?.evidence.map((e) => [e.kind, e.kind === 'lab' ? [e.criterion.threshold, e.criterion.direction, e.isMet] : 'valueSet' in e ? e.valueSet : ''])).toEqual([
      ['medication', 'magnesium-supplements'],
      ['problem', 'leg-cramps'],
      ['lab', ['potassium-low', 'below', false]],
    ]);
    expect(assessment?.removableOrders).toBeUndefined();
  });
});

// The hazard of potassium beside a potassium-sparing diuretic is hyperkalaemia: the card picks that wording.
test.each([
  { name: 'potassium beside spironolactone → potassium-sparing, the diuretic listed', meds: [med('potassium-supplements'), med('diuretics', { codes: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '9997', display: 'spironolactone' }], names: ['spironolactone'], label: 'Spironolactone' })], variant: 'potassium-sparing', drugs: ['Potassium chloride', 'Spironolactone'] },
  {
    name: 'potassium beside spironolactone and furosemide (the classic hyperkalaemia setting) → potassium-sparing, the spironolactone listed',
    meds: [
      med('potassium-supplements'),
      med('diuretics', { codes: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '9997', display: 'spironolactone' }], names: ['spironolactone'], label: 'Spironolactone' }),
      med('diuretics', { codes: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '4603', display: 'furosemide' }], names: ['furosemide'], label: 'Furosemide' }),
    ],
    variant: 'potassium-sparing',
    drugs: ['Potassium chloride', 'Spironolactone'],
  },
  { name: 'magnesium beside spironolactone → default', meds: [med('magnesium-supplements'), med('diuretics', { codes: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '9997', display: 'spironolactone' }], names: ['spironolactone'] })], variant: 'default', drugs: ['Magnesium oxide'] },
  { name: 'potassium without a diuretic → default', meds: [med('potassium-supplements')], variant: 'default', drugs: ['Potassium chloride'] },
])('wording: $name', ({ meds, variant, drugs }) => {
  const [assessment] = electrolytePitfall(ruleInput({ problems: [problem('leg-cramps')], medications: meds }));
  expect(assessment?.variant).toBe(variant);
  expect(assessment?.evidence.flatMap((e) => (e.kind === 'medication' ? [e.finding.label] : []))).toEqual(drugs);
});
