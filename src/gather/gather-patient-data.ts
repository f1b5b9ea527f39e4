import type { FhirResource } from 'fhir/r4.js';
import type { HookContext, FhirAuthorization } from '../hooks/hook-types.js';
import { createFhirSource } from './fhir-source.js';
import type { LabWindow } from './narrowed-queries.js';
import type { PatientRecord } from './patient-record.js';
import { resolvePrefetchKey, type KeyContext } from './prefetch-key.js';
import { fetchReferencedMedications, missingMedicationReferences } from './referenced-medications.js';
import { sortIntoPatientRecord } from './sort-resources.js';

/** What gather needs from one hook request. */
export interface GatherInput {
  readonly context: HookContext;
  /** `prefetch` as sent by the client: raw, unvalidated. */
  readonly prefetch?: Readonly<Record<string, unknown>>;
  readonly fhirServer?: string;
  readonly fhirAuthorization?: FhirAuthorization;
  /** The service's prefetch templates (`cds-services/services.json`): the keys gather must satisfy. */
  readonly templates: Readonly<Record<string, string>>;
  /**
   * The request's single deadline, made by the caller (or a function making it, called only when a FHIR server is
   * contacted: a call answered from prefetch then starts no timer); aborting it cancels every FHIR call in flight.
   */
  readonly signal: AbortSignal | (() => AbortSignal);
  /** The lab codes and look-back start (knowledge) that narrow the service's own lab searches; absent: none is. */
  readonly labWindow?: LabWindow;
}

/** Policies gather is given rather than decides. */
export interface GatherDeps {
  /** SSRF policy of the http layer; a server it refuses is treated as no `fhirServer` at all. */
  readonly isFhirServerAllowed: (baseUrl: string) => boolean;
  /** Most resources per key, all pages together (default `DEFAULT_MAX_RESOURCES_PER_KEY`); more is a 412. */
  readonly maxResourcesPerKey?: number;
  /** Most bytes read of one FHIR server answer (default `DEFAULT_MAX_RESPONSE_BYTES`); more is a 412. */
  readonly maxResponseBytes?: number;
}

/** Default resource bound per prefetch key: ten pages of the templates' `_count=100`. */
export const DEFAULT_MAX_RESOURCES_PER_KEY = 1000;

function prefetchValue(prefetch: Readonly<Record<string, unknown>> | undefined, key: string): unknown {
  return prefetch !== undefined && Object.hasOwn(prefetch, key) ? prefetch[key] : undefined;
}

/**
 * The patient's record for one request, from prefetch and, for keys the client did not satisfy, from
 * `fhirServer` (CDS Hooks 2.0 "Prefetch Template" and "FHIR Resource Access",
 * https://cds-hooks.hl7.org/2.0/#fhir-resource-access). The FHIR server costs at most two waves of requests sent
 * together: every missing key at once (lab searches narrowed to the look-back, src/gather/narrowed-queries.ts; a
 * key's `next` pages lengthen that key's chain only), then the Medications the answers reference but no Bundle
 * held, all in one more wave (none when nothing is missing). The first failure cancels the other calls.
 * @returns resources of `context.patientId` only, sorted by type, deduplicated.
 * @throws OperationOutcomeError 412 when a key's data cannot be had, 400 when a prefetch value is not a FHIR resource.
 */
export async function gatherPatientData(input: GatherInput, deps: GatherDeps): Promise<PatientRecord> {
  const fhirServer = input.fhirServer && deps.isFhirServerAllowed(input.fhirServer) ? input.fhirServer : undefined;
  // Without a FHIR server nothing can be cancelled: no controller, no combined signal.
  const onFailure = fhirServer ? new AbortController() : undefined;
  const source =
    fhirServer && onFailure
      ? createFhirSource(fhirServer, input.fhirAuthorization, AbortSignal.any([typeof input.signal === 'function' ? input.signal() : input.signal, onFailure.signal]), deps.maxResponseBytes)
      : undefined;
  const maxResources = Math.max(1, deps.maxResourcesPerKey ?? DEFAULT_MAX_RESOURCES_PER_KEY);
  const kc: KeyContext = { context: input.context, source, maxResources, ...(input.labWindow ? { labWindow: input.labWindow } : {}) };

  const perKey = await Promise.all(
    Object.entries(input.templates).map(([key, template]) =>
      resolvePrefetchKey(key, template, prefetchValue(input.prefetch, key), kc),
    ),
  ).catch((err: unknown) => {
    onFailure?.abort();
    throw err;
  });
  // `concat`, not `flat()`: V8's `Array.prototype.flat` copies element by element through its generic path, 9–14 µs
  // against 0.5 µs for the 94 resources of a typical prefetch (bench/results/profile-http-2026-12-01.md).
  const record = sortIntoPatientRecord(([] as readonly FhirResource[]).concat(...perKey), input.context.patientId);
  // Without a FHIR server nothing missing could be fetched: the references are not even looked for.
  if (source === undefined) return record;
  const missing = missingMedicationReferences(record, input.context.draftOrders);
  if (missing.length === 0) return record;
  const fetched = await fetchReferencedMedications(source, missing, maxResources);
  return { ...record, medications: new Map([...record.medications, ...fetched]) };
}
