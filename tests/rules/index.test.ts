import { readFileSync } from 'node:fs';
import path from 'node:path';
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

  // docs/adding-a-topic.md: a topic is its knowledge data and one rule file. The two lists that name it in code
  // (TOPIC_IDS, RULES) must say exactly what the data says, and each rule lives in the file named for its topic.
  test('the topic registries follow the data: RULES and TOPIC_IDS name exactly the topics of topics.json and cards.json', () => {
    const data = (file: string) => Object.keys(JSON.parse(readFileSync(path.resolve('cds-services', 'knowledge', file), 'utf8')) as object).filter((k) => k !== '$comment');
    expect([...TOPIC_CODES].sort()).toEqual(data('topics.json').sort());
    expect([...TOPIC_CODES].sort()).toEqual(data('cards.json').sort());
    expect(Object.keys(RULES).sort()).toEqual(data('topics.json').sort());
  });

  test.each([...TOPIC_CODES])('the rule of %s is the one exported by src/rules/%s.ts', async (topic) => {
    const camel = topic.replace(/-([a-z])/g, (_m, ch: string) => ch.toUpperCase());
    const module = (await import(`../../src/rules/${topic}.js`)) as Record<string, unknown>;
    expect(module[camel]).toBe(RULES[topic]);
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
