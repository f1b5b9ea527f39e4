import { performance } from 'node:perf_hooks';
import type { CdsResponse } from './cards/card-types.js';
import { renderCard } from './cards/render-card.js';
import { bySeverity, renderCards } from './cards/render-cards.js';
import { toFindings } from './findings/to-findings.js';
import { lookbackStart } from './findings/lookback.js';
import { gatherPatientData } from './gather/gather-patient-data.js';
import type { LabWindow } from './gather/narrowed-queries.js';
import type { ServiceRegistry } from './hooks/service-registry.js';
import type { ValidatedHookCall } from './hooks/validate-request.js';
import type { ServiceDefinition } from './hooks/hook-types.js';
import type { HookCall, HookGovernance } from './governance/hook-governance.js';
import { notFound, OperationOutcomeError, serviceUnavailable } from './outcomes/operation-outcome.js';
import type { Knowledge } from './knowledge/knowledge-types.js';
import { runRules } from './rules/index.js';
import { countCards, countWrongPatientDropped } from './metrics/hook-metrics.js';
import { observeStage, type Stage } from './metrics/stage-metrics.js';

/** What one hook call needs, built once at start-up. */
export interface HookDeps {
  readonly services: ServiceRegistry;
  readonly knowledge: Knowledge;
  readonly validate: (body: unknown, service: ServiceDefinition) => ValidatedHookCall;
  /** One deadline for the whole call, FHIR round-trips included. */
  readonly deadlineMs: number;
  /** Most resources one prefetch key may hold (all pages); more is a 412 naming the key. */
  readonly maxResourcesPerKey: number;
  /** Most bytes read of one FHIR server answer; more is a 412 naming the key. */
  readonly maxFhirResponseBytes: number;
  readonly now: () => Date;
  /** SSRF policy: may this caller's `fhirServer` be contacted? */
  readonly isFhirServerAllowed: (fhirServer: string) => boolean;
  /** Ledger and suppression; absent: cards go out unrecorded (tests of other stages). */
  readonly governance?: HookGovernance;
  /** The verified caller (JWT `iss`, `tenant`); absent for an unauthenticated development call. */
  readonly caller?: { readonly issuer?: string; readonly tenant?: string };
}

/** The response plus what the request log line reports (no patient data). */
export interface HookOutcome {
  readonly response: CdsResponse;
  readonly timingsMs: Readonly<Record<string, number>>;
  readonly droppedWrongPatient: number;
  /** Cards held back by suppression (counted in the ledger and the request log). */
  readonly suppressed: number;
  /** Lab results whose unit could not be understood (counted, never read as values, never shown). */
  readonly unreadableUnits: number;
}

/**
 * A hook call from body to cards: validate → gather → findings → rules → cards.
 * Throws `OperationOutcomeError` (400, 404, 412, 503 past the deadline) for the error middleware.
 */
export async function handleHook(serviceId: string, body: unknown, deps: HookDeps): Promise<HookOutcome> {
  const service = deps.services.find(serviceId);
  if (!service) throw new OperationOutcomeError(notFound(`Unknown CDS service '${serviceId}'`));
  const clock = stopwatch();

  // The stages compare the clock themselves (a timer cannot fire while synchronous work runs); the abort signal that
  // cancels FHIR calls is made only for a call that makes some, so a call answered from prefetch starts no timer.
  const deadlineAt = performance.now() + deps.deadlineMs;
  const deadline = (): AbortSignal => AbortSignal.timeout(Math.max(0, Math.ceil(deadlineAt - performance.now())));
  const stopAfterDeadline = (): void => {
    if (performance.now() >= deadlineAt) {
      throw new OperationOutcomeError(serviceUnavailable('The deadline passed before the cards were ready'));
    }
  };
  const { request, context } = deps.validate(body, service);
  clock.lap('validate');
  // Cards that cannot be recorded are not sent (issue 10: never silent loss).
  if (deps.governance && !deps.governance.accepting()) throw new OperationOutcomeError(serviceUnavailable('The governance ledger cannot be written; try again later'));

  // One clock for the whole call: the look-back that narrows the FHIR searches is the one findings apply.
  const now = deps.now();
  // A failed gather (412: FHIR server down, deadline) is timed too: that is when its time matters most.
  const record = await gatherPatientData(
    {
      context,
      labWindow: labWindowOf(deps.knowledge, now),
      ...(request.prefetch ? { prefetch: request.prefetch } : {}),
      ...(request.fhirServer ? { fhirServer: request.fhirServer } : {}),
      ...(request.fhirAuthorization ? { fhirAuthorization: request.fhirAuthorization } : {}),
      templates: service.prefetch,
      signal: deadline,
    },
    { isFhirServerAllowed: deps.isFhirServerAllowed, maxResourcesPerKey: deps.maxResourcesPerKey, maxResponseBytes: deps.maxFhirResponseBytes },
  ).finally(() => clock.lap('gather'));
  // Past the deadline the EHR has stopped waiting: no further stage runs (503, the call may be retried).
  stopAfterDeadline();

  const findings = toFindings(record, context, deps.knowledge, now);
  clock.lap('findings');
  stopAfterDeadline();

  const assessments = runRules({ findings, hook: context.hook, now, knowledge: deps.knowledge });
  clock.lap('rules');
  stopAfterDeadline();

  const ctx = { patientId: context.patientId, hook: context.hook };
  const counts = { droppedWrongPatient: record.droppedWrongPatient, unreadableUnits: findings.unreadableResults.length };
  if (!deps.governance) {
    const cards = renderCards(assessments, deps.knowledge, ctx);
    clock.lap('cards');
    countAnswer(service.id, cards, record.droppedWrongPatient);
    return { response: { cards }, timingsMs: clock.laps(), ...counts, suppressed: 0 };
  }
  const call: HookCall = {
    serviceId: service.id,
    hook: context.hook,
    hookInstance: request.hookInstance,
    issuer: deps.caller?.issuer ?? '',
    tenant: deps.caller?.tenant ?? '',
    patientId: context.patientId,
  };
  const screening = await deps.governance.screen(assessments, call, now);
  clock.lap('governance');
  const sent = screening.kept.map((s) => renderCard(s.assessment, deps.knowledge, ctx));
  const held = screening.held.map((s) => renderCard(s.assessment, deps.knowledge, ctx));
  clock.lap('cards');
  deps.governance.record(call, screening, sent, held, now);
  countAnswer(service.id, sent, record.droppedWrongPatient);
  return { response: { cards: bySeverity(sent) }, timingsMs: clock.laps(), ...counts, suppressed: held.length };
}

const labCodeKeys = new WeakMap<Knowledge['labs'], ReadonlySet<string>>();

/** The knowledge's lab codes and the look-back start at `now`: what the service's own lab searches may be narrowed to. */
export function labWindowOf(knowledge: Knowledge, now: Date): LabWindow {
  let codeKeys = labCodeKeys.get(knowledge.labs);
  if (codeKeys === undefined) {
    codeKeys = new Set(Object.values(knowledge.labs).flatMap((lab) => [...lab.keys]));
    labCodeKeys.set(knowledge.labs, codeKeys);
  }
  return { codeKeys, since: lookbackStart(now, knowledge.labLookbackMonths) };
}

// Cards sent and resources dropped, for `/metrics` (src/metrics/hook-metrics.ts).
function countAnswer(serviceId: string, cards: CdsResponse['cards'], droppedWrongPatient: number): void {
  countCards(serviceId, cards);
  countWrongPatientDropped(serviceId, droppedWrongPatient);
}

/** Stage timings for the request log (ms, two decimals) and the stage histograms of `/metrics`. */
function stopwatch(): { lap(stage: Stage): void; laps(): Record<string, number> } {
  const laps: Record<string, number> = {};
  let last = performance.now();
  return {
    lap(stage) {
      const t = performance.now();
      observeStage(stage, t - last);
      laps[stage] = Math.round((t - last) * 100) / 100;
      last = t;
    },
    laps: () => laps,
  };
}
