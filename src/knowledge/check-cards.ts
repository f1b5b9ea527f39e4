import { placeholdersIn } from './card-placeholders.js';
import { isIdOf, PLACEHOLDERS } from './ids.js';
import { KnowledgeError } from './knowledge-error.js';
import type { KnowledgeFiles } from './knowledge-files.js';
import { TOPIC_CODES, type CardTemplate, type TopicCode } from './knowledge-types.js';

/**
 * Checks of `topics.json` and `cards.json`: exactly the catalogue's topics, the variants each topic declares, citations that
 * exist, and summaries short enough for CDS Hooks (summary "<140 characters", CDS Hooks 2.0 §Card Attributes).
 */

function isTopicCode(value: string): value is TopicCode {
  return TOPIC_CODES.some((t) => t === value);
}

/** topics.json: exactly the catalogue's topics (ids.ts), each variant named by variantByHook one of its variants. */
function checkTopics(files: KnowledgeFiles): void {
  const file = files.paths.topics;
  for (const [topic, definition] of files.topics) {
    if (!isTopicCode(topic)) throw new KnowledgeError(file, topic, `unknown topic (known: ${TOPIC_CODES.join(', ')})`);
    for (const [hook, variant] of Object.entries(definition.variantByHook ?? {})) {
      if (!definition.variants.includes(variant)) throw new KnowledgeError(file, `${topic}.variantByHook.${hook}`, `"${variant}" is not one of the topic's variants`);
      if (!definition.hooks.some((h) => h === hook)) throw new KnowledgeError(file, `${topic}.variantByHook.${hook}`, 'is not a hook the topic fires on');
    }
  }
  for (const topic of TOPIC_CODES) {
    if (!files.topics.has(topic)) throw new KnowledgeError(file, topic, 'missing: every topic declares its hooks and variants');
  }
}

/**
 * Every `{{…}}` of every text of the card is a placeholder the renderer fills: one of ids.ts PLACEHOLDERS, or a
 * snippet the card itself defines (`snippets`, whose wordings may use the placeholders too).
 */
function checkPlaceholders(file: string, topic: string, card: CardTemplate): void {
  const texts: [string, string][] = [
    ['title', card.title],
    ...Object.entries(card.summary).map(([variant, text]): [string, string] => [`summary.${variant}`, text]),
    ...Object.entries(card.detail).map(([variant, text]): [string, string] => [`detail.${variant}`, text]),
    ...(card.suggestionLabel === undefined ? [] : [['suggestionLabel', card.suggestionLabel] as [string, string]]),
    ...Object.entries(card.snippets ?? {}).flatMap(([name, wordings]) =>
      Object.entries(wordings).map(([choice, text]): [string, string] => [`snippets.${name}.${choice}`, text]),
    ),
  ];
  const snippetNames = Object.keys(card.snippets ?? {});
  for (const [field, text] of texts) {
    for (const name of placeholdersIn(text)) {
      if (!isIdOf(PLACEHOLDERS, name) && !snippetNames.includes(name)) {
        throw new KnowledgeError(file, `${topic}.${field}`, `placeholder {{${name}}} is not one the renderer fills (${[...PLACEHOLDERS, ...snippetNames].join(', ')})`);
      }
    }
  }
}

/** Longest summary template, counting its fixed text only: `cards/` enforces the limit again once filled. */
export const MAX_SUMMARY_CHARS = 139;

/**
 * Suppression (issue 10): a critical card is never suppressed, a topic that forbids suppression marks no reason
 * `suppress`, and every info card offers at least one suppressing reason (such as "already addressed").
 */
function checkSuppression(file: string, topic: string, card: CardTemplate): void {
  const suppressing = card.overrideReasons.filter((r) => r.suppress);
  // A variant may be more or less severe than its topic: each indicator the card can carry counts.
  const indicators = [card.indicator, ...Object.values(card.variantIndicators ?? {})];
  const critical = indicators.includes('critical');
  if (critical && card.suppression.allowed) throw new KnowledgeError(file, `${topic}.suppression.allowed`, 'a critical card is never suppressed');
  if (!card.suppression.allowed && suppressing.length > 0) {
    throw new KnowledgeError(file, `${topic}.overrideReasons`, `reason "${suppressing[0]?.code ?? ''}" is marked suppress but the topic forbids suppression`);
  }
  if (indicators.includes('info') && suppressing.length === 0) throw new KnowledgeError(file, `${topic}.overrideReasons`, 'an info card must offer at least one reason marked suppress');
}

/** Throws KnowledgeError at the first problem. */
export function checkCards(files: KnowledgeFiles): void {
  checkTopics(files);
  const file = files.paths.cards;
  // checkTopics made sure every topic is declared.
  const cardVariants = (topic: TopicCode): readonly string[] => files.topics.get(topic)?.variants ?? [];
  for (const [topic, card] of files.cards) {
    if (!isTopicCode(topic)) throw new KnowledgeError(file, topic, `unknown topic (known: ${TOPIC_CODES.join(', ')})`);
    card.citations.forEach((id, i) => {
      if (!files.citations.has(id)) throw new KnowledgeError(file, `${topic}.citations[${i}]`, `citation "${id}" is not in citations.json`);
    });
    for (const variant of cardVariants(topic)) {
      if (card.summary[variant] === undefined) throw new KnowledgeError(file, `${topic}.summary.${variant}`, 'is missing');
      if (card.detail[variant] === undefined) throw new KnowledgeError(file, `${topic}.detail.${variant}`, 'is missing');
    }
    checkSuppression(file, topic, card);
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
    for (const [name, byKey] of Object.entries(card.snippetCitations ?? {})) {
      for (const [key, ids] of Object.entries(byKey)) {
        const field = `${topic}.snippetCitations.${name}.${key}`;
        if (card.snippets?.[name]?.[key] === undefined) throw new KnowledgeError(file, field, 'is not a snippet wording of this topic');
        ids.forEach((id, i) => {
          if (!files.citations.has(id)) throw new KnowledgeError(file, `${field}[${i}]`, `citation "${id}" is not in citations.json`);
        });
      }
    }
    checkPlaceholders(file, topic, card);
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
