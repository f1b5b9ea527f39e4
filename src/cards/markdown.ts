/**
 * Markdown helpers for card `detail` (GitHub Flavored Markdown; the CDS Hooks Sandbox renders it with raw
 * HTML enabled, so any text from the EHR must be escaped before it reaches a card).
 */

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes text for inline GFM: HTML-significant characters become entities (no raw HTML), emphasis, code,
 * link, heading, table and strikethrough punctuation is backslash-escaped (CommonMark §2.4), a leading list
 * marker is escaped, and line breaks become spaces, so a label can neither start a block nor form a link.
 * Parentheses and `!` need no escape once `[` and `]` are escaped.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]#+|~]/g, (ch) => `\\${ch}`)
    // A list marker needs a following space (CommonMark §5.2): "- x" and "1. x" are markers, "-5" and "4.5" are not.
    .replace(/^(\s*)-(?=\s|$)/, '$1\\-')
    .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
    .replace(/[&<>]/g, (ch) => HTML_ENTITIES[ch] ?? ch);
}

/** A GFM bullet list of already-escaped lines (empty string when there are none). */
export function bulletList(lines: readonly string[]): string {
  return lines.map((line) => `- ${line}`).join('\n');
}

/** A bold heading paragraph followed by a bullet list, or nothing when the list is empty. */
export function section(heading: string, lines: readonly string[]): string {
  return lines.length > 0 ? `**${heading}**\n\n${bulletList(lines)}` : '';
}
