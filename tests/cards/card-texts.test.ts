import { readFileSync } from 'node:fs';
import { PLACEHOLDERS, placeholdersIn, SUMMARY_MAX } from '../../src/cards/fill-template.js';
import { cardVariants } from '../support/shipped-topics.js';
import { TOPIC_CODES } from '../../src/knowledge/knowledge-types.js';
import { shippedCardTemplates } from '../support/rule-knowledge.js';

// The shipped card texts (cds-services/knowledge/cards.json) against what cards/ can fill.
const cards = shippedCardTemplates();
const citationsFile: unknown = JSON.parse(readFileSync(new URL('../../cds-services/knowledge/citations.json', import.meta.url), 'utf8'));
const citationIds = typeof citationsFile === 'object' && citationsFile !== null ? Object.keys(citationsFile) : [];

describe('card texts', () => {
  test('there are texts for exactly the catalogue topics', () => {
    expect(Object.keys(cards).sort()).toEqual([...TOPIC_CODES].sort());
  });

  test.each(TOPIC_CODES)('%s: variants, placeholders, citations and override reasons are usable', (topic) => {
    const card = cards[topic];
    const variants = [...cardVariants(topic)].sort();
    expect(Object.keys(card.summary).sort()).toEqual(variants);
    expect(Object.keys(card.detail).sort()).toEqual(variants);
    const snippetTexts = Object.values(card.snippets ?? {}).flatMap((texts) => Object.values(texts));
    const texts = [...Object.values(card.summary), ...Object.values(card.detail), card.suggestionLabel ?? ''];
    const fillable = [...PLACEHOLDERS, ...Object.keys(card.snippets ?? {})];
    for (const name of texts.flatMap(placeholdersIn)) expect(fillable).toContain(name);
    for (const name of snippetTexts.flatMap(placeholdersIn)) expect(PLACEHOLDERS).toContain(name);
    for (const summary of Object.values(card.summary)) expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX);
    expect(card.citations.length).toBeGreaterThan(0);
    for (const id of card.citations) expect(citationIds).toContain(id);
    const codes = card.overrideReasons.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const reason of card.overrideReasons) expect(reason.display.length).toBeGreaterThan(0);
  });

  test.each([
    { topic: 'cramp-vs-rls', snippets: { iron: ['check', 'check-ferritin', 'check-tsat', 'criterion-met', 'esrd-incomplete', 'esrd-not-met', 'iv-only', 'on-file'], rlsCare: ['child', 'pregnancy', 'standard'] } },
    {
      topic: 'rls-dopaminergic-augmentation',
      snippets: {
        alternatives: ['child', 'esrd', 'pregnancy', 'standard'],
        evidence: ['adult', 'child'],
        firstLine: ['child', 'pregnancy', 'standard'],
        verdict: ['adult', 'child'],
      },
    },
    { topic: 'iron-deficiency', snippets: { ironRoute: ['iv-only', 'iv-only-pregnancy', 'pregnancy', 'standard'], tsat: ['missing', 'on-file'] } },
    { topic: 'dopaminergic-for-cramps', snippets: { rlsCare: ['child', 'pregnancy', 'standard'] } },
    { topic: 'workup-labs', snippets: { basis: ['baseline', 'clinical-suspicion'] } },
  ] as const)('$topic has a wording for every snippet key its rule picks', ({ topic, snippets }) => {
    const shipped = cards[topic].snippets ?? {};
    expect(Object.fromEntries(Object.entries(shipped).map(([name, texts]) => [name, Object.keys(texts).sort()]))).toEqual(snippets);
  });

  test('topics that remove an order have a removal label', () => {
    for (const topic of ['rls-aggravating-drug', 'rls-dopaminergic-augmentation', 'psg-not-indicated', 'dopaminergic-for-cramps', 'quinine-for-cramps'] as const) {
      expect(cards[topic].suggestionLabel).toBe('Remove the draft order for {{order}}');
    }
    // The workup's label follows the item's basis (clinical.json): "Order …" or "If clinically suspected: order …".
    expect(cards['workup-labs'].suggestionLabel).toBe('{{basis}}');
    expect(cards['workup-labs'].snippets?.['basis']).toEqual({ baseline: 'Order {{lab}}', 'clinical-suspicion': 'If clinically suspected: order {{lab}}' });
  });
});
