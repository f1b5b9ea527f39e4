import type { FhirResource } from 'fhir/r4.js';
import type { HookContext } from '../hooks/hook-types.js';
import { collectBundlePages } from './bundle-pages.js';
import { isBundle, isFhirResource, isOperationOutcome } from './fhir-resource-guards.js';
import { fetchFromFhirServer, type FhirSource } from './fhir-source.js';
import { keyUnavailable, prefetchNotAResource, type UnavailableReason } from './gather-failures.js';
import { keyQueries, type KeyQueries, type LabWindow } from './narrowed-queries.js';
import { renderPrefetchQuery } from './prefetch-tokens.js';

/**
 * One prefetch key, resolved as CDS Hooks 2.0 "Prefetch Template" asks: a value is used, `null` means
 * no data, an absent key (or an OperationOutcome in its place) is fetched from `fhirServer` with the same
 * template, and without a FHIR server the request fails with 412. A read answered 404 is no data too.
 */

/** What resolving one key needs. `source` is undefined when there is no allowed `fhirServer`. */
export interface KeyContext {
  readonly context: HookContext;
  readonly source: FhirSource | undefined;
  /** Most resources the key may hold, all pages (and both narrowed searches) together. */
  readonly maxResources: number;
  /** The labs and look-back that narrow the service's own lab searches; absent: templates run as written. */
  readonly labWindow?: LabWindow;
}

/**
 * The resources of one search and its next pages (that key's chain only), or `undefined` when `tolerate` lets the
 * server refuse it (HTTP 400).
 */
async function searchAllPages(source: FhirSource, query: string, key: string, maxResources: number, tolerate?: 'refused'): Promise<readonly FhirResource[] | undefined> {
  const answer = tolerate === undefined ? await fetchFromFhirServer(source, query, key) : await fetchFromFhirServer(source, query, key, tolerate);
  return answer === undefined ? undefined : answerResources(answer, source, key, maxResources);
}

/** The resources of one FHIR server answer: a resource, or a Bundle with its next pages. */
async function answerResources(answer: FhirResource, source: FhirSource, key: string, maxResources: number): Promise<readonly FhirResource[]> {
  if (isOperationOutcome(answer)) throw keyUnavailable(key, 'FHIR server answered with an OperationOutcome');
  if (!isBundle(answer)) return [answer];
  const paged = await collectBundlePages(answer, key, source, maxResources);
  if (paged === 'unfollowable') throw keyUnavailable(key, 'paginated and its next page cannot be fetched');
  return paged;
}

/**
 * The narrowed searches of a key sent together (src/gather/narrowed-queries.ts); a server that refuses one of them
 * (HTTP 400: it does not support `date`, `_sort` or `:missing` there) gets the template as written, on that key's
 * chain only.
 */
async function searchNarrowed(source: FhirSource, queries: KeyQueries, key: string, maxResources: number): Promise<readonly FhirResource[]> {
  const [only] = queries.narrowed;
  if (queries.narrowed.length === 1 && only !== undefined) return (await searchAllPages(source, only, key, maxResources)) ?? [];
  const parts = await Promise.all(queries.narrowed.map((query) => searchAllPages(source, query, key, maxResources, 'refused')));
  const resources: FhirResource[] = [];
  for (const part of parts) {
    if (part === undefined) return (await searchAllPages(source, queries.template, key, maxResources)) ?? [];
    for (const resource of part) resources.push(resource);
  }
  if (resources.length > maxResources) throw keyUnavailable(key, `more than ${maxResources} resources`);
  return resources;
}

async function fetchKey(key: string, template: string, kc: KeyContext, whyNoServer: UnavailableReason): Promise<readonly FhirResource[]> {
  if (kc.source === undefined) throw keyUnavailable(key, whyNoServer);
  const query = renderPrefetchQuery(template, kc.context);
  if (query === undefined) throw keyUnavailable(key, 'a prefetch token this request cannot fill');
  if (query.includes('?')) return searchNarrowed(kc.source, keyQueries(query, kc.labWindow), key, kc.maxResources);
  // An instance read (no search) of a resource that does not exist is "no data", as a null prefetch value would
  // be; a search that fails is never taken for an empty result.
  const answer = await fetchFromFhirServer(kc.source, query, key, 'absent');
  return answer === undefined ? [] : answerResources(answer, kc.source, key, kc.maxResources);
}

/**
 * The resources for prefetch key `key`, from the client's `value` or from the FHIR server.
 * @param value - the raw prefetch value; `undefined` when the key is absent.
 * @throws OperationOutcomeError 400 when the value is not a FHIR resource, 412 when the data cannot be had.
 */
export async function resolvePrefetchKey(
  key: string,
  template: string,
  value: unknown,
  kc: KeyContext,
): Promise<readonly FhirResource[]> {
  if (value === null) return [];
  if (value === undefined) return fetchKey(key, template, kc, 'missing and no FHIR server is available');
  if (!isFhirResource(value)) throw prefetchNotAResource(key);
  if (isOperationOutcome(value)) return fetchKey(key, template, kc, 'an OperationOutcome and no FHIR server is available');
  if (!isBundle(value)) return [value];
  const paged = await collectBundlePages(value, key, kc.source, kc.maxResources);
  // A prefetch page whose next link is not on our FHIR server: run the template ourselves instead.
  return paged === 'unfollowable' ? fetchKey(key, template, kc, 'paginated and its next page cannot be fetched') : paged;
}
