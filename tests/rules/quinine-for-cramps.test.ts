import { quinineForCramps } from '../../src/rules/quinine-for-cramps.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import type { MedicationFinding } from '../../src/findings/finding-types.js';
import { draftMed, med, problem, ruleInput } from '../support/finding-builders.js';
import { SYSTEMS } from '../../src/knowledge/code-key.js';

// dimensions: quinine current/selected/non-selected · matched by code or by name · cramps? · malaria?
const byName = med('quinine', { codes: [{ system: 'urn:local:formulary', code: 'Q-200' }], names: ['quinine sulfate 324 mg capsule'], label: 'Quinine sulfate 324 mg capsule' });
const cases: readonly { name: string; hook?: HookName; problems: readonly string[]; meds: readonly MedicationFinding[]; fires: boolean; removable?: readonly string[] }[] = [
  { name: 'current quinine with cramps fires', problems: ['leg-cramps'], meds: [med('quinine')], fires: true },
  { name: 'quinine found by its name (no RxNorm code) fires', problems: ['leg-cramps'], meds: [byName], fires: true },
  {
    name: 'order-select: a selected quinine order fires and is removable',
    hook: 'order-select',
    problems: ['leg-cramps'],
    meds: [draftMed('quinine', 'q-1')],
    fires: true,
    removable: ['MedicationRequest/q-1'],
  },
  { name: 'malaria on the chart is the approved use: silent', problems: ['leg-cramps', 'malaria'], meds: [med('quinine')], fires: false },
  {
    name: 'order-sign: quinine ordered for malaria (reasonCode) is the approved use: silent',
    hook: 'order-sign',
    problems: ['leg-cramps'],
    meds: [draftMed('quinine', 'q-3', { reasons: ['malaria'] })],
    fires: false,
  },
  {
    name: 'order-sign: quinine ordered with another reason (leg cramps) fires',
    hook: 'order-sign',
    problems: ['leg-cramps'],
    meds: [draftMed('quinine', 'q-4', { reasons: ['leg-cramps'] })],
    fires: true,
    removable: ['MedicationRequest/q-4'],
  },
  { name: 'a current quinine prescription for malaria (reasonCode) is silent', problems: ['leg-cramps'], meds: [med('quinine', { origin: 'request', reasons: ['malaria'] })], fires: false },
  { name: 'quinine without cramps is silent', problems: ['rls'], meds: [med('quinine')], fires: false },
  { name: 'a non-selected quinine draft is silent', hook: 'order-select', problems: ['leg-cramps'], meds: [draftMed('quinine', 'q-2', { isSelected: false })], fires: false },
  {
    name: 'a drug with a different RxNorm code is silent',
    problems: ['leg-cramps'],
    meds: [med('statins', { codes: [{ system: SYSTEMS.rxnorm, code: '83367' }] })],
    fires: false,
  },
];

describe('quinineForCramps', () => {
  test.each(cases)('$name', ({ hook = 'patient-view', problems, meds, fires, removable }) => {
    const assessments = quinineForCramps(ruleInput({ problems: problems.map((p) => problem(p)), medications: meds }, hook));
    expect(assessments.map((a) => a.topic)).toEqual(fires ? ['quinine-for-cramps'] : []);
    expect(assessments[0]?.removableOrders?.map((o) => o.ref)).toEqual(removable);
  });
});
