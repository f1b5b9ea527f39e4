import path from 'node:path';
import { cardTemplateSchema } from './cards-schema.js';
import { clinicalSchema } from './clinical-schema.js';
import { derivedLabsSchema, derivedValueSetsSchema } from './derived-schema.js';
import { compileKnowledgeSchema, readIdRecordFile, readKnowledgeFile } from './knowledge-file.js';
import type { CardTemplate, Citation, IronCriteria, IronPopulation, SecondaryCause, ThresholdComparator, TopicDefinition, WorkupItem } from './knowledge-types.js';
import { citationSchema, thresholdSchema, topicSchema } from './reference-schema.js';
import type { DerivedLabsFile, DerivedValueSetsFile } from './source-types.js';
import { brandsSchema, type BrandsFile } from './brand-names.js';

/**
 * Reads and schema-validates every file the service loads from `<dir>/knowledge/`. Cross-file consistency is
 * checked afterwards (`check-references.ts`, `check-cards.ts`).
 */

/** A threshold as written in `thresholds.json`. */
export interface ThresholdEntry {
  readonly value: number;
  readonly unit: string;
  readonly comparator: ThresholdComparator;
  readonly citation: string;
  readonly note?: string;
}

/** `clinical.json`; secondary causes and workup items also carry the citation a reviewer checks. */
export interface ClinicalFile {
  readonly version: string;
  readonly topicSystem: string;
  readonly leaningExtensionKey: string;
  readonly source: { readonly label: string; readonly url?: string };
  readonly labLookbackMonths: number;
  readonly labLookbackCitation: string;
  readonly labLookbackNote?: string;
  readonly settledDiagnosisMonths: number;
  readonly settledDiagnosisNote?: string;
  readonly statuslessProblemMonths: Readonly<Record<string, number>>;
  readonly statuslessProblemNote?: string;
  readonly medicationLookbackMonths: number;
  readonly encounterDiagnosisActiveMonths: number;
  readonly currencyNote?: string;
  readonly pediatricAgeYears: number;
  readonly pediatricAgeCitation: string;
  readonly pediatricAgeNote?: string;
  readonly ironCriteria: Readonly<Record<IronPopulation, IronCriteria & { readonly citation: string }>>;
  readonly secondaryCauses: readonly (SecondaryCause & { readonly citation: string })[];
  readonly workup: readonly (WorkupItem & { readonly citation: string })[];
}

/** Paths of the knowledge files, for error messages. */
export interface KnowledgePaths {
  readonly valueSets: string;
  readonly labs: string;
  readonly thresholds: string;
  readonly citations: string;
  readonly clinical: string;
  readonly cards: string;
  readonly topics: string;
  readonly brands: string;
}

/** Every knowledge file, validated one by one. */
export interface KnowledgeFiles {
  readonly paths: KnowledgePaths;
  readonly valueSets: DerivedValueSetsFile;
  readonly labs: DerivedLabsFile;
  readonly thresholds: ReadonlyMap<string, ThresholdEntry>;
  readonly citations: ReadonlyMap<string, Citation>;
  readonly clinical: ClinicalFile;
  readonly cards: ReadonlyMap<string, CardTemplate>;
  readonly topics: ReadonlyMap<string, TopicDefinition>;
  readonly brands: BrandsFile;
}

const validateValueSets = compileKnowledgeSchema<DerivedValueSetsFile>(derivedValueSetsSchema);
const validateLabs = compileKnowledgeSchema<DerivedLabsFile>(derivedLabsSchema);
const validateThreshold = compileKnowledgeSchema<ThresholdEntry>(thresholdSchema);
const validateCitation = compileKnowledgeSchema<Citation>(citationSchema);
const validateClinical = compileKnowledgeSchema<ClinicalFile>(clinicalSchema);
const validateCard = compileKnowledgeSchema<CardTemplate>(cardTemplateSchema);
const validateTopic = compileKnowledgeSchema<TopicDefinition>(topicSchema);
const validateBrands = compileKnowledgeSchema<BrandsFile>(brandsSchema);

/** The file paths under `<dir>/knowledge/`. */
export function knowledgePaths(dir: string): KnowledgePaths {
  const base = path.join(dir, 'knowledge');
  return {
    valueSets: path.join(base, 'derived', 'value-sets.expanded.json'),
    labs: path.join(base, 'derived', 'labs.expanded.json'),
    thresholds: path.join(base, 'thresholds.json'),
    citations: path.join(base, 'citations.json'),
    clinical: path.join(base, 'clinical.json'),
    cards: path.join(base, 'cards.json'),
    topics: path.join(base, 'topics.json'),
    brands: path.join(base, 'brands.json'),
  };
}

/** Reads and validates every file (synchronously: start-up only). */
export function readKnowledgeFiles(dir: string): KnowledgeFiles {
  const paths = knowledgePaths(dir);
  return {
    paths,
    valueSets: readKnowledgeFile(paths.valueSets, validateValueSets),
    labs: readKnowledgeFile(paths.labs, validateLabs),
    thresholds: readIdRecordFile(paths.thresholds, validateThreshold),
    citations: readIdRecordFile(paths.citations, validateCitation),
    clinical: readKnowledgeFile(paths.clinical, validateClinical),
    cards: readIdRecordFile(paths.cards, validateCard),
    topics: readIdRecordFile(paths.topics, validateTopic),
    brands: readKnowledgeFile(paths.brands, validateBrands),
  };
}
