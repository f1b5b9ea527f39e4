import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle, BundleEntry, Condition, FhirResource, ServiceRequest } from 'fhir/r4.js';
import { createFhirStore } from '../src/fhir-server/fhir-store.js';
import { readPatientBundleFile } from '../src/patient-files/read-input-file.js';
import { buildPrefetch } from '../src/replay/build-prefetch.js';

/**
 * Request bodies of the benchmark, derived in code from the vendored Synthea patients (fixtures/synthea, never
 * edited): every full date of the record is shifted by whole days so that its latest date is yesterday, as a current
 * patient's chart would be, and a leg-cramp problem (ICD-10-CM G47.62) is added so every rule runs.
 */

const SYNTHEA_DIR = path.resolve('fixtures', 'synthea');
const PATIENT_VIEW = 'leg-cramps-patient-view';
const ORDER_SELECT = 'leg-cramps-order-select';
const DAY_MS = 86_400_000;
// A FHIR date, dateTime or instant with at least a full date; the time and zone are kept as they are.
const FULL_DATE = /^(\d{4}-\d{2}-\d{2})((T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?)$/;

/** One Synthea patient, dates shifted, with the leg-cramp problem. */
export interface BenchPatient {
  readonly name: string;
  readonly patientId: string;
  readonly resources: readonly FhirResource[];
}

interface ServicesFile {
  readonly services: readonly { readonly id: string; readonly prefetch: Readonly<Record<string, string>> }[];
}

/** The prefetch templates of one service of cds-services/services.json. */
export function templatesOf(serviceId: string): Readonly<Record<string, string>> {
  const file = JSON.parse(readFileSync(path.resolve('cds-services', 'services.json'), 'utf8')) as ServicesFile;
  const service = file.services.find((s) => s.id === serviceId);
  if (!service) throw new Error(`no service ${serviceId} in cds-services/services.json`);
  return service.prefetch;
}

function latestDay(value: unknown): number {
  const text = JSON.stringify(value);
  let latest = 0;
  for (const match of text.matchAll(/"(\d{4}-\d{2}-\d{2})(T[^"]*)?"/g)) {
    const day = Date.parse(match[1] ?? '');
    if (day > latest) latest = day;
  }
  return latest;
}

/** The resources with every full date moved by `days` (date part only, so each value keeps its format). */
export function shiftDates<T>(value: T, days: number): T {
  return JSON.parse(JSON.stringify(value), (_key, item: unknown) => {
    if (typeof item !== 'string') return item;
    const match = FULL_DATE.exec(item);
    if (!match) return item;
    const moved = new Date(Date.parse(match[1] ?? '') + days * DAY_MS).toISOString().slice(0, 10);
    return `${moved}${match[2] ?? ''}`;
  }) as T;
}

function legCrampProblem(patientId: string, onset: string): Condition {
  return {
    resourceType: 'Condition',
    id: 'bench-leg-cramps',
    subject: { reference: `Patient/${patientId}` },
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'G47.62', display: 'Sleep related leg cramps' }] },
    onsetDateTime: onset,
  };
}

/** Every vendored Synthea patient, shifted to `now`, with the leg-cramp problem. */
export function benchPatients(now: Date): BenchPatient[] {
  const yesterday = Math.floor(now.getTime() / DAY_MS) * DAY_MS - DAY_MS;
  return readdirSync(SYNTHEA_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const record = readPatientBundleFile(path.join(SYNTHEA_DIR, file));
      const days = Math.round((yesterday - latestDay(record.resources)) / DAY_MS);
      const resources = shiftDates(record.resources as FhirResource[], days);
      const onset = new Date(yesterday - 60 * DAY_MS).toISOString().slice(0, 10);
      return { name: file.split('_')[0] ?? file, patientId: record.patientId, resources: [...resources, legCrampProblem(record.patientId, onset)] };
    });
}

/** The small, medium and large patients of the benchmark: the smallest and largest typical prefetch, and Parker. */
export async function bySize(patients: readonly BenchPatient[]): Promise<{ small: BenchPatient; medium: BenchPatient; large: BenchPatient }> {
  const sizes = new Map<BenchPatient, number>();
  for (const p of patients) sizes.set(p, patientViewBody(p.patientId, await typicalPrefetch(p)).length);
  const sorted = [...patients].sort((a, b) => (sizes.get(a) ?? 0) - (sizes.get(b) ?? 0));
  const small = sorted[0];
  const large = sorted[sorted.length - 1];
  if (small === undefined || large === undefined) throw new Error('no Synthea patients in fixtures/synthea');
  const medium = sorted.find((p) => p.name === 'Parker') ?? sorted[Math.floor(sorted.length / 2)] ?? small;
  return { small, medium, large };
}

/** The same resources `times` times over (copies get suffixed ids), for the linearity scenario. */
export function multiplied(patient: BenchPatient, times: number): BenchPatient {
  const copies = (r: FhirResource): FhirResource[] =>
    r.resourceType === 'Patient' ? [r] : Array.from({ length: times }, (_, i) => (i === 0 ? r : { ...r, id: `${r.id ?? 'x'}-copy${i}` }));
  return { ...patient, resources: patient.resources.flatMap(copies) };
}

/** Prefetch as an EHR would answer the service's templates (the replay's builder, on the local FHIR server's store). */
export async function typicalPrefetch(patient: BenchPatient, serviceId = PATIENT_VIEW): Promise<Record<string, FhirResource | null>> {
  const store = await createFhirStore([{ patientId: patient.patientId, resources: patient.resources }]);
  const hook = serviceId === ORDER_SELECT ? 'order-select' : 'patient-view';
  return buildPrefetch(store, templatesOf(serviceId), { hook, patientId: patient.patientId, userId: 'Practitioner/bench', selections: [], draftOrders: [] });
}

const searchset = (resources: readonly FhirResource[]): Bundle => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: resources.map((resource): BundleEntry => ({ resource })),
});

/** The whole record as prefetch: every Condition, MedicationRequest (with Medications) and Observation. */
export async function wholeRecordPrefetch(patient: BenchPatient): Promise<Record<string, FhirResource | null>> {
  const typical = await typicalPrefetch(patient);
  const of = (type: string): FhirResource[] => patient.resources.filter((r) => r.resourceType === type);
  return {
    ...typical,
    conditions: searchset(of('Condition')),
    medicationRequests: searchset([...of('MedicationRequest'), ...of('Medication')]),
    glucose: searchset(of('Observation')),
  };
}

/** A patient-view request body. */
export function patientViewBody(patientId: string, prefetch?: Record<string, FhirResource | null>, fhirServer?: string): string {
  return JSON.stringify({
    hook: 'patient-view',
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    ...(fhirServer ? { fhirServer } : {}),
    context: { userId: 'Practitioner/bench', patientId },
    ...(prefetch ? { prefetch } : {}),
  });
}

/** An order-select body: a draft polysomnography order (CPT 95810), selected, with typical prefetch. */
export async function orderSelectBody(patient: BenchPatient): Promise<string> {
  const order: ServiceRequest = {
    resourceType: 'ServiceRequest',
    id: 'bench-psg',
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${patient.patientId}` },
    code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '95810' }], text: 'Polysomnography, attended' },
  };
  return JSON.stringify({
    hook: 'order-select',
    hookInstance: '9b6c3bb5-38f6-4f0a-8f0c-4c3e6f1f4d21',
    context: {
      userId: 'Practitioner/bench',
      patientId: patient.patientId,
      selections: ['ServiceRequest/bench-psg'],
      draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: order }] },
    },
    prefetch: await typicalPrefetch(patient, ORDER_SELECT),
  });
}

/** Resources in a prefetch (searchset entries and reads). */
export function resourceCount(prefetch: Record<string, FhirResource | null>): number {
  return Object.values(prefetch).reduce((n, value) => n + (value === null ? 0 : value.resourceType === 'Bundle' ? (value.entry?.length ?? 0) : 1), 0);
}
