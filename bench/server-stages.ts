import { STAGES, type Stage } from '../src/metrics/stage-metrics.js';

/**
 * Where a hook call's time goes inside the running service, by its own account: the stage histograms
 * (`cds_stage_duration_seconds`) and the hook route's request histogram (`cds_request_duration_seconds`) of its
 * `GET /metrics`, scraped before and after a scenario's measured runs. The in-process stage tool
 * (bench/stage-costs.ts) runs the same stages alone in one process; under wrk every part of a call, `JSON.parse`
 * included, takes about twice as long, for bare Express too (bench/results/server-stages-2026-12-02.md), so these
 * are the figures to set beside the benchmark's ratios.
 */

/** A histogram's running totals: seconds observed and observations. */
interface Totals {
  readonly sum: number;
  readonly count: number;
}

/** The totals one scrape holds: per stage, and for answered hook calls. */
export interface StageTotals {
  readonly stages: Readonly<Partial<Record<Stage, Totals>>>;
  readonly hookCalls: Totals;
}

/** Mean µs per call between two scrapes. */
export interface StageMeans {
  readonly calls: number;
  /** Per stage that ran in these calls. */
  readonly stagesUs: Readonly<Partial<Record<Stage, number>>>;
  /** From the request's arrival to the end of its answer (at c > 1 this includes waiting for the other calls). */
  readonly requestUs: number;
}

/** The hook-call route's label (src/http/request-labels.ts), the same whatever the outcome. */
const HOOK_ROUTE = 'route="/cds-services/:id"';

// One sample line as prom-client writes it: `name{labels} value` (labels optional).
const SAMPLE = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/;

/** The stage and hook-call totals of a `/metrics` text in the Prometheus text format. */
export function stageTotalsOf(text: string): StageTotals {
  const stages: Partial<Record<Stage, { sum: number; count: number }>> = {};
  const hookCalls = { sum: 0, count: 0 };
  for (const line of text.split('\n')) {
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const [, name = '', labels = '', raw = ''] = match;
    const value = Number(raw);
    const part = name.endsWith('_sum') ? 'sum' : name.endsWith('_count') ? 'count' : undefined;
    if (part === undefined || !Number.isFinite(value)) continue;
    if (name.startsWith('cds_stage_duration_seconds_')) {
      const stage = STAGES.find((s) => labels === `stage="${s}"`);
      if (stage) (stages[stage] ??= { sum: 0, count: 0 })[part] += value;
    } else if (name.startsWith('cds_request_duration_seconds_') && labels.includes(HOOK_ROUTE) && labels.includes('status="200"')) {
      hookCalls[part] += value;
    }
  }
  return { stages, hookCalls };
}

/** Mean µs per answered hook call of each stage and of the whole request, between two scrapes. */
export function stageMeansBetween(before: StageTotals, after: StageTotals): StageMeans {
  const calls = after.hookCalls.count - before.hookCalls.count;
  const perCall = (sum: number): number => (calls > 0 ? Math.round((sum * 1e6) / calls) : 0);
  const stagesUs: Partial<Record<Stage, number>> = {};
  for (const stage of STAGES) {
    const a = after.stages[stage];
    if (a === undefined || a.count === (before.stages[stage]?.count ?? 0)) continue;
    stagesUs[stage] = perCall(a.sum - (before.stages[stage]?.sum ?? 0));
  }
  return { calls, stagesUs, requestUs: perCall(after.hookCalls.sum - before.hookCalls.sum) };
}

/** `GET <url>/metrics` as stage totals; undefined when the service does not serve it here. */
export async function scrapeStageTotals(url: string): Promise<StageTotals | undefined> {
  const res = await fetch(`${url}/metrics`).catch(() => undefined);
  if (res?.status !== 200) return undefined;
  return stageTotalsOf(await res.text());
}
