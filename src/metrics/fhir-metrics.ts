import { Histogram } from 'prom-client';
import { counterOfHistogram } from './histogram-count.js';
import { metricsRegistry } from './registry.js';

/**
 * GETs the service sends to the EHR's FHIR server (prefetch keys the EHR did not fill, their next pages, referenced
 * Medications), by outcome. Never the URL, which holds the patient id.
 */
export const FHIR_CALL_OUTCOMES = [
  /** A FHIR resource came back. */
  'ok',
  /** 404 on a read, which is no data rather than a failure. */
  'not-found',
  /** Any other non-2xx status (redirects included: they are not followed). */
  'http-error',
  /** No answer: connection refused or reset, DNS, TLS. */
  'unreachable',
  /** Cancelled: the call's deadline passed, or another key of the same call had failed. */
  'aborted',
  /** Over `CDS_MAX_FHIR_RESPONSE_BYTES`. */
  'too-large',
  /** Not JSON, not UTF-8, or not a FHIR resource. */
  'invalid',
] as const;
export type FhirCallOutcome = (typeof FHIR_CALL_OUTCOMES)[number];

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export const fhirCallDuration = new Histogram({
  name: 'cds_fhir_request_duration_seconds',
  help: 'Time of each GET to the EHR FHIR server, body read included, by outcome',
  labelNames: ['outcome'] as const,
  buckets: BUCKETS,
  registers: [metricsRegistry],
});

export const fhirCalls = counterOfHistogram(fhirCallDuration, {
  name: 'cds_fhir_requests_total',
  help: 'GETs to the EHR FHIR server by outcome (ok, not-found, http-error, unreachable, aborted, too-large, invalid)',
  labelNames: ['outcome'] as const,
});

const children = new Map(FHIR_CALL_OUTCOMES.map((outcome) => [outcome, fhirCallDuration.labels(outcome)]));

/** Records one FHIR call that took `ms` milliseconds. */
export function observeFhirCall(outcome: FhirCallOutcome, ms: number): void {
  children.get(outcome)?.observe(ms / 1000);
}
