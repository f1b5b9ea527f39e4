import { performance } from 'node:perf_hooks';
import type { FhirResource } from 'fhir/r4.js';
import { observeFhirCall, type FhirCallOutcome } from '../metrics/fhir-metrics.js';
import type { FhirAuthorization } from '../hooks/hook-types.js';
import { isFhirResource } from './fhir-resource-guards.js';
import type { OperationOutcomeError } from '../outcomes/operation-outcome.js';
import { keyUnavailable, type UnavailableReason } from './gather-failures.js';

/**
 * The EHR's FHIR server for one request: its base URL, the request's bearer token (transient: never stored or
 * logged, checklist §7.5), the request's abort signal passed to every call, and the byte cap of one answer.
 *
 * GETs go through Node's fetch rather than fhir-kit-client: that client buffers every answer whole
 * (`response.text()`) and offers no hook to stop reading, so one huge or endless answer would hold the process's
 * memory. Here the body is read as a stream and the read stops at `maxResponseBytes`.
 */
export interface FhirSource {
  readonly baseUrl: string;
  readonly bearerToken?: string;
  readonly signal: AbortSignal;
  readonly maxResponseBytes: number;
}

/** Default byte cap of one FHIR answer (a page of 100 resources is typically well under 1 MB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/**
 * A source for `fhirServer`; the bearer token is sent only when the client gave `fhirAuthorization`
 * (CDS Hooks 2.0 "Passing the Access Token to the CDS Service").
 */
export function createFhirSource(
  baseUrl: string,
  auth: FhirAuthorization | undefined,
  signal: AbortSignal,
  maxResponseBytes: number = DEFAULT_MAX_RESPONSE_BYTES,
): FhirSource {
  return { baseUrl, ...(auth ? { bearerToken: auth.access_token } : {}), signal, maxResponseBytes };
}

/** `url` relative to the base (`Patient/1`, `Observation?…`), or an absolute URL already checked by the caller. */
function expandUrl(baseUrl: string, url: string): string {
  if (/^https?:\/\//i.test(url)) return url;
  return `${baseUrl.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

/** The body's bytes, or `undefined` once more than `maxBytes` arrived (the rest is not read). */
async function readAtMost(response: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** FHIR JSON is UTF-8 (FHIR R4 §2.6.2 "JSON Representation"); invalid bytes make the answer unreadable. */
function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

/** Which failure answers `undefined` instead of throwing. */
export type Tolerated = 'absent' | 'refused';

const TOLERATED_STATUS: Readonly<Record<Tolerated | 'nothing', number | undefined>> = { absent: 404, refused: 400, nothing: undefined };

/**
 * GETs `url` (relative to the base, or absolute once checked by the caller) for prefetch key `key`.
 * Every failure becomes a 412 naming the key and at most an HTTP status, never the URL (it holds the patient id).
 * Redirects are not followed: the token must never go to another host. With `tolerate: 'absent'` a 404 answers
 * `undefined` (a read of nothing); with `tolerate: 'refused'` a 400 does (a search the server does not support).
 */
export async function fetchFromFhirServer(source: FhirSource, url: string, key: string): Promise<FhirResource>;
export async function fetchFromFhirServer(source: FhirSource, url: string, key: string, tolerate: Tolerated): Promise<FhirResource | undefined>;
export async function fetchFromFhirServer(source: FhirSource, url: string, key: string, tolerate?: Tolerated): Promise<FhirResource | undefined> {
  const started = performance.now();
  const call: { outcome: FhirCallOutcome } = { outcome: 'unreachable' };
  try {
    return await fetchAnswer(source, url, key, tolerate, call);
  } finally {
    observeFhirCall(call.outcome, performance.now() - started);
  }
}

// One GET; `call.outcome` says how it ended, for the FHIR call metrics of `/metrics`.
async function fetchAnswer(source: FhirSource, url: string, key: string, tolerate: Tolerated | undefined, call: { outcome: FhirCallOutcome }): Promise<FhirResource | undefined> {
  const headers: Record<string, string> = { accept: 'application/fhir+json' };
  if (source.bearerToken !== undefined) headers['authorization'] = `Bearer ${source.bearerToken}`;
  const refused = (outcome: FhirCallOutcome, reason: UnavailableReason): OperationOutcomeError => {
    call.outcome = outcome;
    return keyUnavailable(key, reason);
  };
  const failed = (): OperationOutcomeError =>
    source.signal.aborted ? refused('aborted', 'FHIR server did not answer before the deadline') : refused('unreachable', 'FHIR server could not be reached');
  let response: Response;
  try {
    response = await fetch(expandUrl(source.baseUrl, url), { headers, signal: source.signal, redirect: 'manual' });
  } catch {
    throw failed();
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    if (response.status === TOLERATED_STATUS[tolerate ?? 'nothing']) {
      call.outcome = response.status === 404 ? 'not-found' : 'http-error';
      return undefined;
    }
    throw refused('http-error', `FHIR server answered HTTP ${response.status}`);
  }
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readAtMost(response, source.maxResponseBytes);
  } catch {
    throw failed();
  }
  if (bytes === undefined) throw refused('too-large', `FHIR server answer is over ${source.maxResponseBytes} bytes`);
  const answer = parseJson(bytes);
  if (!isFhirResource(answer)) throw refused('invalid', 'FHIR server answer is not a FHIR resource');
  call.outcome = 'ok';
  return answer;
}
