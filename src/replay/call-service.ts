import type { CdsResponse } from '../cards/card-types.js';
import { isValidCdsResponse, responseErrors } from '../cards/validate-response.js';
import { ReplayError } from './replay-error.js';

/**
 * One hook call over HTTP, checked as an EHR's integration test would: HTTP 200 with a body valid under the
 * CDS Hooks response schema (src/cards/response-schema.ts), or a failure that keeps the service's answer
 * (an OperationOutcome) for printing.
 */
export type CallResult =
  | { readonly ok: true; readonly status: 200; readonly body: CdsResponse }
  | { readonly ok: false; readonly status: number; readonly body: unknown; readonly problems: readonly string[] };

export async function callService(baseUrl: string, serviceId: string, request: Readonly<Record<string, unknown>>): Promise<CallResult> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}/cds-services/${encodeURIComponent(serviceId)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(request),
    });
  } catch (err: unknown) {
    throw new ReplayError(`cannot reach ${baseUrl} (${err instanceof Error ? err.message : String(err)})`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, status: res.status, body: text, problems: [`HTTP ${res.status}: the body is not JSON`] };
  }
  if (res.status !== 200) return { ok: false, status: res.status, body, problems: [`HTTP ${res.status}`] };
  if (!isValidCdsResponse(body)) {
    return { ok: false, status: 200, body, problems: responseErrors(body).map((e) => `not a valid CDS Hooks response: ${e}`) };
  }
  return { ok: true, status: 200, body };
}
