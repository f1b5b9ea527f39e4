import type { Code, MedicationFinding } from '../findings/finding-types.js';
import { membershipKeys } from './code-key.js';
import type { ValueSet } from './knowledge-types.js';
import { matchesByName } from './value-set-match.js';

/**
 * Membership in many value sets at once, with the answers of `inValueSet` and `medicationInSet`
 * (src/knowledge/value-set-match.ts). The rules ask, for every finding, which of a list of value sets it is in
 * (src/rules/chart-facts.ts); testing each set in turn was most of the rules stage in the profile of issue 11. Here
 * the value sets of a knowledge are inverted once (member key → the ids of the sets listing it), and the ids a
 * finding's codes are in are looked up once per request, on its first question, through the same `membershipKeys`
 * (so ICD-10-CM codes still match through their ancestors).
 *
 * Everything is keyed on objects that never change once a request reads them: the knowledge's `valueSets` record
 * (frozen by the loader; a knowledge a test builds by hand gets its own index on first use), a findings array and a
 * medication finding. Entries go with their keys (WeakMap), and the answers of one knowledge are never asked of
 * another, since each `valueSets` record has its own memo.
 */

/** The value sets of a knowledge by id (`Knowledge.valueSets`). */
export type ValueSetsById = Readonly<Record<string, ValueSet>>;

interface ValueSetIndex {
  /** Member key → the ids of the value sets listing it, in record order. */
  readonly idsByKey: ReadonlyMap<string, readonly string[]>;
  /** A findings array (`Findings.problems`, `.orders`) → each finding with the ids its codes are in, in order. */
  readonly idsOfFindings: WeakMap<readonly CodedFinding[], readonly WithValueSetIds<CodedFinding>[]>;
  /**
   * A medication → the ids of the value sets its codes are in. Medications are asked about in many subsets of
   * `Findings.medications` (`relevantMeds`, the current ones), so they are kept one by one.
   */
  readonly idsOfMedications: WeakMap<MedicationFinding, ReadonlySet<string>>;
}

/** A finding coded by codes (problems, orders, medications). */
export interface CodedFinding {
  readonly codes: readonly Code[];
}

/** A finding with the ids of the value sets one of its codes is in. */
export interface WithValueSetIds<F extends CodedFinding> {
  readonly finding: F;
  readonly ids: ReadonlySet<string>;
}

const indexes = new WeakMap<ValueSetsById, ValueSetIndex>();

// What codes that are in no value set (most of a chart) share, so they allocate nothing.
const NO_IDS: ReadonlySet<string> = new Set<string>();

function indexOf(valueSets: ValueSetsById): ValueSetIndex {
  const known = indexes.get(valueSets);
  if (known !== undefined) return known;
  const idsByKey = new Map<string, string[]>();
  // The record's own ids, as `knowledge.valueSets[id]` reads them (the set's `id` field is not what the rules ask for).
  for (const [id, vs] of Object.entries(valueSets)) {
    if (vs === undefined) continue;
    for (const key of vs.keys) {
      const ids = idsByKey.get(key);
      if (ids === undefined) idsByKey.set(key, [id]);
      else ids.push(id);
    }
  }
  const index: ValueSetIndex = { idsByKey, idsOfFindings: new WeakMap(), idsOfMedications: new WeakMap() };
  indexes.set(valueSets, index);
  return index;
}

/** Builds the index of a knowledge's value sets now (the loader calls this so no request builds it). */
export function prepareValueSetIndex(valueSets: ValueSetsById): void {
  indexOf(valueSets);
}

// Kept by the callers per findings array or per medication, never per codes array: a WeakMap entry costs more than
// a few hash lookups (about 1 µs against 0.3 µs per codes array, measured on Parker's chart), and a request has many.
function idsIn(index: ValueSetIndex, codes: readonly Code[]): ReadonlySet<string> {
  let found: Set<string> | undefined;
  for (const code of codes) {
    for (const key of membershipKeys(code.system, code.code)) {
      const ids = index.idsByKey.get(key);
      if (ids === undefined) continue;
      found ??= new Set<string>();
      for (const id of ids) found.add(id);
    }
  }
  return found ?? NO_IDS;
}

/** The ids of the value sets one of the codes is a member of (system + code, ICD-10-CM through its ancestors). */
export function valueSetIdsOf(codes: readonly Code[], valueSets: ValueSetsById): ReadonlySet<string> {
  return idsIn(indexOf(valueSets), codes);
}

/**
 * Each finding of the array with the ids of the value sets one of its codes is in, kept with the array: the rules
 * walk `Findings.problems` for many lists of sets, and one lookup per walk is cheaper than one per finding.
 */
export function withValueSetIds<F extends CodedFinding>(findings: readonly F[], valueSets: ValueSetsById): readonly WithValueSetIds<F>[] {
  const index = indexOf(valueSets);
  // Stored under this very array, so its entries hold its own findings, of type F.
  const known = index.idsOfFindings.get(findings) as readonly WithValueSetIds<F>[] | undefined;
  if (known !== undefined) return known;
  const each = findings.map((finding) => ({ finding, ids: idsIn(index, finding.codes) }));
  index.idsOfFindings.set(findings, each);
  return each;
}

/** The first of `ids` that `member` holds (the first of a list of sets a finding is in); undefined when none. */
export function firstIdIn<Id extends string>(member: ReadonlySet<string>, ids: readonly Id[]): Id | undefined {
  if (member.size === 0) return undefined;
  for (const id of ids) if (member.has(id)) return id;
  return undefined;
}

function idsOfMedication(index: ValueSetIndex, med: MedicationFinding): ReadonlySet<string> {
  let ids = index.idsOfMedications.get(med);
  if (ids === undefined) {
    ids = idsIn(index, med.codes);
    index.idsOfMedications.set(med, ids);
  }
  return ids;
}

/**
 * The first of `ids` whose value set the medication is in (`medicationInSet`: one of its codes is a member, or its
 * names carry one of the set's drug names); undefined when none is. The name fallback is not kept: a chart asks it
 * of few pairs of medication and set twice (21 of 83 on Parker's), and keeping it measured no faster.
 */
export function firstMedicationSet<Id extends string>(med: MedicationFinding, valueSets: ValueSetsById, ids: readonly Id[]): Id | undefined {
  const index = indexOf(valueSets);
  const member = idsOfMedication(index, med);
  for (const id of ids) {
    if (member.has(id)) return id;
    const set = valueSets[id];
    if (set !== undefined && matchesByName(med.names, set)) return id;
  }
  return undefined;
}
