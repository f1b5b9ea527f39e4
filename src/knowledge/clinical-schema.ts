import { httpsUrl, nonEmptyString, stringList } from './schema-parts.js';

/** Schema of `clinical.json`: service settings, secondary causes and the baseline workup. */

const labCriterion = {
  type: 'object',
  required: ['labId', 'threshold', 'direction'],
  additionalProperties: false,
  properties: { labId: nonEmptyString, threshold: nonEmptyString, direction: { enum: ['below', 'above'] } },
} as const;

const ironCriteria = {
  type: 'object',
  required: ['match', 'criteria', 'citation'],
  additionalProperties: false,
  properties: {
    $comment: { type: 'string' },
    match: { enum: ['all', 'any'] },
    criteria: { type: 'array', minItems: 1, items: labCriterion },
    citation: nonEmptyString,
  },
} as const;

/** The whole of `clinical.json`. */
export const clinicalSchema = {
  type: 'object',
  required: [
    'version',
    'topicSystem',
    'leaningExtensionKey',
    'source',
    'labLookbackMonths',
    'labLookbackCitation',
    'settledDiagnosisMonths',
    'statuslessProblemMonths',
    'medicationLookbackMonths',
    'encounterDiagnosisActiveMonths',
    'pediatricAgeYears',
    'pediatricAgeCitation',
    'ironCriteria',
    'secondaryCauses',
    'workup',
  ],
  additionalProperties: false,
  properties: {
    $comment: { type: 'string' },
    version: { type: 'string', pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+$' },
    topicSystem: { type: 'string', pattern: '^https?://' },
    leaningExtensionKey: nonEmptyString,
    source: {
      type: 'object',
      required: ['label'],
      additionalProperties: false,
      properties: { label: nonEmptyString, url: httpsUrl },
    },
    labLookbackMonths: { type: 'integer', minimum: 1 },
    labLookbackCitation: nonEmptyString,
    labLookbackNote: { type: 'string' },
    settledDiagnosisMonths: { type: 'integer', minimum: 1 },
    settledDiagnosisNote: { type: 'string' },
    statuslessProblemMonths: { type: 'object', additionalProperties: { type: 'integer', minimum: 1 } },
    statuslessProblemNote: { type: 'string' },
    medicationLookbackMonths: { type: 'integer', minimum: 1 },
    encounterDiagnosisActiveMonths: { type: 'integer', minimum: 1 },
    currencyNote: { type: 'string' },
    pediatricAgeYears: { type: 'integer', minimum: 1 },
    pediatricAgeCitation: nonEmptyString,
    pediatricAgeNote: { type: 'string' },
    ironCriteria: {
      type: 'object',
      required: ['rls-adult', 'rls-adult-iv-only', 'rls-esrd', 'rls-child', 'cramps-plmd'],
      additionalProperties: false,
      properties: {
        'rls-adult': ironCriteria,
        'rls-adult-iv-only': ironCriteria,
        'rls-esrd': ironCriteria,
        'rls-child': ironCriteria,
        'cramps-plmd': ironCriteria,
      },
    },
    secondaryCauses: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'label', 'valueSets', 'labCriteria', 'examination', 'citation'],
        additionalProperties: false,
        properties: {
          id: nonEmptyString,
          label: nonEmptyString,
          appliesTo: { enum: ['rls', 'cramps'] },
          valueSets: stringList,
          labCriteria: { type: 'array', items: labCriterion },
          examination: nonEmptyString,
          labExamination: nonEmptyString,
          knownDisease: {
            type: 'object',
            required: ['valueSets', 'examination'],
            additionalProperties: false,
            properties: { valueSets: { type: 'array', minItems: 1, items: nonEmptyString }, examination: nonEmptyString },
          },
          citation: nonEmptyString,
        },
      },
    },
    workup: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'title', 'labIds', 'orderLabId', 'citation'],
        additionalProperties: false,
        properties: {
          id: nonEmptyString,
          title: nonEmptyString,
          appliesTo: { enum: ['rls', 'cramps'] },
          labIds: { type: 'array', minItems: 1, items: nonEmptyString },
          satisfiedBy: { enum: ['any', 'all'] },
          orderLabId: nonEmptyString,
          alsoOrderLabIds: { type: 'array', minItems: 1, items: nonEmptyString },
          patientInstruction: nonEmptyString,
          basis: { enum: ['baseline', 'clinical-suspicion'] },
          notWith: { type: 'array', minItems: 1, items: nonEmptyString },
          citation: nonEmptyString,
        },
      },
    },
  },
} as const;
