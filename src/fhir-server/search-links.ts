import { DEFAULT_SEARCH_COUNT } from '@medplum/core';
import type { Bundle } from 'fhir/r4.js';

/**
 * `link[self]` and `link[next]` of a searchset page (FHIR R4 "Paging"): absolute URLs on the server's own base,
 * `next` with `_offset` moved on by `_count`, while matches remain. medplum's in-memory repository pages with
 * `_count`/`_offset` and gives `total`, but writes no links.
 */

function intParam(params: URLSearchParams, name: string, fallback: number): number {
  const value = Number(params.get(name));
  return params.has(name) && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** The page's links for the search `type?params` on `base`. */
export function searchLinks(bundle: Bundle, base: string, type: string, params: URLSearchParams): NonNullable<Bundle['link']> {
  const count = intParam(params, '_count', DEFAULT_SEARCH_COUNT);
  const offset = intParam(params, '_offset', 0);
  const matches = (bundle.entry ?? []).filter((e) => e.search?.mode !== 'include').length;
  const url = (query: URLSearchParams): string => `${base}/${type}?${query.toString()}`;
  const links = [{ relation: 'self', url: url(params) }];
  const more = bundle.total === undefined ? matches === count : offset + matches < bundle.total;
  if (count > 0 && matches > 0 && more) {
    const next = new URLSearchParams(params);
    next.set('_offset', String(offset + matches));
    links.push({ relation: 'next', url: url(next) });
  }
  return links;
}
