import { Counter, Gauge } from 'prom-client';
import { childrenBy } from './children.js';
import { metricsRegistry } from './registry.js';

/** Metrics of EHR authentication: JWT outcomes, the JWT replay store and the fetches of allowlisted JWKS URLs. */

/** Tokens remembered by the in-memory replay store (all issuers). */
export const replayStoreEntries = new Gauge({
  name: 'cds_replay_store_entries',
  help: 'JWT ids remembered by the in-memory replay store',
  registers: [metricsRegistry],
});

/** The configured bound of the in-memory replay store. */
export const replayStoreCapacity = new Gauge({
  name: 'cds_replay_store_capacity',
  help: 'Most JWT ids the in-memory replay store remembers (CDS_PEAK_CALLS_PER_SECOND x token lifetime)',
  registers: [metricsRegistry],
});

/** Upward crossings of the warning level (80 % of the capacity). */
export const replayStoreHighWater = new Counter({
  name: 'cds_replay_store_high_water_total',
  help: 'Times the in-memory replay store filled past 80 % of its capacity',
  registers: [metricsRegistry],
});

/** Tokens refused because the store was full and their issuer held the most entries (or lost entries to make room). */
export const replayStoreRefusals = new Counter({
  name: 'cds_replay_store_refused_total',
  help: 'Tokens refused because the in-memory replay store was full, by trusted issuer',
  labelNames: ['issuer'] as const,
  registers: [metricsRegistry],
});

/** Fetches of allowlisted JWKS URLs, by outcome (`ok`, `failed`). */
export const jwksFetches = new Counter({
  name: 'cds_jwks_fetches_total',
  help: 'Fetches of allowlisted JWKS URLs by outcome',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

/**
 * Each EHR authentication, by `outcome` (`accepted`, `refused` with a 401, `unavailable`: a 503 because the shared
 * replay store could not be asked, `anonymous`: a development call without a token) and `reason` (the stable
 * reason code of `src/http/auth/auth-failure.ts`, `none` when accepted or anonymous).
 */
export const jwtOutcomes = new Counter({
  name: 'cds_jwt_outcomes_total',
  help: 'EHR JWT checks by outcome (accepted, refused, unavailable, anonymous) and reason code',
  labelNames: ['outcome', 'reason'] as const,
  registers: [metricsRegistry],
});

export type JwtOutcome = 'accepted' | 'refused' | 'unavailable' | 'anonymous';

const jwtSeries = childrenBy((outcome: JwtOutcome, reason: string) => jwtOutcomes.labels(outcome, reason));

/** Counts one EHR authentication; `reason` is one of the fixed reason codes. */
export function countJwtOutcome(outcome: JwtOutcome, reason = 'none'): void {
  jwtSeries(outcome, reason).inc();
}

/** Replay-store checks that failed, by reason (`unavailable`: the shared database; `full`; `error`: anything else). */
export const replayStoreErrors = new Counter({
  name: 'cds_replay_store_errors_total',
  help: 'JWT replay-store checks that could not decide, by reason (unavailable, full, error)',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});
