import { codeKey, SYSTEMS } from './code-key.js';
import type { ClinicalFile, KnowledgeFiles } from './knowledge-files.js';
import type { CardTemplate, TopicDefinition, IronCriteria, IronPopulation, Knowledge, LabDefinition, TopicCode, ValueSet } from './knowledge-types.js';
import { IRON_POPULATIONS } from './knowledge-types.js';
import { TOPIC_CODES } from './knowledge-types.js';
import { prepareNameMatcher } from './value-set-match.js';
import { prepareValueSetIndex } from './value-set-index.js';
import { brandCodes, namesWithBrands } from './brand-names.js';

/**
 * Turns validated, cross-checked knowledge files into the frozen `Knowledge` the pipeline receives:
 * value sets and labs become `ReadonlySet`s of `codeKey`s (hash lookups per request).
 */

/** Builds the frozen Knowledge; call only after `checkReferences` and `checkCards` passed. */
export function buildKnowledge(files: KnowledgeFiles): Knowledge {
  const valueSets: Record<string, ValueSet> = {};
  const names = namesWithBrands(files.paths.brands, files.valueSets.valueSets, files.brands);
  const branded = brandCodes(files.paths.brands, files.valueSets.valueSets, files.brands);
  for (const vs of files.valueSets.valueSets) {
    const built: ValueSet = Object.freeze({
      id: vs.id,
      title: vs.title,
      keys: new Set([...vs.codes.map((c) => codeKey(c.system, c.code)), ...(branded.get(vs.id) ?? []).map((code) => codeKey(SYSTEMS.rxnorm, code))]),
      names: Object.freeze([...(names.get(vs.id) ?? [])]),
      sources: Object.freeze([...vs.sources]),
    });
    prepareNameMatcher(built);
    valueSets[vs.id] = built;
  }
  prepareValueSetIndex(valueSets);

  const labs: Record<string, LabDefinition> = {};
  for (const lab of files.labs.labs) {
    labs[lab.id] = Object.freeze({
      id: lab.id,
      title: lab.title,
      keys: new Set(lab.codes.map((c) => codeKey(c.system, c.code))),
      canonicalUnit: lab.canonicalUnit,
      ...(lab.molarMass === undefined ? {} : { molarMass: lab.molarMass.value }),
      ...(lab.charge === undefined ? {} : { charge: lab.charge }),
      ...(lab.equations === undefined ? {} : { equations: lab.equations.map(({ fromUnit, slope, intercept }) => Object.freeze({ fromUnit, slope, intercept })) }),
      orderCode: Object.freeze({ ...lab.orderCode }),
    });
  }

  const { clinical } = files;
  const cards = Object.fromEntries(TOPIC_CODES.map((topic) => [topic, cardOf(files, topic)]));
  return deepFreeze({
    version: clinical.version,
    topicSystem: clinical.topicSystem,
    leaningExtensionKey: clinical.leaningExtensionKey,
    source: { ...clinical.source },
    labLookbackMonths: clinical.labLookbackMonths,
    settledDiagnosisMonths: clinical.settledDiagnosisMonths,
    statuslessProblemMonths: { ...clinical.statuslessProblemMonths },
    medicationLookbackMonths: clinical.medicationLookbackMonths,
    encounterDiagnosisActiveMonths: clinical.encounterDiagnosisActiveMonths,
    pediatricAgeYears: clinical.pediatricAgeYears,
    ironCriteria: ironCriteriaOf(clinical),
    valueSets,
    labs,
    thresholds: Object.fromEntries([...files.thresholds].map(([id, t]) => [id, { value: t.value, unit: t.unit, comparator: t.comparator, citation: t.citation }])),
    citations: Object.fromEntries(files.citations),
    secondaryCauses: clinical.secondaryCauses,
    workup: clinical.workup.map(({ citation: _citation, ...item }) => item),
    // checkCards made sure every topic has exactly one card.
    cards: cards as Record<TopicCode, CardTemplate>,
    topics: Object.fromEntries(TOPIC_CODES.map((topic) => [topic, topicOf(files, topic)])) as Record<TopicCode, TopicDefinition>,
  });
}

// The criteria without the citation a reviewer checks (checkReferences verified it exists).
function ironCriteriaOf(clinical: ClinicalFile): Record<IronPopulation, IronCriteria> {
  const of = (population: IronPopulation): IronCriteria => {
    const { match, criteria } = clinical.ironCriteria[population];
    return { match, criteria };
  };
  return Object.fromEntries(IRON_POPULATIONS.map((population) => [population, of(population)])) as Record<IronPopulation, IronCriteria>;
}

function topicOf(files: KnowledgeFiles, topic: TopicCode): TopicDefinition {
  const definition = files.topics.get(topic);
  if (definition === undefined) throw new Error(`topic ${topic} missing after checkCards`);
  return definition;
}

function cardOf(files: KnowledgeFiles, topic: TopicCode): CardTemplate {
  const card = files.cards.get(topic);
  if (card === undefined) throw new Error(`card ${topic} missing after checkCards`);
  return card;
}

// Freezes plain objects and arrays recursively; Sets stay as they are (typed ReadonlySet).
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || value instanceof Set || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}
