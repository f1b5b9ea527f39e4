import type { Route } from '../src/http/request-labels.js';
import { STAGES, type Stage } from '../src/metrics/stage-metrics.js';

/**
 * Where a hook call's time goes inside the running service, by its own account: the stage histograms
 * (`cds_stage_duration_seconds`) and the hook route's request histogram (`cds_request_duration_seconds`) of its
 * `GET /metrics`, scraped before and after a scenario's measured rounds. Wall-clock means, as the server measures them
 * under load, to set beside the benchmark's ratios (the stage tool, bench/stage-costs.ts, gives CPU time in a process
 * with no load generator beside it).
 */

/** A histogram's running totals: seconds observed and observations. */
interface Totals {
  readonly sum: number;
  readonly count: number;
}

/** The totals one scrape holds: per stage, and of answered (200) hook calls. */
export interface StageTotals {
  readonly stages: Readonly<Partial<Record<Stage, Totals>>>;
  readonly answered: Totals;
}

/** Means between two scrapes. */
export interface StageMeans {
  /** Hook calls answered 200. */
  readonly answered: number;
  /**
   * Each stage's mean µs over the calls that ran it (its own count), for the stages that ran. A call that wrk left in
   * flight at the end of a round, or one that failed (412 from gather), is in the stage's count and not in `answered`.
   */
  readonly stagesUs: Readonly<Partial<Record<Stage, number>>>;
  /** Mean µs of an answered call from the first middleware to the end of its answer (at c > 1, part of the queue too). */
  readonly requestUs: number;
}

const HOOK_ROUTE: Route = '/cds-services/:id';

// One sample line of the Prometheus text format: `name{label="value",…} value` (labels optional).
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function labelsOf(text: string): ReadonlyMap<string, string> {
  return new Map([...text.matchAll(LABEL)].map((m): [string, string] => [m[1] ?? '', m[2] ?? '']));
}

const isStage = (value: string | undefined): value is Stage => (STAGES as readonly (string | undefined)[]).includes(value);

/** The stage and answered hook-call totals of a `/metrics` text in the Prometheus text format. */
export function stageTotalsOf(text: string): StageTotals {
  const stages: Partial<Record<Stage, { sum: number; count: number }>> = {};
  const answered = { sum: 0, count: 0 };
  for (const line of text.split('\n')) {
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const [, name = '', labelText = '', raw = ''] = match;
    const part = name.endsWith('_sum') ? 'sum' : name.endsWith('_count') ? 'count' : undefined;
    const value = Number(raw);
    if (part === undefined || !Number.isFinite(value)) continue;
    const labels = labelsOf(labelText);
    if (name === `cds_stage_duration_seconds_${part}`) {
      const stage = labels.get('stage');
      if (isStage(stage)) (stages[stage] ??= { sum: 0, count: 0 })[part] += value;
    } else if (name === `cds_request_duration_seconds_${part}` && labels.get('route') === HOOK_ROUTE && labels.get('status') === '200') {
      answered[part] += value;
    }
  }
  return { stages, answered };
}

/** The means of each stage and of an answered call, between two scrapes. */
export function stageMeansBetween(before: StageTotals, after: StageTotals): StageMeans {
  const meanUs = (a: Totals | undefined, b: Totals | undefined): number | undefined => {
    const count = (a?.count ?? 0) - (b?.count ?? 0);
    return count > 0 ? Math.round((((a?.sum ?? 0) - (b?.sum ?? 0)) * 1e6) / count) : undefined;
  };
  const stagesUs: Partial<Record<Stage, number>> = {};
  for (const stage of STAGES) {
    const mean = meanUs(after.stages[stage], before.stages[stage]);
    if (mean !== undefined) stagesUs[stage] = mean;
  }
  return { answered: after.answered.count - before.answered.count, stagesUs, requestUs: meanUs(after.answered, before.answered) ?? 0 };
}

/** `GET <url>/metrics` as stage totals; undefined when the service does not serve it there. */
export async function scrapeStageTotals(url: string): Promise<StageTotals | undefined> {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  return res.status === 200 ? stageTotalsOf(text) : undefined;
}
