import { randomUUID } from 'node:crypto';
import type { CdsCard } from '../cards/card-types.js';
import { createFhirStore, type FhirStore } from '../fhir-server/fhir-store.js';
import { isObject } from '../gather/fhir-resource-guards.js';
import type { HookName, ServiceDefinition } from '../hooks/hook-types.js';
import { createHookRequestValidator } from '../hooks/validate-request.js';
import type { Knowledge } from '../knowledge/knowledge-types.js';
import type { FixturePatient, FixtureRequest } from './fixture-files.js';
import { draftOrderLines, keyFindings, type DraftOrderLine, type KeyFindings } from './key-findings.js';
import { buildPrefetch } from '../replay/build-prefetch.js';
import { callService as postHook } from '../replay/call-service.js';

/** One hook call of the review and the cards it returned. */
export interface ReviewedCall {
  readonly hook: HookName;
  /** The request file an order-hook call replays; patient-view calls are built from the patient fixture. */
  readonly requestFile?: string;
  readonly draftOrders: readonly DraftOrderLine[];
  readonly cards: readonly CdsCard[];
}

export interface ReviewedPatient {
  readonly name: string;
  readonly findings: KeyFindings;
  readonly calls: readonly ReviewedCall[];
}

export interface CardsReview {
  readonly knowledgeVersion: string;
  readonly servicesVersion?: string;
  /** The clock the cards were judged by. */
  readonly asOf: Date;
  readonly generatedAt: Date;
  readonly patients: readonly ReviewedPatient[];
}

/** A call that did not give a schema-valid 200; the message says which call and why. */
export class ReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewError';
  }
}

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init?.headers ?? {}) } });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

function isServiceDefinition(value: unknown): value is ServiceDefinition {
  return isObject(value) && typeof value['id'] === 'string' && typeof value['hook'] === 'string' && isObject(value['prefetch']);
}

/** The service of each hook, from the running service's discovery endpoint (exactly one per hook). */
async function discover(baseUrl: string): Promise<ReadonlyMap<string, ServiceDefinition>> {
  const { status, body } = await getJson(`${baseUrl}/cds-services`);
  const services = isObject(body) && Array.isArray(body['services']) ? body['services'] : undefined;
  if (status !== 200 || !services?.every(isServiceDefinition)) throw new ReviewError(`discovery answered ${status} without services`);
  const byHook = new Map<string, ServiceDefinition>();
  for (const service of services) {
    if (byHook.has(service.hook)) throw new ReviewError(`discovery lists two services for ${service.hook}`);
    byHook.set(service.hook, service);
  }
  return byHook;
}

function outcomeText(body: unknown): string {
  const issues = isObject(body) && Array.isArray(body['issue']) ? body['issue'] : [];
  const texts = issues.flatMap((issue: unknown) => (isObject(issue) && typeof issue['diagnostics'] === 'string' ? [issue['diagnostics']] : []));
  return texts.join('; ') || 'no OperationOutcome';
}

/** Posts one hook request and returns its cards, checked against the CDS Hooks response schema. */
async function callService(baseUrl: string, service: ServiceDefinition, body: Readonly<Record<string, unknown>>, what: string): Promise<readonly CdsCard[]> {
  const result = await postHook(baseUrl, service.id, body);
  if (result.ok) return result.body.cards;
  if (result.status !== 200) throw new ReviewError(`${what}: ${service.id} answered ${result.status}: ${outcomeText(result.body)}`);
  throw new ReviewError(`${what}: invalid CDS Hooks response: ${result.problems.map((p) => p.replace(/^not a valid CDS Hooks response: /, '')).join('; ')}`);
}

function serviceFor(services: ReadonlyMap<string, ServiceDefinition>, hook: HookName): ServiceDefinition {
  const service = services.get(hook);
  if (!service) throw new ReviewError(`discovery lists no service for ${hook}`);
  return service;
}

export interface CollectInput {
  readonly baseUrl: string;
  readonly knowledge: Knowledge;
  readonly now: Date;
  readonly patients: readonly FixturePatient[];
  /** Request files; those of order hooks are replayed as they are, patient-view ones are left to the patients. */
  readonly requests: readonly FixtureRequest[];
}

/**
 * Every fixture patient on patient-view (prefetch answered from its bundle by the discovered templates), and every
 * order-hook request file on its patient, over HTTP, in a stable order. Throws on the first call that fails.
 */
export async function collectCards(input: CollectInput): Promise<ReviewedPatient[]> {
  const services = await discover(input.baseUrl);
  const validate = createHookRequestValidator();
  const names = new Set(input.patients.map((p) => p.name));
  const orderRequests = input.requests.filter((r) => r.hook !== 'patient-view');
  for (const request of orderRequests) {
    if (!names.has(request.patientId)) throw new ReviewError(`${request.file}: its patient ${request.patientId} is no patient fixture`);
  }

  // Prefetch is built as the replay builds it: the discovered templates run as FHIR queries on the patient's record.
  const store: FhirStore = await createFhirStore(input.patients.map((p) => ({ patientId: p.name, resources: p.resources })));
  const reviewed: ReviewedPatient[] = [];
  for (const patient of input.patients) {
    const pv = serviceFor(services, 'patient-view');
    const context = { userId: 'Practitioner/cards-report', patientId: patient.name };
    const filled = { hook: 'patient-view', ...context, selections: [], draftOrders: [] } as const;
    const body = { hook: 'patient-view', hookInstance: randomUUID(), context, prefetch: await buildPrefetch(store, pv.prefetch, filled) };
    const calls: ReviewedCall[] = [{ hook: 'patient-view', draftOrders: [], cards: await callService(input.baseUrl, pv, body, patient.name) }];
    for (const request of orderRequests.filter((r) => r.patientId === patient.name)) {
      const service = serviceFor(services, request.hook);
      const cards = await callService(input.baseUrl, service, request.body, request.file);
      const { context } = validate(request.body, service);
      calls.push({ hook: request.hook, requestFile: request.file, draftOrders: draftOrderLines(context, input.knowledge, input.now), cards });
    }
    reviewed.push({ name: patient.name, findings: keyFindings(patient.name, patient.resources, input.knowledge, input.now), calls });
  }
  return reviewed;
}
