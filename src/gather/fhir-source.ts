import { Client } from 'fhir-kit-client';
import type { FhirResource } from 'fhir/r4.js';
import type { FhirAuthorization } from '../hooks/hook-types.js';
import { isFhirResource, isObject } from './fhir-resource-guards.js';
import { keyUnavailable } from './gather-failures.js';

/**
 * The EHR's FHIR server for one request: a fhir-kit-client `Client` made per request (the token is
 * transient, checklist §7.5) and the request's abort signal, passed to every call.
 */
export interface FhirSource {
  readonly baseUrl: string;
  readonly client: Client;
  readonly signal: AbortSignal;
}

/**
 * A source for `fhirServer`; the bearer token is sent only when the client gave `fhirAuthorization`
 * (CDS Hooks 2.0 "Passing the Access Token to the CDS Service").
 */
export function createFhirSource(baseUrl: string, auth: FhirAuthorization | undefined, signal: AbortSignal): FhirSource {
  const client = new Client({ baseUrl, ...(auth ? { bearerToken: auth.access_token } : {}) });
  return { baseUrl, client, signal };
}

function httpStatusOf(err: unknown): number | undefined {
  if (!isObject(err) || !isObject(err['response'])) return undefined;
  const status = err['response']['status'];
  return typeof status === 'number' ? status : undefined;
}

/**
 * GETs `url` (relative to the base, or absolute once checked by the caller) for prefetch key `key`.
 * Every failure becomes a 412 naming the key; the cause is not kept because fhir-kit-client's error
 * message carries the URL, and so the patient id. With `notFound: 'absent'` a 404 answers `undefined`.
 */
export async function fetchFromFhirServer(source: FhirSource, url: string, key: string): Promise<FhirResource>;
export async function fetchFromFhirServer(source: FhirSource, url: string, key: string, notFound: 'absent'): Promise<FhirResource | undefined>;
export async function fetchFromFhirServer(source: FhirSource, url: string, key: string, notFound?: 'absent'): Promise<FhirResource | undefined> {
  let answer: unknown;
  try {
    answer = await source.client.request(url, { options: { signal: source.signal, redirect: 'manual' } });
  } catch (err: unknown) {
    if (source.signal.aborted) throw keyUnavailable(key, 'FHIR server did not answer before the deadline');
    const status = httpStatusOf(err);
    if (status === undefined) throw keyUnavailable(key, 'FHIR server could not be reached');
    if (status === 404 && notFound === 'absent') return undefined;
    // fhir-kit-client also throws on a 2xx body that is not JSON.
    if (status < 300) throw keyUnavailable(key, 'FHIR server answer is not a FHIR resource');
    throw keyUnavailable(key, `FHIR server answered HTTP ${status}`);
  }
  if (!isFhirResource(answer)) throw keyUnavailable(key, 'FHIR server answer is not a FHIR resource');
  return answer;
}
