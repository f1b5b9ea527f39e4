import type { Findings } from '../../src/findings/finding-types.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import { draftMed, lab, med, order, problem } from './finding-builders.js';

/**
 * Charts that, between them, make every rule fire (every topic and every cramp-vs-rls leaning), for card
 * tests that render and validate every card. Built from tests/support/finding-builders.ts.
 */
export interface TopicScenario {
  readonly name: string;
  readonly hook: HookName;
  readonly findings: Partial<Findings>;
}

export const TOPIC_SCENARIOS: readonly TopicScenario[] = [
  {
    name: 'patient-view: cramps and RLS with culprit drugs, low ferritin, diabetes and no workup',
    hook: 'patient-view',
    findings: {
      problems: [problem('leg-cramps', { date: '2025-11-02' }), problem('rls'), problem('diabetes'), problem('peripheral-neuropathy')],
      medications: [med('ssris'), med('statins'), med('quinine'), med('magnesium-supplements')],
      labs: [lab('ferritin', 22, 'ng/mL', '2026-05-01T08:30:00-05:00', { value: 49.4, unit: 'pmol/L' }), lab('tsh', 6.1, 'm[IU]/L', '2026-04-01')],
    },
  },
  {
    name: 'patient-view: simple cramps on a dopaminergic agent',
    hook: 'patient-view',
    findings: { problems: [problem('leg-cramps')], medications: [med('dopaminergic-agents')] },
  },
  { name: 'patient-view: simple cramps', hook: 'patient-view', findings: { problems: [problem('leg-cramps')] } },
  { name: 'patient-view: RLS alone', hook: 'patient-view', findings: { problems: [problem('rls')] } },
  {
    name: 'patient-view: RLS on pramipexole with transferrin saturation 15 %',
    hook: 'patient-view',
    findings: { problems: [problem('rls')], medications: [med('dopaminergic-agents')], labs: [lab('tsat', 15, '%', '2026-05-01')] },
  },
  {
    name: 'order-select: simple cramps with a sleep study and questionable drugs selected',
    hook: 'order-select',
    findings: {
      problems: [problem('leg-cramps')],
      medications: [
        draftMed('dopaminergic-agents', 'dop-1'),
        draftMed('quinine', 'q-1'),
        draftMed('magnesium-supplements', 'mg-1'),
        draftMed('diuretics', 'hctz-1'),
      ],
      orders: [order('polysomnography', 'psg-1', { label: 'Polysomnography, attended' })],
    },
  },
  {
    name: 'order-select: RLS with a pramipexole draft selected',
    hook: 'order-select',
    findings: { problems: [problem('rls')], medications: [draftMed('dopaminergic-agents', 'dop-2')] },
  },
  {
    name: 'order-sign: RLS with two aggravating drafts',
    hook: 'order-sign',
    findings: { problems: [problem('rls')], medications: [draftMed('ssris', 'rx-1'), draftMed('lithium', 'rx-2')] },
  },
];
