import type { Bundle, BundleEntry, FhirResource } from 'fhir/r4.js';
import { renderPrefetchQuery } from '../../src/gather/prefetch-tokens.js';
import type { HookContext } from '../../src/hooks/hook-types.js';

/**
 * Full prefetch as an EHR builds it from a FHIR server over HTTP (CDS Hooks 2.0 "Prefetch Template"): every template
 * as written, its tokens filled, all `next` pages followed into one searchset Bundle; a read that finds nothing is
 * `null`. The reference the service's own narrowed queries are compared against.
 */

async function getJson(url: string): Promise<{ status: number; body: FhirResource }> {
  const res = await fetch(url, { headers: { accept: 'application/fhir+json' } });
  return { status: res.status, body: (await res.json()) as FhirResource };
}

async function searchEveryPage(base: string, query: string): Promise<Bundle> {
  const entries: BundleEntry[] = [];
  const seen = new Set<string>();
  let url: string | undefined = `${base}/${query}`;
  while (url !== undefined) {
    const { status, body } = await getJson(url);
    if (status !== 200 || body.resourceType !== 'Bundle') throw new Error(`${query}: HTTP ${status}`);
    for (const entry of body.entry ?? []) {
      // An included Medication comes back on every page that names it; keep it once.
      const key = `${entry.search?.mode ?? ''} ${entry.resource?.resourceType ?? ''}/${entry.resource?.id ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push(entry);
    }
    url = body.link?.find((link) => link.relation === 'next')?.url;
  }
  return { resourceType: 'Bundle', type: 'searchset', entry: entries };
}

/** The prefetch object of `templates` for `context`, from the FHIR server at `base`. */
export async function prefetchFromFhirServer(base: string, templates: Readonly<Record<string, string>>, context: HookContext): Promise<Record<string, FhirResource | null>> {
  const keys = Object.entries(templates).flatMap(([key, template]) => {
    const query = renderPrefetchQuery(template, context);
    return query === undefined ? [] : [[key, query] as const];
  });
  const values = await Promise.all(
    keys.map(async ([, query]): Promise<FhirResource | null> => {
      if (query.includes('?')) return searchEveryPage(base, query);
      const { status, body } = await getJson(`${base}/${query}`);
      return status === 200 ? body : null;
    }),
  );
  return Object.fromEntries(keys.map(([key], i) => [key, values[i] ?? null]));
}
