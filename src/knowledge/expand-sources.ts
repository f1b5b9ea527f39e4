import { canonicalSystem, codeKey, SYSTEMS } from './code-key.js';
import { KnowledgeError } from './knowledge-error.js';
import { namePattern } from './name-pattern.js';
import type { PinnedData, PinnedValueSet } from './pinned-data.js';
import type { DerivedCode, ListedSource, PinnedSource, SyntheaSource, ValueSetSource } from './source-types.js';

/**
 * Expands one `include` entry of a value-set or lab source into members. Pure: the pinned data is passed in.
 * Every member's system must be one of `SYSTEMS`; a filter that keeps nothing is an error (it is a typo).
 */

const KNOWN_SYSTEMS: ReadonlySet<string> = new Set(Object.values(SYSTEMS));

/** Members and the human-readable source labels of one include entry. */
export interface Expansion {
  readonly labels: readonly string[];
  readonly codes: readonly DerivedCode[];
}

/** Where an include entry sits, for error messages: the source file and `<id>.include[<i>]`. */
export interface IncludeAt {
  readonly file: string;
  readonly field: string;
}

/** Expands any include entry; `names` are the value set's drug names (for `{ "synthea": "names" }`). */
export function expandInclude(source: ValueSetSource, names: readonly string[], pinned: PinnedData, at: IncludeAt): Expansion {
  if ('synthea' in source) return expandSynthea(source, names, pinned, at);
  if ('source' in source) return expandListed(source, at);
  return expandPinned(source, pinned, at);
}

/** The ids of the pinned files an include entry reads (`vsac` OID or `pinnedValueSet` name). */
export function pinnedIdOf(source: ValueSetSource): string | undefined {
  if ('synthea' in source || 'source' in source) return undefined;
  return source.vsac ?? source.pinnedValueSet;
}

/** Merges expansions in order: the first source of a code wins; codes sorted by system, then code. */
export function mergeExpansions(expansions: readonly Expansion[]): Expansion {
  const labels = [...new Set(expansions.flatMap((e) => e.labels))];
  const byKey = new Map<string, DerivedCode>();
  for (const code of expansions.flatMap((e) => e.codes)) {
    const key = codeKey(code.system, code.code);
    if (!byKey.has(key)) byKey.set(key, code);
  }
  const codes = [...byKey.values()].sort((a, b) => compare(a.system, b.system) || compare(a.code, b.code));
  return { labels, codes };
}

function expandPinned(source: PinnedSource, pinned: PinnedData, at: IncludeAt): Expansion {
  const id = source.vsac ?? source.pinnedValueSet ?? '';
  const set = pinned.valueSets.get(id);
  if (set === undefined) throw new KnowledgeError(at.file, at.field, `pinned value set ${id} was not read`);
  const include = namePattern(source.displayIncludes ?? []);
  const exclude = namePattern(source.displayExcludes ?? []);
  const wanted = source.codes === undefined ? undefined : new Set(source.codes);
  for (const code of wanted ?? []) {
    if (!set.members.some((m) => m.code === code)) throw new KnowledgeError(at.file, at.field, `code ${code} is not in ${id}`);
  }
  const members = set.members.filter(
    (m) =>
      (wanted === undefined || wanted.has(m.code)) &&
      (include === null || include.test(m.display ?? '')) &&
      (exclude === null || !exclude.test(m.display ?? '')),
  );
  if (members.length === 0) throw new KnowledgeError(at.file, at.field, `no member of ${id} passes the filter`);
  const tag = source.vsac === undefined ? `pinned:${id}` : `vsac:${id}`;
  return {
    labels: [labelOf(set, source.vsac !== undefined)],
    codes: members.map((m) => derivedCode(m.system, m.code, m.display, tag, at)),
  };
}

function expandListed(source: ListedSource, at: IncludeAt): Expansion {
  return {
    labels: [source.source],
    codes: source.codes.map((c) => derivedCode(c.system, c.code, c.display, source.source, at)),
  };
}

function expandSynthea(source: SyntheaSource, names: readonly string[], pinned: PinnedData, at: IncludeAt): Expansion {
  if (source.synthea === 'codes') {
    const codes = (source.codes ?? []).map((code) => {
      const found = pinned.syntheaCodings.find((m) => m.code === code);
      if (found === undefined) throw new KnowledgeError(at.file, at.field, `code ${code} does not occur in the Synthea data`);
      return derivedCode(found.system, found.code, found.display, `synthea:${found.file}`, at);
    });
    return { labels: [...new Set(codes.map((c) => c.source))], codes };
  }
  const pattern = namePattern(names);
  if (pattern === null) throw new KnowledgeError(at.file, at.field, 'matching Synthea by names needs `names`');
  const codes = pinned.syntheaCodings
    .filter((m) => canonicalSystem(m.system) === SYSTEMS.rxnorm && pattern.test(m.display ?? ''))
    .map((m) => derivedCode(m.system, m.code, m.display, `synthea:${m.file}`, at));
  return { labels: [...new Set(codes.map((c) => c.source))], codes };
}

function derivedCode(system: string, code: string, display: string | undefined, source: string, at: IncludeAt): DerivedCode {
  const canonical = canonicalSystem(system);
  if (!KNOWN_SYSTEMS.has(canonical)) throw new KnowledgeError(at.file, at.field, `code system ${system} is not allowed`);
  return { system: canonical, code: code.trim(), ...(display === undefined ? {} : { display }), source };
}

function labelOf(set: PinnedValueSet, isVsac: boolean): string {
  const version = set.version === undefined ? '' : ` version ${set.version}`;
  return `${isVsac ? 'VSAC' : 'pinned value set'} ${set.id} "${set.title}"${version}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
