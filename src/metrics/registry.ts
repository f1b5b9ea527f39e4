import { Registry } from 'prom-client';

/**
 * The one prom-client registry every metric of the service registers on, so a `/metrics` endpoint serves them all
 * from one place. Metrics hold counts, sizes and configured issuer URLs only: never tokens or patient data.
 */
export const metricsRegistry = new Registry();
