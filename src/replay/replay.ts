import path from 'node:path';
import type { Resource } from 'fhir/r4.js';
import type { CdsResponse } from '../cards/card-types.js';
import { createFhirStore, type FhirStore } from '../fhir-server/fhir-store.js';
import { startFhirServer, type RunningFhirServer } from '../fhir-server/start-fhir-server.js';
import type { HookName } from '../hooks/hook-types.js';
import { attachToPatient, readResourceFile, withAdditions } from '../patient-files/attach-to-patient.js';
import { PatientFileError } from '../patient-files/patient-file-error.js';
import { isFolder, jsonFilesOf, readInputFile, type InputFile } from '../patient-files/read-input-file.js';
import { buildPrefetch } from './build-prefetch.js';
import { callService, type CallResult } from './call-service.js';
import { discoverServices, serviceForHook, type DiscoveredService } from './discovery.js';
import { startInProcessService, type InProcessService } from './in-process-service.js';
import { ReplayError } from './replay-error.js';
import { hookRequestBody, replayCall, type ReplayCall } from './replay-request.js';

/**
 * Replays files the way an EHR would call the service: for each patient Bundle, the hook request with prefetch
 * built from the service's own discovery templates (or, with `noPrefetch`, a local FHIR server holding the
 * records as `fhirServer`); a hook request file is sent as it is. One file or every `.json` file of a folder.
 */

export interface ReplayOptions {
  readonly hook?: HookName;
  readonly select: readonly string[];
  readonly orderFiles: readonly string[];
  readonly addFiles: readonly string[];
  readonly noPrefetch: boolean;
  /** A running service's base URL; without it, an in-process service. */
  readonly url?: string;
  /** The in-process service's clock. */
  readonly now?: Date;
}

/** The outcome of one file: what was called and what came back, or why it could not be. */
export type FileOutcome =
  | { readonly file: string; readonly label: string; readonly hook: string; readonly serviceId: string; readonly result: CallResult }
  | { readonly file: string; readonly label: string; readonly error: string };

interface Prepared {
  readonly file: string;
  readonly label: string;
  readonly input?: InputFile;
  readonly call?: ReplayCall;
  readonly error?: string;
}

function labelOf(file: string): string {
  return path.basename(file, '.json');
}

function prepare(file: string, options: ReplayOptions, additions: readonly Resource[], orders: readonly Resource[]): Prepared {
  const label = labelOf(file);
  try {
    const input = readInputFile(file);
    if (input.kind === 'hook-request') {
      const given = [options.hook && '--hook', options.select.length && '--select', options.orderFiles.length && '--order', options.addFiles.length && '--add', options.noPrefetch && '--no-prefetch'].filter(Boolean);
      if (given.length > 0) throw new PatientFileError(file, `a CDS Hooks request is sent as it is; ${given.join(', ')} ${given.length === 1 ? 'does' : 'do'} not apply`);
      return { file, label, input };
    }
    const resources = withAdditions(input.resources, additions, input.patientId);
    const call = replayCall(options.hook ?? 'patient-view', input.patientId, resources, attachToPatient(orders, input.patientId), options.select);
    return { file, label, input, call };
  } catch (err: unknown) {
    if (err instanceof Error) return { file, label, error: err.message };
    throw err;
  }
}

async function callOne(
  prepared: Prepared,
  services: readonly DiscoveredService[],
  serviceBase: string,
  data: { readonly store: FhirStore } | { readonly fhirServer: RunningFhirServer },
): Promise<FileOutcome> {
  const { file, label, input, call } = prepared;
  if (prepared.error !== undefined || input === undefined) return { file, label, error: prepared.error ?? 'unreadable' };
  try {
    if (input.kind === 'hook-request') {
      const service = serviceForHook(services, input.hook);
      return { file, label, hook: input.hook, serviceId: service.id, result: await callService(serviceBase, service.id, { ...input.request }) };
    }
    if (!call) return { file, label, error: 'unreadable' };
    const service = serviceForHook(services, call.context.hook);
    const body =
      'fhirServer' in data
        ? hookRequestBody(call, { fhirServer: data.fhirServer.baseUrl })
        : hookRequestBody(call, { prefetch: await buildPrefetch(data.store, service.prefetch, call.context) });
    return { file, label, hook: call.context.hook, serviceId: service.id, result: await callService(serviceBase, service.id, body) };
  } catch (err: unknown) {
    if (err instanceof ReplayError) return { file, label, error: err.message };
    throw err;
  }
}

/** Replays `target` (a file or a folder) and returns one outcome per file, in name order. */
export async function replay(target: string, options: ReplayOptions): Promise<FileOutcome[]> {
  const folder = isFolder(target);
  const files = folder ? jsonFilesOf(target) : [target];
  if (files.length === 0) throw new ReplayError(`${target}: no .json files`);
  const additions = options.addFiles.flatMap((f) => readResourceFile(f));
  const orders = options.orderFiles.flatMap((f) => readResourceFile(f));
  const prepared = files.map((file) => prepare(file, options, additions, orders));
  // One file that cannot be replayed fails at once, before any server starts; a folder reports it in its table.
  const unusable = prepared.find((p) => p.error !== undefined);
  if (!folder && unusable?.error !== undefined) throw new ReplayError(unusable.error);
  const records = prepared.flatMap((p) => (p.call && p.input?.kind === 'patient' ? [{ patientId: p.input.patientId, resources: p.call.record }] : []));

  let service: InProcessService | undefined;
  let fhirServer: RunningFhirServer | undefined;
  try {
    const data = options.noPrefetch ? { fhirServer: (fhirServer = await startFhirServer(records)) } : { store: await createFhirStore(records) };
    const serviceBase = options.url ?? (service = await startInProcessService(options.now ? { now: () => options.now as Date } : {})).baseUrl;
    const services = await discoverServices(serviceBase.replace(/\/+$/, ''));
    const outcomes: FileOutcome[] = [];
    for (const p of prepared) outcomes.push(await callOne(p, services, serviceBase.replace(/\/+$/, ''), data));
    return outcomes;
  } finally {
    await service?.close();
    await fhirServer?.close();
  }
}

/** The response of a successful outcome. */
export function responseOf(outcome: FileOutcome): CdsResponse | undefined {
  return 'result' in outcome && outcome.result.ok ? outcome.result.body : undefined;
}
