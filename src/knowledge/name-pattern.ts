/**
 * Word-boundary matching of drug names. Used by the derivation (filtering VSAC and Synthea displays by
 * ingredient) and by the documented drug-name fallback at run time, so both read names the same way.
 */

/**
 * One case-insensitive regex matching any of `names` as whole words ("chlorthalidone" matches
 * "atenolol 100 MG / chlorthalidone 25 MG Oral Tablet"; "venlafaxine" does not match "desvenlafaxine").
 * Spaces inside a name match any run of white space. Returns `null` for an empty list.
 */
export function namePattern(names: readonly string[]): RegExp | null {
  const alternatives = names
    .map((n) => n.trim())
    .filter((n) => n.length > 0)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
  return alternatives.length === 0 ? null : new RegExp(`\\b(?:${alternatives.join('|')})\\b`, 'i');
}
