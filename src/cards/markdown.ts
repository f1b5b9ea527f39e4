/**
 * Markdown helpers for card `detail` (GitHub Flavored Markdown; the CDS Hooks Sandbox renders it with raw
 * HTML enabled, so any text from the EHR must be escaped before it reaches a card).
 */

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * True for the texts on which one of the steps of `escapeMarkdownFully` changes something: whitespace other than
 * single spaces between words (and control characters), a character it escapes, `www.`, or a leading list marker,
 * `=` or ordered-list number. Most drug and problem names hold none of them, and one test is cheaper than the eight
 * replacements (issue 11's profile); tests/cards/markdown.test.ts checks both ways agree on arbitrary text.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what the full escape removes
const NEEDS_ESCAPING = /[^\S ]| {2}|^ | $|[\u0000-\u001f\u007f\\`*_[\]#+|~:@&<>]|www\.|^-(?=[\s\-=]|$)|^=|^\d{1,9}[.)](?=\s|$)/i;

/**
 * Escapes text for inline GFM: HTML-significant characters become entities (no raw HTML), emphasis, code,
 * link, heading, table and strikethrough punctuation is backslash-escaped (CommonMark §2.4), a leading list
 * marker or thematic break is escaped, and whitespace runs (line breaks, tabs, control characters) become one
 * space, so a label can neither start a block nor form a link. GFM also links bare URLs, `www.` names and e-mail
 * addresses ("autolink literals"): an escaped `:`, `@` or `www\.` breaks each of them, and renders unchanged.
 * Parentheses and `!` need no escape once `[` and `]` are escaped.
 */
export function escapeMarkdown(text: string): string {
  return NEEDS_ESCAPING.test(text) ? escapeMarkdownFully(text) : text;
}

/** Every step of `escapeMarkdown`, whether or not the text needs it (exported so the tests can compare the two). */
export function escapeMarkdownFully(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is being removed
      .replace(/[\s\u0000-\u001f\u007f]+/g, ' ')
      .trim()
      .replace(/[\\`*_[\]#+|~:@]/g, (ch) => `\\${ch}`)
      .replace(/(www)\./gi, '$1\\.')
      // A list marker needs a following space (CommonMark §5.2): "- x" and "1. x" are markers, "-5" and "4.5" are
      // not; a leading "-" before another "-" or "=" could still make a thematic break or a setext underline.
      .replace(/^-(?=[\s\-=]|$)/, '\\-')
      .replace(/^=/, '\\=')
      .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
      .replace(/[&<>]/g, (ch) => HTML_ENTITIES[ch] ?? ch)
  );
}

// Texts of the knowledge (cause labels, examinations, value-set titles, criteria, missing-lab lines) are a fixed set
// known at start-up: each is escaped on first use and kept, instead of once per card. Never for text from the EHR,
// which varies per call and would grow the cache (the bound is a guard, not the working size).
const escapedKnowledge = new Map<string, string>();
const MAX_ESCAPED_KNOWLEDGE = 5000;

/** `escapeMarkdown` for a text of the knowledge data (never one from the EHR), computed once per text. */
export function escapeKnowledgeText(text: string): string {
  let escaped = escapedKnowledge.get(text);
  if (escaped === undefined) {
    escaped = escapeMarkdown(text);
    if (escapedKnowledge.size < MAX_ESCAPED_KNOWLEDGE) escapedKnowledge.set(text, escaped);
  }
  return escaped;
}

/** A GFM bullet list of already-escaped lines (empty string when there are none). */
export function bulletList(lines: readonly string[]): string {
  return lines.map((line) => `- ${line}`).join('\n');
}

/** A bold heading paragraph followed by a bullet list, or nothing when the list is empty. */
export function section(heading: string, lines: readonly string[]): string {
  return lines.length > 0 ? `**${heading}**\n\n${bulletList(lines)}` : '';
}
