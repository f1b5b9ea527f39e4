import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The one prom-client registry every metric of the service registers on, so a `/metrics` endpoint serves them all
 * from one place. Metrics hold counts, durations, sizes, codes and configured issuer URLs only: never tokens,
 * patient ids or free text from the EHR, and every label takes its values from a fixed list (README "Metrics").
 */
export const metricsRegistry = new Registry();

let processMetricsStarted = false;

/**
 * prom-client's default process metrics on the registry (CPU, resident memory, heap, GC, open handles, and the
 * event-loop lag `nodejs_eventloop_lag_*` from `perf_hooks.monitorEventLoopDelay`). Once per process: prom-client
 * refuses to register a name twice.
 */
export function startProcessMetrics(): void {
  if (processMetricsStarted) return;
  processMetricsStarted = true;
  collectDefaultMetrics({ register: metricsRegistry });
}
