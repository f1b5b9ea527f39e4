import request from 'supertest';
import type { Express } from 'express';
import { metricsRegistry } from '../../src/metrics/registry.js';

/**
 * Scrapes of `GET /metrics` in the Prometheus text format. prom-client writes labels in the order a metric declares
 * them, so a test can name a sample by its exact line (`cds_requests_total{service="…",…} 1`).
 */

/** Every sample line of `name` (the metric itself, or `…_bucket`, `…_count`, `…_sum` of a histogram). */
export function samplesOf(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

/** A sample line as prom-client writes it: `name{a="1",b="2"} value`. */
export function sampleLine(name: string, labels: Readonly<Record<string, string>>, value: number): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return `${name}${pairs.length > 0 ? `{${pairs.join(',')}}` : ''} ${value}`;
}

/** `GET /metrics` on `app`, asserted 200 in the Prometheus text format; returns the text. */
export async function scrape(app: Express, token?: string): Promise<string> {
  const req = request(app).get('/metrics');
  const res = await (token !== undefined ? req.set('Authorization', `Bearer ${token}`) : req);
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 200, type: 'text/plain; version=0.0.4; charset=utf-8' });
  return res.text;
}

/** Every metric back to zero (the registry is one per process: each test starts from a clean slate). */
export function resetMetrics(): void {
  metricsRegistry.resetMetrics();
}
