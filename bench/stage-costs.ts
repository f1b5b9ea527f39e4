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
 * dist/bench/bench/stage-costs.js [calls]` after `npm run bench` has built it (the flag is for @medplum, which builds
 * the bodies). It runs the service's own stage functions on the benchmark's bodies (src/handle-hook.ts chains the
 * same ones) and prints, per body, the median over three passes of the CPU µs per call of each stage, our stages
 * together, and their share beside `JSON.parse`, the work bare Express does too.
 *
 * CPU time, not the clock, and no HTTP: it tells which stage costs what, which the HTTP benchmark cannot. On the shared
 * 2-core machines here one build's figures still moved by up to a fifth from run to run
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

async function measure(serviceId: string, text: string, rounds: number): Promise<Costs> {
  const passes: Costs[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const warm = Object.fromEntries(STAGES.map((s) => [s, 0])) as Costs;
    for (let i = 0; i < Math.ceil(rounds / 10); i++) await oneCall(serviceId, text, warm);
    const costs = Object.fromEntries(STAGES.map((s) => [s, 0])) as Costs;
    for (let i = 0; i < rounds; i++) await oneCall(serviceId, text, costs);
    passes.push(Object.fromEntries(STAGES.map((s) => [s, costs[s] / rounds])) as Costs);
  }
  return Object.fromEntries(STAGES.map((s) => [s, spreadOf(passes.map((p) => p[s])).median])) as Costs;
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? '1000');
  const { small, medium, large } = await bySize(benchPatients(new Date()));
  const bodies: readonly (readonly [string, string, string])[] = [
    [`typical small (${small.name})`, 'leg-cramps-patient-view', patientViewBody(small.patientId, await typicalPrefetch(small))],
    [`typical medium (${medium.name})`, 'leg-cramps-patient-view', patientViewBody(medium.patientId, await typicalPrefetch(medium))],
    [`typical large (${large.name})`, 'leg-cramps-patient-view', patientViewBody(large.patientId, await typicalPrefetch(large))],
    [`whole record (${large.name})`, 'leg-cramps-patient-view', patientViewBody(large.patientId, await wholeRecordPrefetch(large))],
    [`order-select (${medium.name})`, 'leg-cramps-order-select', await orderSelectBody(medium)],
  ];
  console.log(`Node ${process.version}; CPU µs per call, median of 3 passes of ${rounds} calls; "ours": every stage but the parse.\n`);
  console.log(`| Body | KiB | ${STAGES.join(' | ')} | ours | ours ÷ parse |`);
  console.log(`|---|---|${STAGES.map(() => '---|').join('')}---|---|`);
  for (const [name, serviceId, text] of bodies) {
    const costs = await measure(serviceId, text, rounds);
    const ours = STAGES.filter((s) => s !== 'parse').reduce((sum, s) => sum + costs[s], 0);
    const cells = STAGES.map((s) => costs[s].toFixed(0));
    console.log(`| ${name} | ${Math.round(text.length / 1024)} | ${cells.join(' | ')} | ${ours.toFixed(0)} | ${(ours / costs.parse).toFixed(2)} |`);
  }
}

await main();
