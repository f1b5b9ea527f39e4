import path from 'node:path';
import { readIdRecordFile, readKnowledgeFile } from './knowledge-file.js';
import type { CardTemplate, Citation, IronCriteria, IronPopulation, SecondaryCause, ThresholdComparator, TopicDefinition, WorkupItem } from './knowledge-types.js';
import type { DerivedLabsFile, DerivedValueSetsFile } from './source-types.js';
import type { BrandsFile } from './brand-names.js';
import * as standalone from '../standalone-validators/knowledge.js';
import type { SchemaValidator } from '../standalone-validators/schema-validator.js';

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

// Generated from the schemas of cards-schema.ts, clinical-schema.ts, derived-schema.ts, reference-schema.ts and
// brand-names.ts (src/standalone-validators/generate.ts).
const validateValueSets = standalone.validateValueSets as SchemaValidator<DerivedValueSetsFile>;
const validateLabs = standalone.validateLabs as SchemaValidator<DerivedLabsFile>;
const validateThreshold = standalone.validateThreshold as SchemaValidator<ThresholdEntry>;
const validateCitation = standalone.validateCitation as SchemaValidator<Citation>;
const validateClinical = standalone.validateClinical as SchemaValidator<ClinicalFile>;
const validateCard = standalone.validateCard as SchemaValidator<CardTemplate>;
const validateTopic = standalone.validateTopic as SchemaValidator<TopicDefinition>;
const validateBrands = standalone.validateBrands as SchemaValidator<BrandsFile>;

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
