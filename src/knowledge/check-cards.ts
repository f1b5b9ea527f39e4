import { KnowledgeError } from './knowledge-error.js';
import type { KnowledgeFiles } from './knowledge-files.js';
import { IRON_POPULATIONS, TOPIC_CODES, type TopicCode } from './knowledge-types.js';

/**
 * Checks of `cards.json`: exactly the catalogue's topics, the variants each topic's rule emits, citations that
 * exist, and summaries short enough for CDS Hooks (summary "<140 characters", CDS Hooks 2.0 §Card Attributes).
 */

/**
 * Variants a topic's card must have: cramp-vs-rls carries the leaning, iron-deficiency the population whose iron
 * criterion was met, rls-dopaminergic-augmentation whether the drug is current (chart) or being ordered,
 * workup-labs whether it is the workup of RLS or of leg cramps; every other topic has one text.
 */
export function cardVariants(topic: TopicCode): readonly string[] {
  switch (topic) {
    case 'cramp-vs-rls':
      return ['cramp-likely', 'rls-likely', 'mixed'];
    case 'iron-deficiency':
      return IRON_POPULATIONS;
    case 'rls-dopaminergic-augmentation':
      return ['current', 'ordered'];
    case 'workup-labs':
      return ['rls', 'cramps'];
    case 'electrolyte-pitfall':
      return ['default', 'potassium-sparing'];
    default:
      return ['default'];
  }
}

function isTopicCode(value: string): value is TopicCode {
  return TOPIC_CODES.some((t) => t === value);
}

/** Longest summary template, counting its fixed text only: `cards/` enforces the limit again once filled. */
export const MAX_SUMMARY_CHARS = 139;

/** Throws KnowledgeError at the first problem. */
export function checkCards(files: KnowledgeFiles): void {
  const file = files.paths.cards;
  for (const [topic, card] of files.cards) {
    if (!isTopicCode(topic)) throw new KnowledgeError(file, topic, `unknown topic (known: ${TOPIC_CODES.join(', ')})`);
    card.citations.forEach((id, i) => {
      if (!files.citations.has(id)) throw new KnowledgeError(file, `${topic}.citations[${i}]`, `citation "${id}" is not in citations.json`);
    });
    for (const variant of cardVariants(topic)) {
      if (card.summary[variant] === undefined) throw new KnowledgeError(file, `${topic}.summary.${variant}`, 'is missing');
      if (card.detail[variant] === undefined) throw new KnowledgeError(file, `${topic}.detail.${variant}`, 'is missing');
    }
    for (const field of ['variantIndicators', 'variantCitations'] as const) {
      for (const variant of Object.keys(card[field] ?? {})) {
        if (!cardVariants(topic).includes(variant)) throw new KnowledgeError(file, `${topic}.${field}.${variant}`, 'is not a variant of this topic');
      }
    }
    for (const [variant, ids] of Object.entries(card.variantCitations ?? {})) {
      ids.forEach((id, i) => {
        if (!files.citations.has(id)) throw new KnowledgeError(file, `${topic}.variantCitations.${variant}[${i}]`, `citation "${id}" is not in citations.json`);
      });
    }
    for (const [variant, summary] of Object.entries(card.summary)) {
      // A snippet counts with its longest wording.
      const longest = (name: string): string =>
        Object.values(card.snippets?.[name] ?? {}).reduce((a, b) => (b.length > a.length ? b : a), `{{${name}}}`);
      const fixed = summary.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (_m, name: string) => longest(name)).replace(/\{\{[^}]*\}\}/g, '');
      if (fixed.length > MAX_SUMMARY_CHARS) {
        throw new KnowledgeError(file, `${topic}.summary.${variant}`, `is ${fixed.length} characters without placeholders (max ${MAX_SUMMARY_CHARS})`);
      }
    }
  }
  for (const topic of TOPIC_CODES) {
    if (!files.cards.has(topic)) throw new KnowledgeError(file, topic, 'missing card for this topic');
  }
}
