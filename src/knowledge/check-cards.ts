import { placeholdersIn } from './card-placeholders.js';
import { isIdOf, PLACEHOLDERS } from './ids.js';
import { KnowledgeError } from './knowledge-error.js';
import type { KnowledgeFiles } from './knowledge-files.js';
import { IRON_POPULATIONS, TOPIC_CODES, type CardTemplate, type TopicCode } from './knowledge-types.js';

/**
 * Checks of `cards.json`: exactly the catalogue's topics, the variants each topic's rule emits, citations that
 * exist, and summaries short enough for CDS Hooks (summary "<140 characters", CDS Hooks 2.0 §Card Attributes).
 */

/**
 * Variants a topic's card must have: cramp-vs-rls carries the leaning, iron-deficiency the population whose iron
 * criterion was met, rls-dopaminergic-augmentation whether the drug is current (chart) or being ordered; every
 * other topic has one text.
 */
export function cardVariants(topic: TopicCode): readonly string[] {
  switch (topic) {
    case 'cramp-vs-rls':
      return ['cramp-likely', 'rls-likely', 'mixed'];
    case 'iron-deficiency':
      return IRON_POPULATIONS;
    case 'rls-dopaminergic-augmentation':
      return ['current', 'ordered'];
    default:
      return ['default'];
  }
}

function isTopicCode(value: string): value is TopicCode {
  return TOPIC_CODES.some((t) => t === value);
}

/** Every `{{…}}` of every text of the card is a placeholder the renderer fills (ids.ts PLACEHOLDERS). */
function checkPlaceholders(file: string, topic: string, card: CardTemplate): void {
  const texts: [string, string][] = [
    ['title', card.title],
    ...Object.entries(card.summary).map(([variant, text]): [string, string] => [`summary.${variant}`, text]),
    ...Object.entries(card.detail).map(([variant, text]): [string, string] => [`detail.${variant}`, text]),
    ...(card.suggestionLabel === undefined ? [] : [['suggestionLabel', card.suggestionLabel] as [string, string]]),
  ];
  for (const [field, text] of texts) {
    for (const name of placeholdersIn(text)) {
      if (!isIdOf(PLACEHOLDERS, name)) {
        throw new KnowledgeError(file, `${topic}.${field}`, `placeholder {{${name}}} is not one the renderer fills (${PLACEHOLDERS.join(', ')})`);
      }
    }
  }
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
    for (const variant of Object.keys(card.variantIndicators ?? {})) {
      if (!cardVariants(topic).includes(variant)) throw new KnowledgeError(file, `${topic}.variantIndicators.${variant}`, 'is not a variant of this topic');
    }
    checkPlaceholders(file, topic, card);
    for (const [variant, summary] of Object.entries(card.summary)) {
      const fixed = summary.replace(/\{\{[^}]*\}\}/g, '');
      if (fixed.length > MAX_SUMMARY_CHARS) {
        throw new KnowledgeError(file, `${topic}.summary.${variant}`, `is ${fixed.length} characters without placeholders (max ${MAX_SUMMARY_CHARS})`);
      }
    }
  }
  for (const topic of TOPIC_CODES) {
    if (!files.cards.has(topic)) throw new KnowledgeError(file, topic, 'missing card for this topic');
  }
}
