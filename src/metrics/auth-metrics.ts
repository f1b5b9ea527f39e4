import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from './registry.js';

/** Metrics of EHR authentication: the in-memory JWT replay store and the fetches of allowlisted JWKS URLs. */

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
