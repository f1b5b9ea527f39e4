import { RULES, runRules } from '../../src/rules/index.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import { TOPIC_CODES } from '../../src/knowledge/knowledge-types.js';
import type { Findings } from '../../src/findings/finding-types.js';
import { draftMed, lab, med, order, problem, ruleInput } from '../support/finding-builders.js';

// A chart that triggers every chart topic, with one current and one selected draft of each drug topic.
const busyChart: Partial<Findings> = {
  problems: [problem('leg-cramps'), problem('rls'), problem('diabetes')],
  medications: [
    med('ssris'),
    med('statins'),
    med('quinine'),
    med('magnesium-supplements'),
    med('dopaminergic-agents'),
    draftMed('ssris', 'o1'),
    draftMed('diuretics', 'o2'),
    draftMed('quinine', 'o3'),
    draftMed('magnesium-supplements', 'o4'),
    draftMed('dopaminergic-agents', 'o5'),
  ],
  labs: [lab('ferritin', 20, 'ng/mL', '2026-05-01')],
};

const expected: Readonly<Record<HookName, readonly string[]>> = {
  'patient-view': [
    'cramp-vs-rls',
    'rls-aggravating-drug',
    'rls-dopaminergic-augmentation',
    'cramp-drug-culprit',
    'quinine-for-cramps',
    'iron-deficiency',
    'secondary-causes',
    'workup-labs',
    'electrolyte-pitfall',
  ],
  'order-select': ['rls-aggravating-drug', 'rls-dopaminergic-augmentation', 'cramp-drug-culprit', 'quinine-for-cramps', 'electrolyte-pitfall'],
  'order-sign': ['rls-aggravating-drug', 'rls-dopaminergic-augmentation', 'cramp-drug-culprit', 'quinine-for-cramps', 'electrolyte-pitfall'],
};

describe('runRules', () => {
  test('there is one rule per catalogue topic', () => {
    expect(RULES).toHaveLength(TOPIC_CODES.length);
  });

  test.each(Object.entries(expected))('%s: speaks about the hook’s own scope only', (hook, topics) => {
    expect(runRules(ruleInput(busyChart, hook as HookName)).map((a) => a.topic)).toEqual(topics);
  });

  test('order hooks name only the selected drafts, never the current medications', () => {
    const assessments = runRules(ruleInput(busyChart, 'order-select'));
    const origins = assessments.flatMap((a) => a.evidence.flatMap((e) => (e.kind === 'medication' ? [e.finding.origin] : [])));
    expect(new Set(origins)).toEqual(new Set(['draft-order']));
  });

  test('a simple cramp chart with a sleep study order gets only the PSG card on order-select', () => {
    const input = ruleInput({ problems: [problem('leg-cramps')], orders: [order('polysomnography', 'p1')] }, 'order-select');
    expect(runRules(input).map((a) => a.topic)).toEqual(['psg-not-indicated']);
  });

  test('an empty chart gives no assessment on any hook', () => {
    for (const hook of ['patient-view', 'order-select', 'order-sign'] as const) expect(runRules(ruleInput({}, hook))).toEqual([]);
  });
});
