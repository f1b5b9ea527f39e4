/**
 * One normal form for system + code, so value sets are hash lookups and ICD-10-CM matches dotted or not.
 */

/** Canonical code-system URIs. */
export const SYSTEMS = {
  snomed: 'http://snomed.info/sct',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  loinc: 'http://loinc.org',
  atc: 'http://www.whocc.no/atc',
  cpt: 'http://www.ama-assn.org/go/cpt',
  hcpcs: 'urn:oid:2.16.840.1.113883.6.285',
} as const;

// EHRs also send the HL7 OIDs of the same systems.
const ALIASES: Readonly<Record<string, string>> = {
  'urn:oid:2.16.840.1.113883.6.96': SYSTEMS.snomed,
  'urn:oid:2.16.840.1.113883.6.90': SYSTEMS.icd10cm,
  'urn:oid:2.16.840.1.113883.6.88': SYSTEMS.rxnorm,
  'urn:oid:2.16.840.1.113883.6.1': SYSTEMS.loinc,
  'urn:oid:2.16.840.1.113883.6.73': SYSTEMS.atc,
  'urn:oid:2.16.840.1.113883.6.12': SYSTEMS.cpt,
  'http://hl7.org/fhir/sid/cpt': SYSTEMS.cpt,
  'https://www.ama-assn.org/go/cpt': SYSTEMS.cpt,
  'http://snomed.info/sct/': SYSTEMS.snomed,
};

// The canonical URIs themselves, which nearly every coding of a chart carries: they are answered by one set lookup,
// without the trim, alias lookup and slash replacement (issue 11's profile: this runs for every code of every finding).
const CANONICAL: ReadonlySet<string> = new Set(Object.values(SYSTEMS));

/** The canonical URI of a code system (aliases and a trailing slash folded). */
export function canonicalSystem(system: string): string {
  if (CANONICAL.has(system)) return system;
  const trimmed = system.trim();
  return (Object.hasOwn(ALIASES, trimmed) ? ALIASES[trimmed] : undefined) ?? trimmed.replace(/\/$/, '');
}

/** `system|code`, with ICD-10-CM codes undotted and upper-cased. */
export function codeKey(system: string, code: string): string {
  const sys = canonicalSystem(system);
  const normalized = sys === SYSTEMS.icd10cm ? code.trim().replace(/\./g, '').toUpperCase() : code.trim();
  return `${sys}|${normalized}`;
}

/** ICD-10-CM categories have three characters; every longer code lies under the category it starts with. */
const ICD10CM_CATEGORY_LENGTH = 3;
// The key already holds the canonical system: no second canonicalisation on this hot path.
const ICD10CM_PREFIX = `${SYSTEMS.icd10cm}|`;

/**
 * The keys under which a code is a member of a value set: its own and, for ICD-10-CM, those of its ancestors
 * (`G20.A1` → `G20A1`, `G20A`, `G20`). ICD-10-CM subdivides codes over the years (G20 became the category of
 * G20.A1–G20.C in FY2024), and a subdivision is by construction a kind of its parent, so a set that lists the parent
 * keeps matching charts coded with the newer subcodes.
 */
export function membershipKeys(system: string, code: string): string[] {
  const key = codeKey(system, code);
  if (!key.startsWith(ICD10CM_PREFIX)) return [key];
  const keys = [key];
  for (let end = key.length - 1; end >= ICD10CM_PREFIX.length + ICD10CM_CATEGORY_LENGTH; end--) keys.push(key.slice(0, end));
  return keys;
}
