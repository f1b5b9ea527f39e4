import { labWindowOf } from '../src/handle-hook.js';
import { loadConfig } from '../src/config.js';
import { toFindings } from '../src/findings/to-findings.js';
import { gatherPatientData } from '../src/gather/gather-patient-data.js';
import { loadServiceRegistry } from '../src/hooks/service-registry.js';
import { createHookRequestValidator } from '../src/hooks/validate-request.js';
import { assertJsonWithinLimits } from '../src/http/json-limits.js';
import { JSON_LIMITS } from '../src/http/routes.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { renderCard } from '../src/cards/render-card.js';
import { runRules } from '../src/rules/index.js';
import { benchPatients, bySize, orderSelectBody, patientViewBody, typicalPrefetch, wholeRecordPrefetch } from './bodies.js';
import { spreadOf } from './stats.js';

/**
 * The CPU cost of each stage of a hook call, in this process, without HTTP: `node --experimental-websocket
 * dist/bench/bench/stage-costs.js [calls per pass]` after `npm run bench` has built it (the flag is for @medplum, which builds
 * the bodies). It runs the service's own stage functions on the benchmark's bodies (src/handle-hook.ts chains the
 * same ones) and prints, per body, the median over three passes of the CPU µs per call of each stage, our stages
 * together, and their share beside `JSON.parse`, the work bare Express does too.
 *
 * CPU time, not the clock, and no HTTP: it tells which stage costs what, which the HTTP benchmark cannot. On the shared
 * 2-core machines here one build's figures still moved by up to half from run to run
 * (bench/results/stage-costs-2026-12-01.md), so builds are compared over several runs, alternating. The governance
 * stage (suppression lookup, ledger record) needs its database and is left out; the ledger scenario of `npm run bench`
 * measures it. Each stage is timed by `process.cpuUsage`, about a microsecond per reading.
 */

const STAGES = ['parse', 'limits', 'validate', 'gather', 'findings', 'rules', 'cards', 'response'] as const;
type StageName = (typeof STAGES)[number];
type Costs = Record<StageName, number>;

const knowledge = loadKnowledge('cds-services');
const services = loadServiceRegistry('cds-services');
const validate = createHookRequestValidator();
const config = loadConfig({});

const cpu = (): number => {
  const used = process.cpuUsage();
  return used.user + used.system;
};

// One hook call, stage by stage, adding each stage's CPU µs to `costs`.
async function oneCall(serviceId: string, text: string, costs: Costs): Promise<void> {
  const service = services.find(serviceId);
  if (!service) throw new Error(`no service ${serviceId}`);
  let last = cpu();
  const lap = (stage: StageName): void => {
    const now = cpu();
    costs[stage] += now - last;
    last = now;
  };
  const body: unknown = JSON.parse(text);
  lap('parse');
  assertJsonWithinLimits(body, JSON_LIMITS);
  lap('limits');
  const { request, context } = validate(body, service);
  lap('validate');
  const now = new Date();
  const record = await gatherPatientData(
    { context, labWindow: labWindowOf(knowledge, now), ...(request.prefetch ? { prefetch: request.prefetch } : {}), templates: service.prefetch, signal: () => AbortSignal.timeout(config.deadlineMs) },
    { isFhirServerAllowed: () => false, maxResourcesPerKey: config.maxResourcesPerKey, maxResponseBytes: config.maxFhirResponseBytes },
  );
  lap('gather');
  const findings = toFindings(record, context, knowledge, now);
  lap('findings');
  const assessments = runRules({ findings, hook: context.hook, now, knowledge });
  lap('rules');
  const cards = assessments.map((assessment) => renderCard(assessment, knowledge, { patientId: context.patientId, hook: context.hook }));
  lap('cards');
  JSON.stringify({ cards });
  lap('response');
}

const zero = (): Costs => Object.fromEntries(STAGES.map((s) => [s, 0])) as Costs;
const oursOf = (costs: Costs): number => STAGES.filter((s) => s !== 'parse').reduce((sum, s) => sum + costs[s], 0);

/** One pass over one body: CPU µs per call of each stage, and of our stages together. */
async function onePass(serviceId: string, text: string, calls: number): Promise<{ costs: Costs; ours: number }> {
  const totals = zero();
  for (let i = 0; i < calls; i++) await oneCall(serviceId, text, totals);
  const costs = Object.fromEntries(STAGES.map((s) => [s, totals[s] / calls])) as Costs;
  return { costs, ours: oursOf(costs) };
}

async function main(): Promise<void> {
  const calls = Number(process.argv[2] ?? '1000');
  if (!Number.isInteger(calls) || calls < 1) throw new Error('usage: stage-costs [calls per pass, a positive integer]');
  const { small, medium, large } = await bySize(benchPatients(new Date()));
  const bodies: readonly (readonly [string, string, string])[] = [
    [`typical small (${small.name})`, 'leg-cramps-patient-view', patientViewBody(small.patientId, await typicalPrefetch(small))],
    [`typical medium (${medium.name})`, 'leg-cramps-patient-view', patientViewBody(medium.patientId, await typicalPrefetch(medium))],
    [`typical large (${large.name})`, 'leg-cramps-patient-view', patientViewBody(large.patientId, await typicalPrefetch(large))],
    [`whole record (${large.name})`, 'leg-cramps-patient-view', patientViewBody(large.patientId, await wholeRecordPrefetch(large))],
    [`order-select (${medium.name})`, 'leg-cramps-order-select', await orderSelectBody(medium)],
  ];
  // Every body is run once before any is measured: the body measured first would otherwise pay for the code's
  // warm-up (the first version of this tool measured the small patient a third too high that way).
  for (const [, serviceId, text] of bodies) await onePass(serviceId, text, calls);
  // Three passes, each over every body in turn, so a change in the machine's speed meets every body alike.
  const passes = new Map<string, { costs: Costs; ours: number }[]>();
  for (let pass = 0; pass < 3; pass++) {
    for (const [name, serviceId, text] of bodies) passes.set(name, [...(passes.get(name) ?? []), await onePass(serviceId, text, calls)]);
  }
  console.log(`Node ${process.version}; CPU µs per call, median of 3 passes of ${calls} calls per body; "ours": every stage but the parse,`);
  console.log('summed within each pass (so "ours" and its ratio are medians of per-pass figures, not sums of the medians).\n');
  console.log(`| Body | KiB | ${STAGES.join(' | ')} | ours | ours ÷ parse |`);
  console.log(`|---|---|${STAGES.map(() => '---|').join('')}---|---|`);
  for (const [name, , text] of bodies) {
    const runs = passes.get(name) ?? [];
    const median = (values: number[]): number => spreadOf(values).median;
    const cells = STAGES.map((s) => median(runs.map((r) => r.costs[s])).toFixed(0));
    const ours = median(runs.map((r) => r.ours));
    const ratio = median(runs.map((r) => r.ours / r.costs.parse));
    console.log(`| ${name} | ${Math.round(text.length / 1024)} | ${cells.join(' | ')} | ${ours.toFixed(0)} | ${ratio.toFixed(2)} |`);
  }
}

await main();
