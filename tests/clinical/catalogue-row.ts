import type { TopicCode } from '../../src/knowledge/knowledge-types.js';
import type { FixtureCall } from '../support/fixtures.js';
import type { CardExpectations } from './card-expectations.js';

/** One catalogue case: a fixture on a hook, and what the response must hold. */
export interface CatalogueRow extends FixtureCall, CardExpectations {
  readonly name: string;
  /** Topics this row shows staying silent on a case close to firing. */
  readonly nearMissOf?: readonly TopicCode[];
}

/** The cramp-vs-rls topic, short for the tables. */
export const CVR = 'cramp-vs-rls' as const;
/** LOINC codes of the four workup orders: creatinine, ferritin, TSH, HbA1c. */
export const WORKUP_ALL: readonly string[] = ['2160-0', '2276-4', '3016-3', '4548-4'];
