import type { Comparison } from './compare.js';
import { cell, type Spread } from './stats.js';
import { STAGES } from '../src/metrics/stage-metrics.js';

/** The Markdown of `bench/results/<date>.md`: the comparisons, the other measurements and the targets. */

/** One target of issue 11 (or 10) and whether this run meets it. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly holds: boolean;
}

/** Everything one `npm run bench` measured. */
export interface BenchResults {
  readonly date: string;
  readonly node: string;
  readonly cpus: number;
  readonly quick: boolean;
  readonly timing: { readonly seconds: number; readonly rounds: number };
  readonly comparisons: readonly Comparison[];
  readonly fallback?: { readonly waves: Spread; readonly requestsPerCall: Spread; readonly p50Ms: Spread; readonly errors: number; readonly delayMs: number };
  readonly linearity?: readonly { readonly times: number; readonly resources: number; readonly serviceMs: Spread; readonly bareMs: Spread; readonly ratioToOne: number; readonly bareRatioToOne: number }[];
  readonly startupMs?: Spread;
  readonly memory?: { readonly seconds: number; readonly samples: readonly { readonly atSeconds: number; readonly rssMib: number }[]; readonly growthPercent: number; readonly peakMib?: number };
  readonly metrics?: { readonly skipped: string } | { readonly costPercent: Spread; readonly cpuCostPercent?: Spread; readonly scrapeCpuMs?: number; readonly scrapeSharePercent?: number };
  readonly ledgerCostPercent?: Spread;
  /** The ledger's share of the service's CPU per request (its worker thread included). */
  readonly ledgerCpuCostPercent?: Spread;
  readonly targets: readonly TargetCheck[];
}

const ratio = (s: Spread | undefined): string => (s ? cell(s) : '');

function comparisonRow(c: Comparison): string {
  const ref = c.reference;
  return `| ${c.scenario} | ${c.connections} | ${c.bodyKib} | ${cell(c.subject.rps)} | ${ref ? cell(ref.rps) : ''} | ${ratio(c.rpsRatio)} | ${c.subject.p50Ms.median} / ${ref?.p50Ms.median ?? ''} | ${c.subject.p99Ms.median} / ${ref?.p99Ms.median ?? ''} | ${ratio(c.p99Ratio)} | ${c.subject.cpuMsPerRequest.median} / ${ref?.cpuMsPerRequest.median ?? ''} | ${ratio(c.cpuRatio)} | ${c.subject.errors}${ref ? ` / ${ref.errors}` : ''} | ${c.subject.peakRssMib}${ref ? ` / ${ref.peakRssMib}` : ''} |`;
}

// The service's own stage timings per scenario (bench/server-stages.ts), when it served them.
function stagesTable(comparisons: readonly Comparison[]): string[] {
  const rows = comparisons.filter((c) => c.subjectStages !== undefined && c.subjectStages.answered > 0);
  if (rows.length === 0) return [];
  const shown = STAGES.filter((stage) => rows.some((c) => c.subjectStages?.stagesUs[stage] !== undefined));
  return [
    'Inside the service, by its own `/metrics` over the measured rounds (wall clock, bench/server-stages.ts). Answered: hook ' +
      'calls answered 200. Each stage: its mean µs over the calls that ran it (`cds_stage_duration_seconds`). Stages: the sum of ' +
      'those means. Request: the mean µs of an answered call from the first middleware to the end of its answer ' +
      '(`cds_request_duration_seconds`). What the request holds beyond the stages is the body\'s reading and parse, the body ' +
      'limits, the middleware and the answer\'s writing, and at c=32 part of the wait for other calls (most of the queue comes ' +
      'before the first middleware).',
    '',
    `| Scenario | c | answered | ${shown.join(' | ')} | stages | request |`,
    `|---|---|---|${shown.map(() => '---|').join('')}---|---|`,
    ...rows.map((c) => {
      const s = c.subjectStages;
      const us = shown.map((stage) => s?.stagesUs[stage]);
      const sum = us.reduce<number>((total, v) => total + (v ?? 0), 0);
      return `| ${c.scenario} | ${c.connections} | ${s?.answered ?? 0} | ${us.map((v) => (v === undefined ? '' : `${v}`)).join(' | ')} | ${sum} | ${s?.requestUs ?? ''} |`;
    }),
    '',
  ];
}

export function markdownOf(r: BenchResults): string {
  const lines = [
    `# npm run bench, ${r.date}${r.quick ? ' (--quick)' : ''}`,
    '',
    `Node ${r.node}, ${r.cpus} CPUs, wrk 1 thread in its own process; ${r.timing.rounds} rounds of ${r.timing.seconds} s per side, A/B/A/B. ` +
      'Cells: median (min–max) over the rounds; ratios are taken within each round. Pairs `a / b`: the service (or the scenario\'s subject), then the reference (bare Express parsing the same body, unless the scenario says otherwise). ' +
      'CPU ms/req: user + system CPU of the server processes per answered request; CPU ratio: reference ÷ subject, the throughput ratio the CPU alone would allow (steadier than req/s on a machine shared with other work).',
    '',
    '| Scenario | c | body KiB | req/s | reference req/s | ratio | p50 ms | p99 ms | p99 ratio | CPU ms/req | CPU ratio | errors | peak RSS MiB |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...r.comparisons.map(comparisonRow),
    '',
    ...stagesTable(r.comparisons),
  ];
  if (r.fallback) {
    const f = r.fallback;
    lines.push(`FHIR fallback (no prefetch, FHIR server +${f.delayMs} ms per answer, c=1): waves per call ${cell(f.waves)}, FHIR requests per call ${cell(f.requestsPerCall)}, p50 ${cell(f.p50Ms)} ms, errors ${f.errors}.`, '');
  }
  if (r.linearity) {
    lines.push('Linearity (largest patient, typical prefetch repeated, c=1; time per request = mean latency):', '', '| × | resources | service ms | bare ms | service ÷ 1× | bare ÷ 1× |', '|---|---|---|---|---|---|');
    for (const l of r.linearity) lines.push(`| ${l.times} | ${l.resources} | ${cell(l.serviceMs)} | ${cell(l.bareMs)} | ${l.ratioToOne} | ${l.bareRatioToOne} |`);
    lines.push('');
  }
  if (r.startupMs) lines.push(`Start-up to ready (\`node dist/main.js\`, fresh SQLite ledger): ${cell(r.startupMs)} ms.`, '');
  if (r.memory) lines.push(`RSS at c=32 over ${r.memory.seconds} s (median of the 5 s up to each mark, read every second): ${r.memory.samples.map((s) => `${s.rssMib} MiB at ${s.atSeconds} s`).join(', ')}; growth ${r.memory.growthPercent} %${r.memory.peakMib !== undefined ? `; peak ${r.memory.peakMib} MiB` : ''}.`, '');
  if (r.ledgerCostPercent) lines.push(`Ledger cost (issue 10; service with the SQLite ledger vs the same without it): ${cell(r.ledgerCostPercent)} % of throughput${r.ledgerCpuCostPercent ? `, ${cell(r.ledgerCpuCostPercent)} % of CPU per request` : ''}.`, '');
  if (r.metrics) lines.push('skipped' in r.metrics ? `/metrics scraped every second: skipped (${r.metrics.skipped}).` : `/metrics scraped every second costs ${r.metrics.cpuCostPercent ? `${cell(r.metrics.cpuCostPercent)} % CPU per request, ` : ''}${cell(r.metrics.costPercent)} % of throughput${r.metrics.scrapeCpuMs !== undefined ? `; one scrape costs ${r.metrics.scrapeCpuMs} ms of CPU, ${r.metrics.scrapeSharePercent ?? ''} % of the service's CPU per second under this load` : ''}.`, '');
  // A run of scenarios without targets (`--only tail`) has no targets table.
  if (r.targets.length > 0) {
    lines.push('Targets (issue 11; ledger: issue 10):', '', '| Target | Measured | Holds |', '|---|---|---|');
    for (const t of r.targets) lines.push(`| ${t.target} | ${t.measured} | ${t.holds ? 'yes' : '**no**'} |`);
    lines.push('');
  }
  return lines.join('\n');
}
