import { Counter, type Histogram } from 'prom-client';
import { metricsRegistry } from './registry.js';

/**
 * A counter that is `histogram`'s `_count` under its own name, copied when scraped: each event costs one
 * observation on the hot path, not two, and the two can never disagree.
 */
export function counterOfHistogram<T extends string>(histogram: Histogram<T>, config: { name: string; help: string; labelNames: readonly T[] }): Counter<T> {
  return new Counter<T>({
    ...config,
    registers: [metricsRegistry],
    async collect() {
      const { name, values } = await histogram.get();
      this.reset();
      for (const value of values) if (value.metricName === `${name}_count` && value.value > 0) this.inc(value.labels, value.value);
    },
  });
}
