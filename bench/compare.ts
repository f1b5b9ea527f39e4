import { cpuMs, rssPeak } from './processes.js';
import { spreadOf, type Spread } from './stats.js';
import { runWrk, type WrkResult } from './wrk.js';
import { scrapeStageTotals, stageMeansBetween, type StageMeans } from './server-stages.js';

/** One server under load: where to send, and which processes' memory counts. */
export interface Target {
  readonly name: string;
  readonly url: string;
  readonly pids: readonly (number | undefined)[];
  /** The service's own stage timings are read from `<url>/metrics` around the measured rounds (the service only). */
  readonly reportsStages?: boolean;
}

export interface Timing {
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly rounds: number;
  /** Odd rounds run the targets in reverse order (default: always the subject first). */
  readonly alternate?: boolean;
}

/** One wrk run against one target, with what its processes used meanwhile. */
export type Run = WrkResult & { readonly round: number; readonly peakRssMib: number; readonly cpuMsPerRequest: number };

/** One target's runs and their medians. */
export interface TargetSummary {
  readonly name: string;
  readonly rps: Spread;
  readonly p50Ms: Spread;
  readonly p99Ms: Spread;
  readonly meanMs: Spread;
  /** CPU time of the target's processes per answered request. */
  readonly cpuMsPerRequest: Spread;
  readonly errors: number;
  readonly requests: number;
  readonly peakRssMib: number;
  readonly runs: readonly Run[];
}

/** Subject against reference, A/B/A/B: the ratios are taken within each round, then summarised. */
export interface Comparison {
  readonly scenario: string;
  readonly connections: number;
  readonly bodyKib: number;
  readonly subject: TargetSummary;
  readonly reference?: TargetSummary;
  /** subject req/s ÷ reference req/s, per round. */
  readonly rpsRatio?: Spread;
  /** subject p99 ÷ reference p99, per round. */
  readonly p99Ratio?: Spread;
  /** reference CPU per request ÷ subject CPU per request, per round: the throughput ratio the CPU alone allows. */
  readonly cpuRatio?: Spread;
  /** The subject's own account of its calls in the measured rounds (`GET /metrics`), when it reports stages. */
  readonly subjectStages?: StageMeans;
}

function summarise(name: string, runs: TargetSummary['runs']): TargetSummary {
  return {
    name,
    rps: spreadOf(runs.map((r) => r.rps), 0),
    p50Ms: spreadOf(runs.map((r) => r.p50Ms)),
    p99Ms: spreadOf(runs.map((r) => r.p99Ms)),
    meanMs: spreadOf(runs.map((r) => r.meanMs), 3),
    cpuMsPerRequest: spreadOf(runs.map((r) => r.cpuMsPerRequest), 3),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    requests: runs.reduce((n, r) => n + r.requests, 0),
    peakRssMib: Math.max(...runs.map((r) => r.peakRssMib)),
    runs,
  };
}

/** Warms each target up, then runs them in turn for `rounds` rounds (A, B, A, B, …). */
export async function compare(
  scenario: string,
  targets: readonly [Target] | readonly [Target, Target],
  body: { readonly file: string; readonly kib: number },
  connections: number,
  timing: Timing,
  path: string,
): Promise<Comparison> {
  for (const target of targets) await runWrk(`${target.url}${path}`, body.file, connections, timing.warmupSeconds);
  const runs = targets.map((): Run[] => []);
  const stagesBefore = targets[0].reportsStages === true ? await scrapeStageTotals(targets[0].url) : undefined;
  for (let round = 0; round < timing.rounds; round++) {
    const order = [...targets.entries()];
    if (timing.alternate === true && round % 2 === 1) order.reverse();
    for (const [i, target] of order) {
      const peak = rssPeak(target.pids);
      const cpuBefore = cpuMs(target.pids);
      const result = await runWrk(`${target.url}${path}`, body.file, connections, timing.seconds);
      const cpu = cpuMs(target.pids) - cpuBefore;
      runs[i]?.push({ ...result, round, peakRssMib: peak(), cpuMsPerRequest: result.requests > 0 ? cpu / result.requests : 0 });
    }
  }
  const stagesAfter = stagesBefore ? await scrapeStageTotals(targets[0].url) : undefined;
  const [subjectRuns = [], referenceRuns] = runs;
  const subject = summarise(targets[0].name, subjectRuns);
  const comparison: Comparison = {
    scenario,
    connections,
    bodyKib: body.kib,
    subject,
    ...(stagesBefore && stagesAfter ? { subjectStages: stageMeansBetween(stagesBefore, stagesAfter) } : {}),
  };
  if (!referenceRuns || targets[1] === undefined) return comparison;
  const perRound = (f: (s: WrkResult, r: WrkResult) => number): number[] =>
    subjectRuns.map((s, i) => {
      const r = referenceRuns[i];
      return r ? f(s, r) : 0;
    });
  return {
    ...comparison,
    reference: summarise(targets[1].name, referenceRuns),
    rpsRatio: spreadOf(perRound((s, r) => (r.rps > 0 ? s.rps / r.rps : 0))),
    p99Ratio: spreadOf(perRound((s, r) => (r.p99Ms > 0 ? s.p99Ms / r.p99Ms : 0))),
    cpuRatio: spreadOf(
      subjectRuns.map((s, i) => {
        const r = referenceRuns[i];
        return r && s.cpuMsPerRequest > 0 ? r.cpuMsPerRequest / s.cpuMsPerRequest : 0;
      }),
    ),
  };
}
