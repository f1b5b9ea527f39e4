import { codeKey } from './code-key.js';
import type { ClinicalFile, KnowledgeFiles } from './knowledge-files.js';
import type { CardTemplate, TopicDefinition, IronCriteria, IronPopulation, Knowledge, LabDefinition, TopicCode, ValueSet } from './knowledge-types.js';
import { TOPIC_CODES } from './knowledge-types.js';
import { prepareNameMatcher } from './value-set-match.js';

/**
 * Turns validated, cross-checked knowledge files into the frozen `Knowledge` the pipeline receives:
 * value sets and labs become `ReadonlySet`s of `codeKey`s (hash lookups per request).
 */

/** Builds the frozen Knowledge; call only after `checkReferences` and `checkCards` passed. */
export function buildKnowledge(files: KnowledgeFiles): Knowledge {
  const valueSets: Record<string, ValueSet> = {};
  for (const vs of files.valueSets.valueSets) {
    const built: ValueSet = Object.freeze({
      id: vs.id,
      title: vs.title,
      keys: new Set(vs.codes.map((c) => codeKey(c.system, c.code))),
      names: Object.freeze(vs.names.map((n) => n.toLowerCase())),
      sources: Object.freeze([...vs.sources]),
    });
    prepareNameMatcher(built);
    valueSets[vs.id] = built;
  }

  const labs: Record<string, LabDefinition> = {};
  for (const lab of files.labs.labs) {
    labs[lab.id] = Object.freeze({
      id: lab.id,
      title: lab.title,
      keys: new Set(lab.codes.map((c) => codeKey(c.system, c.code))),
      canonicalUnit: lab.canonicalUnit,
      ...(lab.molarMass === undefined ? {} : { molarMass: lab.molarMass.value }),
      ...(lab.charge === undefined ? {} : { charge: lab.charge }),
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
  return { 'rls-adult': of('rls-adult'), 'rls-esrd': of('rls-esrd'), 'rls-child': of('rls-child'), 'cramps-plmd': of('cramps-plmd') };
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
