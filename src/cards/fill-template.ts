/**
 * Fills the `{{placeholder}}`s of card texts (cds-services/knowledge/cards.json). The placeholders are:
 * `problems` (the chart problems behind the card), `drugs` (drug names), `classes` (drug classes),
 * `lab`, `value`, `unit`, `result`, `date`, `threshold`, `bound` (a lab result, its threshold, and the side it crossed, e.g.
 * "at or below 75 ng/mL"), `causes` (secondary causes),
 * `tests` (missing workup tests), `count` (number of listed items) and, in suggestion labels, `order`.
 */

import type { Placeholder } from '../knowledge/ids.js';
import { joinList } from './describe-evidence.js';

// The placeholders are declared in knowledge/ids.ts, so the loader checks every card text against them at start-up.
export { PLACEHOLDERS, type Placeholder } from '../knowledge/ids.js';
export { placeholdersIn } from '../knowledge/card-placeholders.js';

/** A placeholder's value: a text, or a list of names written "a, b and c" (a summary may shorten it, see `fillSummary`). */
export type TemplateVars = Partial<Readonly<Record<Placeholder, string | readonly string[]>>>;

/** CDS Hooks 2.0 Card.summary: "less than a 140-character summary". */
export const SUMMARY_MAX = 139;

const PLACEHOLDER_PATTERN = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;
const ELLIPSIS = '…';

/**
 * A card text split at its placeholders: `literals[i]` comes before `names[i]` (written `raws[i]` in the text), and the
 * last literal ends it. Card texts are knowledge, a fixed set known at start-up, so each is split once and kept; the
 * replacement by regular expression on every call was about a fifth of the cards stage in a profile of the cards alone
 * (bench/results/stage-costs-2026-12-01.md).
 */
interface SplitText {
  readonly literals: readonly string[];
  readonly names: readonly string[];
  readonly raws: readonly string[];
}

// The texts are those of the knowledge and their snippets; the bound is a guard, not the working size.
const splitTexts = new Map<string, SplitText>();
const MAX_SPLIT_TEXTS = 5000;

function splitText(text: string): SplitText {
  const known = splitTexts.get(text);
  if (known !== undefined) return known;
  const literals: string[] = [];
  const names: string[] = [];
  const raws: string[] = [];
  let from = 0;
  for (const match of text.matchAll(PLACEHOLDER_PATTERN)) {
    literals.push(text.slice(from, match.index));
    names.push(match[1] ?? '');
    raws.push(match[0]);
    from = match.index + match[0].length;
  }
  literals.push(text.slice(from));
  const split = { literals, names, raws };
  if (splitTexts.size < MAX_SPLIT_TEXTS) splitTexts.set(text, split);
  return split;
}

/** The text with each placeholder replaced by `replacement(name, raw)`, `raw` the placeholder as the text writes it. */
function replacePlaceholders(text: string, replacement: (name: string, raw: string) => string): string {
  const { literals, names, raws } = splitText(text);
  let out = literals[0] ?? '';
  for (let i = 0; i < names.length; i++) out += replacement(names[i] ?? '', raws[i] ?? '') + (literals[i + 1] ?? '');
  return out;
}

/** Replaces each placeholder by its value (a list joined "a, b and c"); an unknown or unset placeholder becomes empty text. */
export function fillTemplate(text: string, vars: TemplateVars, encode: (value: string) => string = (v) => v): string {
  const values = vars as Readonly<Record<string, string | readonly string[] | undefined>>;
  return replacePlaceholders(text, (name) => {
    const value = values[name];
    if (value === undefined) return '';
    return encode(typeof value === 'string' ? value : joinList(value));
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
  return replacePlaceholders(text, (name, raw) => {
    const texts = snippets[name];
    if (texts === undefined) return raw;
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

// What a summary says instead of a list when not even its first name fits: "the drug below", "the 3 drugs below".
const LIST_NOUNS: Readonly<Partial<Record<Placeholder, readonly [string, string]>>> = {
  drugs: ['drug', 'drugs'],
  classes: ['drug class', 'drug classes'],
  problems: ['problem', 'problems'],
  causes: ['cause', 'causes'],
  tests: ['test', 'tests'],
};

// The first `shown` names of a list and "N more" for the rest; with none shown, the noun phrase.
function shortList(name: Placeholder, items: readonly string[], shown: number): string {
  if (shown >= items.length) return joinList(items);
  if (shown > 0) return joinList([...items.slice(0, shown), `${items.length - shown} more`]);
  const [one, many] = LIST_NOUNS[name] ?? ['item', 'items'];
  return items.length === 1 ? `the ${one} below` : `the ${items.length} ${many} below`;
}

/**
 * Fills a summary and keeps it under 140 characters without cutting a name: the longest list (e.g. the drugs) names
 * one item fewer and says "and N more" until the summary fits; a list whose first name alone does not fit points to
 * the findings below instead. Only a summary whose fixed text is too long is cut (the loader refuses those).
 */
export function fillSummary(text: string, vars: TemplateVars): string {
  const filled = fillTemplate(text, vars);
  if (filled.length <= SUMMARY_MAX) return filled;
  const lists = (Object.entries(vars) as [Placeholder, string | readonly string[] | undefined][]).flatMap(([name, value]) =>
    value !== undefined && typeof value !== 'string' && value.length > 0 ? [{ name, items: value, shown: value.length }] : [],
  );
  const withLists = (): TemplateVars => ({ ...vars, ...Object.fromEntries(lists.map((l) => [l.name, shortList(l.name, l.items, l.shown)])) });
  for (;;) {
    const longest = (min: number) =>
      lists.filter((l) => l.shown > min).sort((a, b) => shortList(b.name, b.items, b.shown).length - shortList(a.name, a.items, a.shown).length)[0];
    const next = longest(1) ?? longest(0);
    if (next === undefined) break;
    next.shown -= 1;
    const shortened = fillTemplate(text, withLists());
    if (shortened.length <= SUMMARY_MAX) return shortened;
  }
  return truncate(filled, SUMMARY_MAX);
}
