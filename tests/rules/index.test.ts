import { RULES, runRules } from '../../src/rules/index.js';
import type { HookName } from '../../src/hooks/hook-types.js';
import { TOPIC_CODES } from '../../src/knowledge/knowledge-types.js';
import type { Findings } from '../../src/findings/finding-types.js';
import { draftMed, lab, med, order, problem, ruleInput } from '../support/finding-builders.js';
import { ruleKnowledge } from '../support/rule-knowledge.js';

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
    expect(Object.keys(RULES).sort()).toEqual([...TOPIC_CODES].sort());
  });

  // The hooks a topic runs on are knowledge (topics.json), not code: the chart-only topics stay silent on the order
  // hooks because the knowledge says so, and a knowledge that declares otherwise is followed.
  test('a chart-only topic runs on an order hook only when the knowledge declares that hook', () => {
    const chart = { problems: [problem('leg-cramps')] };
    expect(runRules(ruleInput(chart, 'order-select')).map((a) => a.topic)).toEqual([]);
    const shipped = ruleKnowledge();
    const widened = ruleKnowledge({ topics: { ...shipped.topics, 'cramp-vs-rls': { hooks: ['patient-view', 'order-select'], variants: ['cramp-likely', 'rls-likely', 'mixed'] } } });
    expect(runRules(ruleInput(chart, 'order-select', widened)).map((a) => a.topic)).toEqual(['cramp-vs-rls']);
  });

  test('the augmentation variant follows the hook as topics.json maps it (current on the chart, ordered on orders)', () => {
    const chart = { problems: [problem('rls')], medications: [med('dopaminergic-agents'), draftMed('dopaminergic-agents', 'o1')] };
    expect(runRules(ruleInput(chart, 'patient-view')).find((a) => a.topic === 'rls-dopaminergic-augmentation')?.variant).toBe('current');
    expect(runRules(ruleInput(chart, 'order-sign')).find((a) => a.topic === 'rls-dopaminergic-augmentation')?.variant).toBe('ordered');
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
