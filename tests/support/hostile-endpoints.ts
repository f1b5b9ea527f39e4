import type { FhirResource } from 'fhir/r4.js';
import { coding, concept, condition, cpt, icd10, loinc, medication, medicationRequest, medicationStatement, observation, rxnorm, serviceRequest, snomed } from './fhir-builders.js';
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

// Distinct ids so a mutation can land on any of them. The chart holds every resource type and every element the
// pipeline reads (references followed, contained and `_include`d Medications with ingredients, statuses, reason
// codes, categories, reference ranges), and makes rules fire, so a hostile value inside any of them travels as far
// as real data does: through gather, findings, rules and cards.
const PATIENT = 'hostile-patient';
const drafts: FhirResource[] = [
  { ...serviceRequest({ id: 'hostile-sr', patientId: PATIENT, codes: [cpt('95810')], reasons: [icd10('G47.62')] }), category: [concept([coding('http://snomed.info/sct', '103693007')])] },
  {
    ...medicationRequest({ id: 'hostile-draft-mr', patientId: PATIENT, status: 'draft', codes: [rxnorm('746741', 'pramipexole')], authoredOn: '2026-11-20' }),
    reasonCode: [concept([icd10('G47.62', 'Sleep related leg cramps')])],
    dosageInstruction: [{ text: 'at night', timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } } }],
  },
  { ...medicationRequest({ id: 'hostile-draft-ref', patientId: PATIENT, status: 'draft', medicationReference: { reference: 'Medication/hostile-med', display: 'furosemide' } }) },
];
const chart: FhirResource[] = [
  { resourceType: 'Patient', id: PATIENT, birthDate: '1960-02-03', gender: 'female', name: [{ family: 'Test', given: ['Hostile'] }] },
  condition({ id: 'hostile-c', patientId: PATIENT, codes: [icd10('G47.62', 'Sleep related leg cramps')], onsetDateTime: '2020-01-01', recordedDate: '2020-01-02' }),
  { ...condition({ id: 'hostile-rls', patientId: PATIENT, codes: [icd10('G25.81'), snomed('32914008')], text: 'RLS', recordedDate: '2025-01-01' }), category: [concept([coding('http://terminology.hl7.org/CodeSystem/condition-category', 'problem-list-item')])] },
  {
    ...medicationStatement({ id: 'hostile-ms', patientId: PATIENT, medicationReference: { reference: '#hostile-contained' }, effectiveDateTime: '2026-01-01' }),
    contained: [medication({ id: 'hostile-contained', codes: [rxnorm('36437', 'sertraline')], ingredients: [concept([rxnorm('36437', 'sertraline')])] })],
    effectivePeriod: { start: '2026-01-01' },
    dateAsserted: '2026-01-02',
  },
  medicationStatement({ id: 'hostile-ms-ref', patientId: PATIENT, medicationReference: { reference: 'Medication/hostile-med', display: 'furosemide 40 MG' } }),
  medicationRequest({ id: 'hostile-mr', patientId: PATIENT, codes: [rxnorm('83367', 'atorvastatin')], text: 'Atorvastatin', authoredOn: '2026-01-01' }),
  {
    ...medication({ id: 'hostile-med', codes: [rxnorm('4603', 'furosemide')], ingredients: [concept([rxnorm('4603', 'furosemide')])] }),
    ingredient: [{ itemCodeableConcept: concept([rxnorm('4603', 'furosemide')]) }, { itemReference: { reference: 'Substance/s-1', display: 'furosemide' } }],
  },
  {
    ...observation({ id: 'hostile-o', patientId: PATIENT, value: 22, effectiveDateTime: '2026-06-01T00:00:00Z', issued: '2026-06-01T02:00:00Z' }),
    referenceRange: [{ low: { value: 30, unit: 'ng/mL' }, high: { value: 400, unit: 'ng/mL' } }],
    interpretation: [concept([coding('http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', 'L')])],
  },
  observation({ id: 'hostile-tsh', patientId: PATIENT, codes: [loinc('3016-3')], value: 6.1, unit: 'm[IU]/L', effectivePeriodStart: '2026-05-01' }),
];

/** A valid call of the hook's service: full prefetch, draft orders and a selection (fixed hookInstance: reproducible). */
export function validHookBody(hook: TestHook): Record<string, unknown> {
  const selections = drafts.map((d) => `${d.resourceType}/${d.id ?? ''}`);
  const body = hookRequest(hook, { patientId: PATIENT, prefetch: prefetchOf(chart, PATIENT), draftOrders: drafts, selections });
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
