import { codeKey } from '../knowledge/code-key.js';

/**
 * When the service runs a prefetch template against the FHIR server itself (CDS Hooks 2.0 "FHIR Resource Access",
 * https://cds-hooks.hl7.org/2.0/#fhir-resource-access: the service may query `fhirServer` for data it was not
 * prefetched), it may ask for less than the template: the template is what an EHR prefetches without knowing our
 * rules, while the service knows it reads lab results only inside the look-back. A lab search is split into
 *
 * - the template plus `date=ge<look-back start − 1 day>&_sort=-date`: every result whose effective[x] reaches into
 *   the look-back, newest first (a stable order, so offset paging cannot skip or repeat results between pages);
 * - the template plus `date:missing=true`: results without effective[x], which findings date by `issued` and a
 *   `date` search never matches (FHIR R4 Observation search parameter `date` is `effective[x]`; the `:missing`
 *   modifier is R4 search §3.1.1.5.1).
 *
 * Both are sent in the same wave, and together they hold every result findings can use (src/findings/labs.ts
 * keeps results from the look-back start on): the cards equal those of full prefetch. The day of margin covers a
 * server that reads a date in its own time zone. A search is narrowed only when it is an Observation search whose
 * `code` list names a lab of the knowledge base, and has no `date`, `_sort`, `_id` or `_lastUpdated` of its own:
 * findings read Observations only as lab results in the look-back, and results of codes the knowledge does not list
 * (a template may ask for more, e.g. a code whose unit no lab converts) are not read at all.
 */

/** What the service reads of lab Observations: their codes (`codeKey` form) and the start of the look-back. */
export interface LabWindow {
  readonly codeKeys: ReadonlySet<string>;
  readonly since: Date;
}

/** The queries of one key: the narrowed ones sent together, and the template's own to fall back on. */
export interface KeyQueries {
  readonly narrowed: readonly string[];
  readonly template: string;
}

const OWN_BOUNDS = ['date', '_sort', '_id', '_lastUpdated'];

function namesLabCode(value: string, codeKeys: ReadonlySet<string>): boolean {
  return value.split(',').some((token) => {
    const bar = token.indexOf('|');
    return bar > 0 && bar < token.length - 1 && codeKeys.has(codeKey(token.slice(0, bar), token.slice(bar + 1)));
  });
}

function isNarrowable(type: string, params: URLSearchParams, window: LabWindow): boolean {
  if (type !== 'Observation') return false;
  const names = [...params.keys()].map((name) => name.split(':')[0]);
  if (names.some((name) => name !== undefined && OWN_BOUNDS.includes(name))) return false;
  const codes = params.getAll('code');
  return codes.length === 1 && codes[0] !== undefined && namesLabCode(codes[0], window.codeKeys);
}

/** The look-back start's UTC date minus one day, as a FHIR date. */
function dayBefore(since: Date): string {
  const day = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate() - 1));
  return day.toISOString().slice(0, 10);
}

/**
 * The queries for one rendered template (`Type?params` or a read), narrowed when `window` applies to it.
 * @param query - the template with its tokens filled, relative to `fhirServer`
 * @param window - the labs and look-back; absent: nothing is narrowed
 */
export function keyQueries(query: string, window: LabWindow | undefined): KeyQueries {
  const question = query.indexOf('?');
  if (window === undefined || question < 0) return { narrowed: [query], template: query };
  const type = query.slice(0, question);
  const search = query.slice(question + 1);
  if (!isNarrowable(type, new URLSearchParams(search), window)) return { narrowed: [query], template: query };
  // Appended to the template's own text, so its parameters go out exactly as the template writes them.
  return {
    narrowed: [`${query}&date=ge${dayBefore(window.since)}&_sort=-date`, `${query}&date:missing=true`],
    template: query,
  };
}
