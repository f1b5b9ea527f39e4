import type { Code, MedicationFinding } from '../findings/finding-types.js';
import { membershipKeys } from './code-key.js';
import type { ValueSet } from './knowledge-types.js';
import { namePattern } from './name-pattern.js';

/**
 * Membership tests the rules use. Codes match on system + code (`codeKey`, so ICD-10-CM matches dotted or not,
 * and through its ancestors: see `membershipKeys`); display text is read only by the documented drug-name fallback.
 * These test one set; the rules ask many sets at once through src/knowledge/value-set-index.ts, which gives the same
 * answers from an inverted index.
 */

// One compiled regex per value set, built at load (or on first use for value sets that tests build by hand).
const patterns = new WeakMap<ValueSet, RegExp | null>();

function patternOf(vs: ValueSet): RegExp | null {
  const cached = patterns.get(vs);
  if (cached !== undefined) return cached;
  const pattern = namePattern(vs.names);
  patterns.set(vs, pattern);
  return pattern;
}

/** Compiles the value set's name matcher now (the loader calls this so requests never compile regexes). */
export function prepareNameMatcher(vs: ValueSet): void {
  patternOf(vs);
}

/** True when any of the codes is a member (system + code), or an ICD-10-CM code lies under a member. */
export function inValueSet(codes: readonly Code[], vs: ValueSet): boolean {
  for (const code of codes) for (const key of membershipKeys(code.system, code.code)) if (vs.keys.has(key)) return true;
  return false;
}

/** True when any name contains one of the value set's drug names as whole words, case-insensitively. */
export function matchesByName(names: readonly string[], vs: ValueSet): boolean {
  const pattern = patternOf(vs);
  return pattern !== null && names.some((n) => pattern.test(n));
}

/**
 * A medication is in the set when one of its codes is a member, or, only when none of its codes is, when one of
 * its names (codeable-concept text, coding displays) carries an ingredient name of the set. The fallback catches
 * uncoded or locally coded drugs and RxNorm brand or new clinical-drug codes missing from the pinned expansions;
 * names are whole words and supplement sets list salts ("potassium chloride"), so "penicillin V potassium" does not match.
 */
export function medicationInSet(med: MedicationFinding, vs: ValueSet): boolean {
  return inValueSet(med.codes, vs) || matchesByName(med.names, vs);
}
