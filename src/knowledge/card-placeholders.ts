/**
 * The `{{…}}` placeholders written in card texts. Every `{{…}}` counts, whatever is inside, so a misspelling
 * (`{{drug}}`, `{{ lab-value }}`) is caught at start-up rather than rendered as empty text.
 */

const ANY_PLACEHOLDER = /\{\{([^}]*)\}\}/g;

/** The trimmed names of every `{{…}}` in a text, in order. */
export function placeholdersIn(text: string): readonly string[] {
  return [...text.matchAll(ANY_PLACEHOLDER)].map((match) => (match[1] ?? '').trim());
}
