import type { Bundle, FhirResource } from 'fhir/r4.js';
import { bundleResources, isBundle, isObject } from './fhir-resource-guards.js';
import { fetchFromFhirServer, type FhirSource } from './fhir-source.js';
import { keyUnavailable } from './gather-failures.js';

/**
 * Follows `link[relation=next]` of a search Bundle (CDS Hooks 2.0 "Prefetch Template": the client MAY
 * paginate; the service follows `next` with the `fhirAuthorization` token).
 */

/** The resources of every page, or `unfollowable` when a next link cannot be fetched from `source`. */
export type PagedResources = readonly FhirResource[] | 'unfollowable';

function nextLink(bundle: Bundle): string | undefined {
  const links: unknown = bundle.link;
  if (!Array.isArray(links)) return undefined;
  for (const link of links) {
    if (isObject(link) && link['relation'] === 'next' && typeof link['url'] === 'string' && link['url'] !== '') {
      return link['url'];
    }
  }
  return undefined;
}

/**
 * The absolute form of `url` when it is on the FHIR server itself (same origin, under its base path),
 * else `undefined`. The token must never go to another host (SSRF, token leak), whatever a `next` link says.
 */
export function resolveOnFhirServer(url: string, baseUrl: string): string | undefined {
  try {
    const base = new URL(baseUrl);
    const basePath = base.pathname.replace(/\/+$/, '');
    const target = new URL(url, `${base.origin}${basePath}/`);
    const isUnderBase = target.pathname === basePath || target.pathname.startsWith(`${basePath}/`);
    return target.origin === base.origin && isUnderBase ? target.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Collects the resources of `first` and its next pages, at most `maxResources` in all. More than that throws 412:
 * the data is incomplete, and a partial chart could hide the drug or the lab a rule looks for. The pages read are
 * bounded by the same number (a server that answers empty pages with a next link forever is cut too), and every
 * page by the source's byte cap and the request's deadline.
 */
export async function collectBundlePages(
  first: Bundle,
  key: string,
  source: FhirSource | undefined,
  maxResources: number,
): Promise<PagedResources> {
  const resources = bundleResources(first);
  if (resources.length > maxResources) throw keyUnavailable(key, `more than ${maxResources} resources`);
  let page = first;
  for (let pages = 1; ; pages += 1) {
    const next = nextLink(page);
    if (next === undefined) return resources;
    const url = source === undefined ? undefined : resolveOnFhirServer(next, source.baseUrl);
    if (source === undefined || url === undefined) return 'unfollowable';
    if (pages >= maxResources) throw keyUnavailable(key, `more than ${maxResources} pages`);
    const answer = await fetchFromFhirServer(source, url, key);
    if (!isBundle(answer)) throw keyUnavailable(key, 'next page is not a Bundle');
    // A loop, not push(...page): a spread of a huge page would overflow the call stack.
    for (const resource of bundleResources(answer)) resources.push(resource);
    if (resources.length > maxResources) throw keyUnavailable(key, `more than ${maxResources} resources`);
    page = answer;
  }
}
