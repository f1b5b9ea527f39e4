import { Histogram } from 'prom-client';
import { childrenBy } from './children.js';
import { counterOfHistogram } from './histogram-count.js';
import { metricsRegistry } from './registry.js';

/**
 * Every request the service answers, by `service` and `hook` (the service's own, from `cds-services/services.json`;
 * `unknown` for an id it does not offer, `none` off the service routes), `status`, and `route`: one stable value per
 * endpoint whatever the outcome (`src/http/request-labels.ts` decides it from the path).
 */

const LABELS = ['service', 'hook', 'status', 'route'] as const;

/** Hook calls take about a millisecond here and at most the deadline (1.5 s by default) plus the JWT check. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export const requestDuration = new Histogram({
  name: 'cds_request_duration_seconds',
  help: 'Time from the arrival of a request to the end of its response, by service, hook, status and route',
  labelNames: LABELS,
  buckets: BUCKETS,
  registers: [metricsRegistry],
});

export const requestCount = counterOfHistogram(requestDuration, {
  name: 'cds_requests_total',
  help: 'Requests answered, by service, hook, status and route',
  labelNames: LABELS,
});

/** The labels of one request but its status, decided when it arrives. */
export interface RequestLabels {
  readonly route: string;
  readonly service: string;
  readonly hook: string;
}

const series = childrenBy((service: string, hook: string, status: string, route: string) => requestDuration.labels(service, hook, status, route));

/** Records one answered request. */
export function observeRequest(labels: RequestLabels, status: number, seconds: number): void {
  series(labels.service, labels.hook, String(status), labels.route).observe(seconds);
}
