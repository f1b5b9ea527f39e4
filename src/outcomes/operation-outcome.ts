import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4.js';

/**
 * FHIR OperationOutcome builders and the one mapping from outcome to HTTP status.
 * Every stage throws `OperationOutcomeError`; only the error middleware turns it into a response.
 */

export type OutcomeId =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'precondition-failed'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'method-not-allowed'
  | 'service-unavailable'
  | 'server-error';

const STATUS: Readonly<Record<OutcomeId, number>> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'precondition-failed': 412,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'server-error': 500,
  'service-unavailable': 503,
};

/** One problem in a request: what is wrong and, when known, the JSON path of the field. */
export interface OutcomeDetail {
  readonly diagnostics: string;
  readonly expression?: string;
}

function outcome(id: OutcomeId, code: OperationOutcomeIssue['code'], details: readonly OutcomeDetail[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    id,
    issue: details.map((d) => ({
      severity: 'error',
      code,
      diagnostics: d.diagnostics,
      ...(d.expression ? { expression: [d.expression] } : {}),
    })),
  };
}

/** 400: the request is malformed; one issue per invalid field. */
export const badRequest = (details: readonly OutcomeDetail[]): OperationOutcome =>
  outcome('bad-request', 'invalid', details.length > 0 ? details : [{ diagnostics: 'Invalid request' }]);

/** 401: no or wrong credentials (the error middleware sends 401 with no body). */
export const unauthorized = (): OperationOutcome => outcome('unauthorized', 'login', [{ diagnostics: 'Unauthorized' }]);

/** 403: authenticated, but not allowed this (feedback from an EHR the card was not sent to). */
export const forbidden = (diagnostics: string): OperationOutcome => outcome('forbidden', 'forbidden', [{ diagnostics }]);

/** 404: no such service, route or card; `expression` names the field when it is in the body. */
export const notFound = (diagnostics: string, expression?: string): OperationOutcome =>
  outcome('not-found', 'not-found', [{ diagnostics, ...(expression ? { expression } : {}) }]);

/** 405: the route exists but not for this method. */
export const methodNotAllowed = (diagnostics: string): OperationOutcome =>
  outcome('method-not-allowed', 'not-supported', [{ diagnostics }]);

/** 412: data the rules need could not be had (CDS Hooks 2.0, "Prefetch Template"). */
export const preconditionFailed = (diagnostics: string, expression?: string): OperationOutcome =>
  outcome('precondition-failed', 'incomplete', [{ diagnostics, ...(expression ? { expression } : {}) }]);

/** 413: body over the configured limit. */
export const payloadTooLarge = (diagnostics: string): OperationOutcome =>
  outcome('payload-too-large', 'too-long', [{ diagnostics }]);

/** 415: not JSON. */
export const unsupportedMediaType = (diagnostics: string): OperationOutcome =>
  outcome('unsupported-media-type', 'not-supported', [{ diagnostics }]);

/** 503: not ready (shutting down). */
export const serviceUnavailable = (diagnostics: string): OperationOutcome =>
  outcome('service-unavailable', 'transient', [{ diagnostics }]);

/** 500 with generic text only: an unknown error's message may carry patient data. */
export const serverError = (): OperationOutcome => outcome('server-error', 'exception', [{ diagnostics: 'Internal error' }]);

/** Carries an OperationOutcome from the stage that failed to the error middleware. */
export class OperationOutcomeError extends Error {
  readonly outcome: OperationOutcome;
  constructor(outcome: OperationOutcome, cause?: unknown) {
    super(outcome.issue[0]?.diagnostics ?? outcome.id ?? 'OperationOutcome', cause === undefined ? undefined : { cause });
    this.name = 'OperationOutcomeError';
    this.outcome = outcome;
  }
}

/** The HTTP status for an outcome built here; anything else is a 500. */
export function getStatus(value: OperationOutcome): number {
  return STATUS[value.id as OutcomeId] ?? 500;
}

/** The outcome id, a stable code for logs and tests. */
export function outcomeCode(value: OperationOutcome): string {
  return value.id ?? 'server-error';
}

/** Turns any thrown value into an outcome; unknown errors become a bare 500. */
export function normalizeOperationOutcome(err: unknown): OperationOutcome {
  return err instanceof OperationOutcomeError ? err.outcome : serverError();
}
