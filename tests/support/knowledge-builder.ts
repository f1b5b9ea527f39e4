import type { CardTemplate, Knowledge, LabDefinition, TopicCode, ValueSet } from '../../src/knowledge/knowledge-types.js';
import { SHIPPED_TOPICS } from './shipped-topics.js';
import { TOPIC_CODES } from '../../src/knowledge/knowledge-types.js';
import { codeKey, SYSTEMS } from '../../src/knowledge/code-key.js';

/**
 * A small, complete `Knowledge` for tests: every field filled, labs defined, no value sets or thresholds
 * (add what a test needs through `testKnowledge({ valueSets: { rls: valueSet('rls', [icd10('G25.81')]) } })`).
 * LOINC codes and units are those of the shipped labs (cds-services/knowledge/sources/code-provenance.json gives each one's public source);
 * glucose 2339-0 is Synthea's code.
 */

/** Anything with a system and a code (a FHIR Coding, a finding Code). */
export interface SystemAndCode {
  readonly system?: string;
  readonly code?: string;
}

/** A ValueSet of the given members (members without system or code are skipped). */
export function valueSet(
  id: string,
  members: readonly SystemAndCode[],
  options: { readonly title?: string; readonly names?: readonly string[]; readonly sources?: readonly string[] } = {},
): ValueSet {
  const keys = members.flatMap((m) => (m.system !== undefined && m.code !== undefined ? [codeKey(m.system, m.code)] : []));
  return {
    id,
    title: options.title ?? id,
    keys: new Set(keys),
    names: (options.names ?? []).map((n) => n.toLowerCase()),
    sources: options.sources ?? ['test'],
  };
}

/** A LabDefinition keyed by LOINC codes; the first code is also the order code. */
export function labDefinition(
  id: string,
  loincCodes: readonly [string, ...string[]],
  canonicalUnit: string,
  molarMass?: number,
  charge?: number,
): LabDefinition {
  return {
    id,
    title: id,
    keys: new Set(loincCodes.map((code) => codeKey(SYSTEMS.loinc, code))),
    canonicalUnit,
    ...(molarMass === undefined ? {} : { molarMass }),
    ...(charge === undefined ? {} : { charge }),
    orderCode: { system: SYSTEMS.loinc, code: loincCodes[0] },
  };
}

/**
 * Molar masses (g/mol) for molar ↔ mass conversion:
 * - ferritin 445 000: the conventional factor 1 ng/mL = 2.247 pmol/L (e.g. PMC3934467 Table 1,
 *   https://pmc.ncbi.nlm.nih.gov/articles/PMC3934467/table/T1), i.e. 1e-6 g/L ÷ 2.247e-12 mol/L ≈ 445 000 g/mol;
 *   the protein itself is ~440–480 kDa depending on isoform and iron load;
 * - glucose C6H12O6 180.16; creatinine C4H7N3O 113.12; magnesium 24.305 (IUPAC standard atomic weight).
 */
export const TEST_LABS: Readonly<Record<string, LabDefinition>> = {
  ferritin: labDefinition('ferritin', ['2276-4'], 'ng/mL', 445_000),
  glucose: labDefinition('glucose', ['2345-7', '2339-0'], 'mg/dL', 180.16),
  tsh: labDefinition('tsh', ['3016-3'], 'm[IU]/L'),
  hba1c: labDefinition('hba1c', ['4548-4'], '%'),
  creatinine: labDefinition('creatinine', ['2160-0'], 'mg/dL', 113.12),
  // The eGFR unit is the one Synthea's eGFR Observations carry (fixtures/synthea; see code-provenance.json units).
  egfr: labDefinition('egfr', ['98979-8'], 'mL/min/{1.73_m2}'),
  potassium: labDefinition('potassium', ['2823-3'], 'mmol/L', undefined, 1),
  magnesium: labDefinition('magnesium', ['19123-9'], 'mg/dL', 24.305, 2),
  tsat: labDefinition('tsat', ['2502-3'], '%'),
};

/** The iron criteria as shipped (cds-services/knowledge/clinical.json ironCriteria), for tests that need them. */
export const TEST_IRON_CRITERIA: Knowledge['ironCriteria'] = {
  'rls-adult': {
    match: 'any',
    criteria: [
      { labId: 'ferritin', threshold: 'ferritin-rls-adult', direction: 'below' },
      { labId: 'tsat', threshold: 'tsat-low', direction: 'below' },
    ],
  },
  'rls-adult-iv-only': {
    match: 'all',
    criteria: [
      { labId: 'ferritin', threshold: 'ferritin-rls-iv-lower', direction: 'above' },
      { labId: 'ferritin', threshold: 'ferritin-rls-iv-upper', direction: 'below' },
    ],
  },
  'rls-esrd': {
    match: 'all',
    criteria: [
      { labId: 'ferritin', threshold: 'ferritin-rls-esrd', direction: 'below' },
      { labId: 'tsat', threshold: 'tsat-low', direction: 'below' },
    ],
  },
  'rls-child': { match: 'any', criteria: [{ labId: 'ferritin', threshold: 'ferritin-rls-child', direction: 'below' }] },
  'cramps-plmd': { match: 'any', criteria: [{ labId: 'ferritin', threshold: 'ferritin-low', direction: 'below' }] },
};

/** A placeholder card template whose texts name the topic, so card tests can tell them apart. */
export function placeholderCard(topic: TopicCode): CardTemplate {
  return {
    title: `Title of ${topic}`,
    indicator: 'info',
    summary: { default: `Summary of ${topic}` },
    detail: { default: `Detail of ${topic}` },
    citations: [],
    overrideReasons: [],
    suppression: { allowed: false },
  };
}

/** Placeholder templates for every topic. */
export function placeholderCards(): Record<TopicCode, CardTemplate> {
  return Object.fromEntries(TOPIC_CODES.map((topic) => [topic, placeholderCard(topic)])) as Record<
    TopicCode,
    CardTemplate
  >;
}

/** A complete Knowledge for tests; `overrides` replace whole top-level fields. */
export function testKnowledge(overrides: Partial<Knowledge> = {}): Knowledge {
  return {
    version: 'test',
    topicSystem: 'https://example.org/cds/leg-cramps/topics',
    leaningExtensionKey: 'org.example.leg-cramps.leaning',
    source: { label: 'Test knowledge' },
    labLookbackMonths: 12,
    settledDiagnosisMonths: 12,
    statuslessProblemMonths: { pregnancy: 10 },
    medicationLookbackMonths: 12,
    encounterDiagnosisActiveMonths: 12,
    topics: SHIPPED_TOPICS,
    pediatricAgeYears: 18,
    ironCriteria: TEST_IRON_CRITERIA,
    valueSets: {},
    labs: TEST_LABS,
    thresholds: {},
    citations: {},
    secondaryCauses: [],
    workup: [],
    cards: placeholderCards(),
    ...overrides,
  };
}
