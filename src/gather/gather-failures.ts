import { OperationOutcomeError, badRequest, preconditionFailed } from '../outcomes/operation-outcome.js';

/**
 * The errors gather throws. Diagnostics name the prefetch key and, at most, an HTTP status: never a URL,
 * a patient id, a token or resource content (style.md §10; checklist §7.5).
 */

/** Why the data of one prefetch key could not be had. */
export type UnavailableReason =
  | 'missing and no FHIR server is available'
  | 'an OperationOutcome and no FHIR server is available'
  | 'paginated and its next page cannot be fetched'
  | 'a prefetch token this request cannot fill'
  | 'FHIR server could not be reached'
  | 'FHIR server did not answer before the deadline'
  | 'FHIR server answered with an OperationOutcome'
  | 'FHIR server answer is not a FHIR resource'
  | 'next page is not a Bundle'
  | `FHIR server answered HTTP ${number}`
  | `FHIR server answer is over ${number} bytes`
  | `more than ${number} resources`
  | `more than ${number} pages`;

/**
 * 412 for one key: CDS Hooks 2.0 "Prefetch Template": a service that cannot get the data it needs
 * SHALL respond 412 Precondition Failed.
 */
export function keyUnavailable(key: string, reason: UnavailableReason): OperationOutcomeError {
  return new OperationOutcomeError(preconditionFailed(`prefetch.${key}: ${reason}`, `prefetch.${key}`));
}

/** 400: the client sent a prefetch value that is neither `null` nor a FHIR resource. */
export function prefetchNotAResource(key: string): OperationOutcomeError {
  return new OperationOutcomeError(
    badRequest([{ diagnostics: `prefetch.${key} is not a FHIR resource`, expression: `prefetch.${key}` }]),
  );
}
