import type { Resource } from 'fhir/r4.js';
import { condition, cpt, icd10, medicationRequest, observation, rxnorm, serviceRequest } from './fhir-builders.js';
import { hookRequest, prefetchOf, SERVICE, type TestHook } from './hook-requests.js';

/**
 * The routes hostile-body tests aim at (every service, every feedback route, discovery, wrong and malformed
 * paths) and the valid request each one's hostile bodies are derived from.
 */

/** What a route is, which decides which success (if any) a hostile body may still earn. */
export type EndpointKind = 'service' | 'feedback' | 'discovery' | 'other';

/** A method and raw path; `hook` picks the valid request that hostile bodies are derived from. */
export interface Endpoint {
  readonly method: string;
  readonly path: string;
  readonly kind: EndpointKind;
  readonly hook: TestHook;
}

const HOOKS: readonly TestHook[] = ['patient-view', 'order-select', 'order-sign'];

/** Every service, every feedback route, discovery, and routes that do not exist or are malformed. */
export const ENDPOINTS: readonly Endpoint[] = [
  ...HOOKS.map((hook): Endpoint => ({ method: 'POST', path: `/cds-services/${SERVICE[hook]}`, kind: 'service', hook })),
  ...HOOKS.map((hook): Endpoint => ({ method: 'POST', path: `/cds-services/${SERVICE[hook]}/feedback`, kind: 'feedback', hook })),
  { method: 'GET', path: '/cds-services', kind: 'discovery', hook: 'patient-view' },
  ...[
    ['POST', '/cds-services'],
    ['DELETE', '/cds-services'],
    ['PUT', `/cds-services/${SERVICE['order-sign']}`],
    ['POST', '/cds-services/no-such-service'],
    ['POST', '/cds-services/no-such-service/feedback'],
    ['POST', `/cds-services/${SERVICE['patient-view']}/feedback/extra`],
    ['POST', '/cds-services/__proto__'],
    ['POST', '/cds-services/constructor/feedback'],
    ['POST', '/cds-services/%E0%A4%A'],
    ['POST', '/cds-services/%ZZ/feedback'],
    ['POST', '/cds-services/..%2F..%2Fetc%2Fpasswd'],
    ['GET', '/no-such-route'],
    ['POST', '/'],
  ].map(([method, path]): Endpoint => ({ method: method ?? 'POST', path: path ?? '/', kind: 'other', hook: 'order-select' })),
];

// Distinct ids so a mutation can land on any of them; the chart is unremarkable so valid requests stay quick.
const PATIENT = 'hostile-patient';
const drafts: Resource[] = [serviceRequest({ id: 'hostile-sr', patientId: PATIENT, codes: [cpt('95810')] })];
const chart: Resource[] = [
  { resourceType: 'Patient', id: PATIENT },
  condition({ id: 'hostile-c', patientId: PATIENT, codes: [icd10('I10', 'Essential hypertension')], onsetDateTime: '2020-01-01' }),
  medicationRequest({ id: 'hostile-mr', patientId: PATIENT, codes: [rxnorm('197361', 'Amlodipine 5 MG Oral Tablet')], authoredOn: '2026-01-01' }),
  observation({ id: 'hostile-o', patientId: PATIENT, value: 80, effectiveDateTime: '2026-06-01T00:00:00Z' }),
];

/** A valid call of the hook's service: full prefetch, draft orders and a selection (fixed hookInstance: reproducible). */
export function validHookBody(hook: TestHook): Record<string, unknown> {
  const body = hookRequest(hook, { patientId: PATIENT, prefetch: prefetchOf(chart, PATIENT), draftOrders: drafts });
  return { ...body, hookInstance: '2c5e8f4a-1b3d-4e6f-9a0b-c1d2e3f4a5b6' };
}

/** A valid feedback body (CDS Hooks 2.0 "Feedback"): one overridden card. */
export function validFeedbackBody(): Record<string, unknown> {
  return {
    feedback: [
      {
        card: '8f3c2b1a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
        outcome: 'overridden',
        overrideReason: { reason: { system: 'http://example.org/reasons', code: 'not-relevant' }, userComment: 'no' },
        outcomeTimestamp: '2026-11-20T12:00:00Z',
      },
    ],
  };
}

/** The valid body hostile bodies for this endpoint start from. */
export const validBodyFor = (endpoint: Endpoint): Record<string, unknown> =>
  endpoint.kind === 'feedback' ? validFeedbackBody() : validHookBody(endpoint.hook);
