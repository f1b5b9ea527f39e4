import type { Bundle, BundleEntry, FhirResource } from 'fhir/r4.js';
import { queryRepository } from '../fhir-server/fhir-query.js';
import type { FhirStore } from '../fhir-server/fhir-store.js';
import { renderPrefetchQuery } from '../gather/prefetch-tokens.js';
import type { HookContext } from '../hooks/hook-types.js';

/**
 * Prefetch as an EHR builds it (CDS Hooks 2.0 "Prefetch Template"): each of the service's own templates, its
 * tokens filled from the context, run as a FHIR query against the patient's record. A read that finds nothing
 * is `null` (the spec's "no data"); a search gives one searchset Bundle holding every page, so the service never
 * sees a `next` link it could not follow without a FHIR server.
 */

const MAX_PAGES = 50;

/** An included Medication comes back on every page that names it; keep it once. */
function entryKey(entry: BundleEntry): string {
  return `${entry.search?.mode ?? ''} ${entry.resource?.resourceType ?? ''}/${entry.resource?.id ?? ''}`;
}

async function searchAllPages(store: FhirStore, query: string): Promise<FhirResource> {
  const [type = '', search = ''] = query.split('?');
  const params = new URLSearchParams(search);
  const repository = store.repositoryFor(type, params);
  const first = await queryRepository(repository, query);
  if (first.status !== 200 || first.resource.resourceType !== 'Bundle') return first.resource;
  const entries: BundleEntry[] = [...(first.resource.entry ?? [])];
  const seen = new Set(entries.map(entryKey));
  const total = first.resource.total;
  for (let page = 1; total !== undefined && page < MAX_PAGES; page += 1) {
    const matches = entries.filter((e) => e.search?.mode !== 'include').length;
    if (matches >= total) break;
    params.set('_offset', String(matches));
    const next = await queryRepository(repository, `${type}?${params.toString()}`);
    const more = next.resource.resourceType === 'Bundle' ? (next.resource.entry ?? []) : [];
    if (more.length === 0) break;
    for (const entry of more) {
      if (seen.has(entryKey(entry))) continue;
      seen.add(entryKey(entry));
      entries.push(entry);
    }
  }
  const bundle: Bundle = { resourceType: 'Bundle', type: 'searchset', ...(total === undefined ? {} : { total }), entry: entries };
  return bundle;
}

/** The prefetch object for these templates; keys whose tokens cannot be filled are left out, as a client would. */
export async function buildPrefetch(
  store: FhirStore,
  templates: Readonly<Record<string, string>>,
  context: HookContext,
): Promise<Record<string, FhirResource | null>> {
  const prefetch: Record<string, FhirResource | null> = {};
  for (const [key, template] of Object.entries(templates)) {
    const query = renderPrefetchQuery(template, context);
    if (query === undefined) continue;
    if (query.includes('?')) {
      prefetch[key] = await searchAllPages(store, query);
    } else {
      const read = await queryRepository(store.all, query);
      prefetch[key] = read.status === 200 ? read.resource : null;
    }
  }
  return prefetch;
}
