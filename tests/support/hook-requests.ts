import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Bundle, BundleEntry, FhirResource, Resource } from 'fhir/r4.js';

/** Service ids of `cds-services/services.json`. */
export const SERVICE = {
  'patient-view': 'leg-cramps-patient-view',
  'order-select': 'leg-cramps-order-select',
  'order-sign': 'leg-cramps-order-sign',
} as const;

export type TestHook = keyof typeof SERVICE;

export interface RequestOptions {
  readonly patientId?: string;
  readonly prefetch?: Record<string, unknown>;
  readonly fhirServer?: string;
  readonly accessToken?: string;
  readonly draftOrders?: readonly Resource[];
  readonly selections?: readonly string[];
}

/** A searchset Bundle of the given resources, as a FHIR server would return it. */
export function searchset(resources: readonly Resource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    entry: resources.map((resource) => ({ resource: resource as FhirResource, search: { mode: 'match' } })),
  };
}

interface ServicesFile {
  readonly services: readonly { readonly prefetch: Readonly<Record<string, string>> }[];
}
const templates = (JSON.parse(readFileSync('cds-services/services.json', 'utf8')) as ServicesFile).services[0]?.prefetch ?? {};

/** The Observation prefetch key whose template asks for this LOINC code, as the EHR would route it. */
function observationKey(resource: Resource): string | undefined {
  const codes = resource.resourceType === 'Observation' ? ((resource as { code?: { coding?: { code?: string }[] } }).code?.coding ?? []) : [];
  return Object.keys(templates).find((key) => codes.some((c) => templates[key]?.includes(`loinc.org|${c.code ?? ''},`) || templates[key]?.endsWith(`loinc.org|${c.code ?? ''}`)));
}

/** Splits a patient's resources into the prefetch keys of our services, as an EHR running our templates would. */
export function prefetchOf(resources: readonly Resource[], patientId: string): Record<string, unknown> {
  const of = (type: string): Resource[] => resources.filter((r) => r.resourceType === type);
  const byKey = (key: string): Resource[] => of('Observation').filter((o) => observationKey(o) === key);
  return {
    patient: of('Patient').find((p) => p.id === patientId) ?? null,
    conditions: searchset(of('Condition')),
    medicationStatements: searchset(of('MedicationStatement')),
    medicationRequests: searchset([...of('MedicationRequest'), ...of('Medication')]),
    ferritin: searchset(byKey('ferritin')),
    thyroid: searchset(byKey('thyroid')),
    glucose: searchset(byKey('glucose')),
    renal: searchset(byKey('renal')),
    electrolytes: searchset(byKey('electrolytes')),
    serviceRequests: searchset(of('ServiceRequest')),
  };
}

/** A valid CDS Hooks 2.0 request body for a hook. */
export function hookRequest(hook: TestHook, options: RequestOptions = {}): Record<string, unknown> {
  const patientId = options.patientId ?? 'pat-1';
  const drafts = options.draftOrders ?? [];
  const context: Record<string, unknown> = { userId: 'Practitioner/prac-1', patientId };
  if (hook !== 'patient-view') {
    context.draftOrders = { resourceType: 'Bundle', entry: drafts.map((resource): BundleEntry => ({ resource: resource as FhirResource })) };
  }
  if (hook === 'order-select') {
    context.selections = options.selections ?? drafts.slice(0, 1).map((r) => `${r.resourceType}/${r.id ?? ''}`);
  }
  return {
    hook,
    hookInstance: randomUUID(),
    context,
    ...(options.fhirServer ? { fhirServer: options.fhirServer } : {}),
    ...(options.accessToken
      ? {
          fhirAuthorization: {
            access_token: options.accessToken,
            token_type: 'Bearer',
            expires_in: 300,
            scope: 'patient/*.read',
            subject: 'leg-cramps-cds',
          },
        }
      : {}),
    ...(options.prefetch ? { prefetch: options.prefetch } : {}),
  };
}
