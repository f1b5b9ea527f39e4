/**
 * Fills the `{{placeholder}}`s of card texts (cds-services/knowledge/cards.json). The placeholders are:
 * `problems` (the chart problems behind the card), `drugs` (drug names), `classes` (drug classes),
 * `lab`, `value`, `unit`, `date`, `threshold`, `bound` (a lab result, its threshold, and the side it crossed, e.g.
 * "at or below 75 ng/mL"), `causes` (secondary causes),
 * `tests` (missing workup tests), `count` (number of listed items) and, in suggestion labels, `order`.
 */

import type { Placeholder } from '../knowledge/ids.js';

// The placeholders are declared in knowledge/ids.ts, so the loader checks every card text against them at start-up.
export { PLACEHOLDERS, type Placeholder } from '../knowledge/ids.js';
export { placeholdersIn } from '../knowledge/card-placeholders.js';

export type TemplateVars = Partial<Readonly<Record<Placeholder, string>>>;

/** CDS Hooks 2.0 Card.summary: "less than a 140-character summary". */
export const SUMMARY_MAX = 139;

const PLACEHOLDER_PATTERN = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;
const ELLIPSIS = '…';

/** Replaces each placeholder by its value; an unknown or unset placeholder becomes empty text. */
export function fillTemplate(text: string, vars: TemplateVars, encode: (value: string) => string = (v) => v): string {
  return text.replace(PLACEHOLDER_PATTERN, (_match, name: string) => {
    const value = (vars as Readonly<Record<string, string | undefined>>)[name];
    return value === undefined ? '' : encode(value);
  });
}

/**
 * Puts the chosen wording of each snippet into a card text (CardTemplate.snippets: trusted knowledge text, so it
 * may hold Markdown and further placeholders); other placeholders are left for `fillTemplate`.
 */
export function applySnippets(
  text: string,
  snippets: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined,
  chosen: Readonly<Record<string, string>> | undefined,
): string {
  if (snippets === undefined) return text;
  return text.replace(PLACEHOLDER_PATTERN, (match, name: string) => {
    const texts = snippets[name];
    if (texts === undefined) return match;
    return texts[chosen?.[name] ?? 'default'] ?? texts['default'] ?? '';
  });
}

/** Cuts text to at most `max` UTF-16 units, never inside a surrogate pair, ending with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const codePoint of text) {
    if (out.length + codePoint.length + ELLIPSIS.length > max) break;
    out += codePoint;
  }
  return `${out.replace(/[\s,;:]+$/, '')}${ELLIPSIS}`;
}

/**
 * Fills a summary and keeps it under 140 characters: the longest filled value is shortened first (so the
 * fixed advice of the summary stays readable), then the whole text as a last resort.
 */
export function fillSummary(text: string, vars: TemplateVars): string {
  const filled = fillTemplate(text, vars);
  if (filled.length <= SUMMARY_MAX) return filled;
  const entries = Object.entries(vars).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  const longest = entries.sort((a, b) => b[1].length - a[1].length)[0];
  if (longest) {
    const budget = longest[1].length - (filled.length - SUMMARY_MAX);
    if (budget > ELLIPSIS.length) {
      const shortened = fillTemplate(text, { ...vars, [longest[0]]: truncate(longest[1], budget) });
      if (shortened.length <= SUMMARY_MAX) return shortened;
    }
  }
  return truncate(filled, SUMMARY_MAX);
}
