import { dopaminergicForCramps } from '../../src/rules/dopaminergic-for-cramps.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import type { MedicationFinding } from '../../src/findings/finding-types.js';
import { draftMed, med, problem, ruleInput } from '../support/finding-builders.js';

// dimensions: dopaminergic drug current/selected/non-selected · cramps? · RLS / PLMD / Parkinson disease?
const cases: readonly { name: string; hook?: HookName; problems: readonly string[]; meds: readonly MedicationFinding[]; drugs: readonly string[]; removable?: readonly string[] }[] = [
  { name: 'current pramipexole with cramps only fires', problems: ['leg-cramps'], meds: [med('dopaminergic-agents')], drugs: ['Pramipexole'] },
  {
    name: 'order-select: a selected pramipexole order fires and is removable',
    hook: 'order-select',
    problems: ['leg-cramps'],
    meds: [draftMed('dopaminergic-agents', 'dop-1')],
    drugs: ['Pramipexole'],
    removable: ['MedicationRequest/dop-1'],
  },
  {
    name: 'order-select: a repeat pramipexole order beside the current one fires but offers no removal (would stop the drug abruptly)',
    hook: 'order-select',
    problems: ['leg-cramps'],
    meds: [med('dopaminergic-agents', { origin: 'request' }), draftMed('dopaminergic-agents', 'dop-rep')],
    drugs: ['Pramipexole'],
  },
  {
    name: 'order-select near miss: a pramipexole order beside a current sertraline (another set) stays removable',
    hook: 'order-select',
    problems: ['leg-cramps'],
    meds: [med('ssris', { origin: 'request' }), draftMed('dopaminergic-agents', 'dop-new')],
    drugs: ['Pramipexole'],
    removable: ['MedicationRequest/dop-new'],
  },
  { name: 'RLS justifies the dopaminergic drug', problems: ['leg-cramps', 'rls'], meds: [med('dopaminergic-agents')], drugs: [] },
  { name: 'PLMD justifies the dopaminergic drug', problems: ['leg-cramps', 'plmd'], meds: [med('dopaminergic-agents')], drugs: [] },
  { name: 'Parkinson disease justifies the dopaminergic drug', problems: ['leg-cramps', 'parkinson-disease'], meds: [med('dopaminergic-agents')], drugs: [] },
  ...(['rls', 'plmd', 'parkinson-disease'] as const).map((reason) => ({
    name: `order-sign: a pramipexole order whose own reason is ${reason} is silent, though only cramps are on the chart`,
    hook: 'order-sign' as const,
    problems: ['leg-cramps'],
    meds: [draftMed('dopaminergic-agents', 'dop-r', { reasons: [reason] })],
    drugs: [],
  })),
  {
    name: 'order-sign: of two pramipexole orders only the one without an RLS reason fires',
    hook: 'order-sign',
    problems: ['leg-cramps'],
    meds: [draftMed('dopaminergic-agents', 'dop-a', { reasons: ['rls'], label: 'Pramipexole for RLS' }), draftMed('dopaminergic-agents', 'dop-b', { reasons: ['leg-cramps'] })],
    drugs: ['Pramipexole'],
    removable: ['MedicationRequest/dop-b'],
  },
  { name: 'a current prescription whose reason is Parkinson disease is silent', problems: ['leg-cramps'], meds: [med('dopaminergic-agents', { origin: 'request', reasons: ['parkinson-disease'] })], drugs: [] },
  { name: 'no cramps on the chart is silent', problems: ['diabetes'], meds: [med('dopaminergic-agents')], drugs: [] },
  { name: 'a gabapentinoid is not dopaminergic', problems: ['leg-cramps'], meds: [med('gabapentinoids')], drugs: [] },
  {
    name: 'order-select: a non-selected dopaminergic draft is silent',
    hook: 'order-select',
    problems: ['leg-cramps'],
    meds: [draftMed('dopaminergic-agents', 'dop-2', { isSelected: false })],
    drugs: [],
  },
];

describe('dopaminergicForCramps', () => {
  test('Parkinson disease coded with a FY2024 subcode (G20.A1, under G20) still justifies levodopa: no warning', () => {
    const parkinson = { ...problem('parkinson-disease'), codes: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'G20.A1' }] };
    const input = ruleInput({ problems: [problem('leg-cramps'), parkinson], medications: [draftMed('dopaminergic-agents', 'levo-1')] }, 'order-select');
    expect(dopaminergicForCramps(input)).toEqual([]);
  });


  test.each(cases)('$name', ({ hook = 'patient-view', problems, meds, drugs, removable }) => {
    const assessments = dopaminergicForCramps(ruleInput({ problems: problems.map((p) => problem(p)), medications: meds }, hook));
    expect(assessments.map((a) => a.topic)).toEqual(drugs.length > 0 ? ['dopaminergic-for-cramps'] : []);
    expect(assessments.flatMap((a) => a.evidence.flatMap((e) => (e.kind === 'medication' ? [e.finding.label] : [])))).toEqual(drugs);
    expect(assessments[0]?.removableOrders?.map((o) => o.ref)).toEqual(removable);
  });
});

// If it is RLS after all, the care line fits the patient (knowledge 2.6.0): never a gabapentinoid first in pregnancy or for a child.
test.each([
  { name: 'an adult → the standard line', problems: ['leg-cramps'], birthDate: '1970-01-01', rlsCare: 'standard' },
  { name: 'a pregnancy on the chart → the pregnancy line', problems: ['leg-cramps', 'pregnancy'], birthDate: '1990-01-01', rlsCare: 'pregnancy' },
  { name: 'a child → the pediatric line', problems: ['leg-cramps'], birthDate: '2015-01-01', rlsCare: 'child' },
  { name: 'a pregnant adolescent → the pregnancy line (pregnancy first)', problems: ['leg-cramps', 'pregnancy'], birthDate: '2010-01-01', rlsCare: 'pregnancy' },
])('rlsCare follows the patient: $name', ({ problems, birthDate, rlsCare }) => {
  const [assessment] = dopaminergicForCramps(ruleInput({ problems: problems.map((p) => problem(p)), medications: [med('dopaminergic-agents')], birthDate }));
  expect(assessment?.topic).toBe('dopaminergic-for-cramps');
  expect(assessment?.snippets).toEqual({ rlsCare });
});
