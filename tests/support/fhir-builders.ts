import type {
  CodeableConcept,
  Coding,
  Condition,
  DeviceRequest,
  Medication,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Quantity,
  Reference,
  ServiceRequest,
} from 'fhir/r4.js';
import { SYSTEMS } from '../../src/knowledge/code-key.js';

/**
 * Builders of complete FHIR R4 resources for tests. Every option has a sensible default, so a test names only
 * what it is about: `condition({ codes: [icd10('G25.81')] })`, `observation({ codes: [loinc('2276-4')], value: 12, unit: 'ng/mL' })`.
 * Codes used as defaults are knowledge codes whose public source is in cds-services/knowledge/sources/code-provenance.json.
 */

/** The patient every builder's `subject` points to unless told otherwise. */
export const PATIENT_ID = 'patient-1';
export const UCUM = 'http://unitsofmeasure.org';

let counter = 0;
function nextId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A Coding; `display` only when given. */
export function coding(system: string, code: string, display?: string): Coding {
  return { system, code, ...(display === undefined ? {} : { display }) };
}
export const icd10 = (code: string, display?: string): Coding => coding(SYSTEMS.icd10cm, code, display);
export const snomed = (code: string, display?: string): Coding => coding(SYSTEMS.snomed, code, display);
export const rxnorm = (code: string, display?: string): Coding => coding(SYSTEMS.rxnorm, code, display);
export const loinc = (code: string, display?: string): Coding => coding(SYSTEMS.loinc, code, display);
export const cpt = (code: string, display?: string): Coding => coding(SYSTEMS.cpt, code, display);

/** A CodeableConcept of the codings and optional text. */
export function concept(codings: readonly Coding[], text?: string): CodeableConcept {
  return { ...(codings.length > 0 ? { coding: [...codings] } : {}), ...(text === undefined ? {} : { text }) };
}

/** What a coded element is made of in the builders below. */
export interface CodedOptions {
  readonly codes?: readonly Coding[];
  readonly text?: string;
}

const subjectOf = (patientId: string | undefined): Reference => ({ reference: `Patient/${patientId ?? PATIENT_ID}` });

type ClinicalStatus = 'active' | 'recurrence' | 'relapse' | 'inactive' | 'remission' | 'resolved';
type VerificationStatus = 'unconfirmed' | 'provisional' | 'differential' | 'confirmed' | 'refuted' | 'entered-in-error';

export interface ConditionOptions extends CodedOptions {
  readonly id?: string;
  /** `null` leaves clinicalStatus out. Default `active`. */
  readonly clinicalStatus?: ClinicalStatus | null;
  /** `null` leaves verificationStatus out. Default `confirmed`. */
  readonly verificationStatus?: VerificationStatus | null;
  readonly recordedDate?: string;
  readonly onsetDateTime?: string;
  readonly abatementDateTime?: string;
  readonly patientId?: string;
}

/** A Condition; defaults: active, confirmed, RLS (ICD-10-CM G25.81). */
export function condition(options: ConditionOptions = {}): Condition {
  const { clinicalStatus = 'active', verificationStatus = 'confirmed' } = options;
  return {
    resourceType: 'Condition',
    id: options.id ?? nextId('condition'),
    ...(clinicalStatus === null
      ? {}
      : { clinicalStatus: concept([coding('http://terminology.hl7.org/CodeSystem/condition-clinical', clinicalStatus)]) }),
    ...(verificationStatus === null
      ? {}
      : {
          verificationStatus: concept([
            coding('http://terminology.hl7.org/CodeSystem/condition-ver-status', verificationStatus),
          ]),
        }),
    code: concept(options.codes ?? [icd10('G25.81', 'Restless legs syndrome')], options.text),
    subject: subjectOf(options.patientId),
    ...(options.onsetDateTime === undefined ? {} : { onsetDateTime: options.onsetDateTime }),
    ...(options.abatementDateTime === undefined ? {} : { abatementDateTime: options.abatementDateTime }),
    ...(options.recordedDate === undefined ? {} : { recordedDate: options.recordedDate }),
  };
}

export interface MedicationOptions extends CodedOptions {
  readonly id?: string;
  /** One CodeableConcept per ingredient (`itemCodeableConcept`), e.g. `[concept([rxnorm('2019', 'carbidopa')])]`. */
  readonly ingredients?: readonly CodeableConcept[];
}

/** A Medication; `code` only when codes or text are given. */
export function medication(options: MedicationOptions = {}): Medication {
  const hasCode = options.codes !== undefined || options.text !== undefined;
  return {
    resourceType: 'Medication',
    id: options.id ?? nextId('medication'),
    ...(hasCode ? { code: concept(options.codes ?? [], options.text) } : {}),
    ...(options.ingredients === undefined
      ? {}
      : { ingredient: options.ingredients.map((item) => ({ itemCodeableConcept: item })) }),
  };
}

/** The medication[x] options shared by MedicationStatement and MedicationRequest. */
export interface MedicationChoiceOptions extends CodedOptions {
  /** Use `medicationReference` instead of `medicationCodeableConcept` (e.g. `{ reference: '#med1' }`). */
  readonly medicationReference?: Reference;
  /** Resources for `contained` (Medications referenced as `#id`). */
  readonly contained?: readonly Medication[];
  /** True: no medication[x] at all, as in the sandbox's bare drafts. */
  readonly withoutMedication?: boolean;
}

function medicationChoice(options: MedicationChoiceOptions) {
  return {
    ...(options.contained === undefined ? {} : { contained: [...options.contained] }),
    ...(options.withoutMedication === true
      ? {}
      : options.medicationReference !== undefined
        ? { medicationReference: options.medicationReference }
        : { medicationCodeableConcept: concept(options.codes ?? [rxnorm('9071', 'quinine')], options.text) }),
  };
}

export interface MedicationStatementOptions extends MedicationChoiceOptions {
  readonly id?: string;
  readonly status?: MedicationStatement['status'];
  readonly effectiveDateTime?: string;
  readonly patientId?: string;
}

/** A MedicationStatement; defaults: active, quinine (RxNorm 9071). */
export function medicationStatement(options: MedicationStatementOptions = {}): MedicationStatement {
  return {
    resourceType: 'MedicationStatement',
    id: options.id ?? nextId('medication-statement'),
    status: options.status ?? 'active',
    ...medicationChoice(options),
    subject: subjectOf(options.patientId),
    ...(options.effectiveDateTime === undefined ? {} : { effectiveDateTime: options.effectiveDateTime }),
  };
}

export interface MedicationRequestOptions extends MedicationChoiceOptions {
  readonly id?: string;
  readonly status?: MedicationRequest['status'];
  readonly intent?: MedicationRequest['intent'];
  readonly authoredOn?: string;
  readonly patientId?: string;
}

/** A MedicationRequest; defaults: active order of quinine (RxNorm 9071). */
export function medicationRequest(options: MedicationRequestOptions = {}): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id: options.id ?? nextId('medication-request'),
    status: options.status ?? 'active',
    intent: options.intent ?? 'order',
    ...medicationChoice(options),
    subject: subjectOf(options.patientId),
    ...(options.authoredOn === undefined ? {} : { authoredOn: options.authoredOn }),
  };
}

/**
 * A draft MedicationRequest as the CDS Hooks sandbox sends it in `draftOrders`: no status, no intent, and
 * (with `withoutMedication`) no medication. Not valid R4, hence the one cast; real EHR data is this sloppy.
 */
export function sandboxDraftMedicationRequest(options: MedicationRequestOptions = {}): MedicationRequest {
  return withoutFields(medicationRequest(options), 'status', 'intent');
}

export interface ObservationOptions extends CodedOptions {
  readonly id?: string;
  readonly status?: Observation['status'];
  readonly value?: number;
  /** UCUM code, written to both `code` and `unit`. Default `ng/mL`. */
  readonly unit?: string;
  /** `null` leaves `system` and `code` out (only the free-text `unit` stays). Default UCUM. */
  readonly unitSystem?: string | null;
  readonly comparator?: Quantity['comparator'];
  /** Replaces the whole valueQuantity (`value`, `unit`… are then ignored); `null` leaves it out. */
  readonly valueQuantity?: Quantity | null;
  readonly effectiveDateTime?: string;
  readonly effectivePeriodStart?: string;
  readonly issued?: string;
  readonly patientId?: string;
}

/** A lab Observation; defaults: final ferritin (LOINC 2276-4) 50 ng/mL, no date unless given. */
export function observation(options: ObservationOptions = {}): Observation {
  const unit = options.unit ?? 'ng/mL';
  const system = options.unitSystem === undefined ? UCUM : options.unitSystem;
  const quantity: Quantity = {
    value: options.value ?? 50,
    ...(options.comparator === undefined ? {} : { comparator: options.comparator }),
    unit,
    ...(system === null ? {} : { system, code: unit }),
  };
  return {
    resourceType: 'Observation',
    id: options.id ?? nextId('observation'),
    status: options.status ?? 'final',
    category: [concept([coding('http://terminology.hl7.org/CodeSystem/observation-category', 'laboratory')])],
    code: concept(options.codes ?? [loinc('2276-4', 'Ferritin [Mass/volume] in Serum or Plasma')], options.text),
    subject: subjectOf(options.patientId),
    ...(options.effectiveDateTime === undefined ? {} : { effectiveDateTime: options.effectiveDateTime }),
    ...(options.effectivePeriodStart === undefined ? {} : { effectivePeriod: { start: options.effectivePeriodStart } }),
    ...(options.issued === undefined ? {} : { issued: options.issued }),
    ...(options.valueQuantity === null ? {} : { valueQuantity: options.valueQuantity ?? quantity }),
  };
}

export interface ServiceRequestOptions extends CodedOptions {
  readonly id?: string;
  /** Codings of one `reasonCode` (the indication written on the order). */
  readonly reasons?: readonly Coding[];
  readonly status?: ServiceRequest['status'];
  readonly intent?: ServiceRequest['intent'];
  readonly authoredOn?: string;
  readonly patientId?: string;
}

/** A draft ServiceRequest; default code: polysomnography (CPT 95810). */
export function serviceRequest(options: ServiceRequestOptions = {}): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id: options.id ?? nextId('service-request'),
    status: options.status ?? 'draft',
    intent: options.intent ?? 'order',
    code: concept(options.codes ?? [cpt('95810')], options.text ?? 'Polysomnography'),
    subject: subjectOf(options.patientId),
    ...(options.authoredOn === undefined ? {} : { authoredOn: options.authoredOn }),
    ...(options.reasons === undefined ? {} : { reasonCode: [concept(options.reasons)] }),
  };
}

export interface DeviceRequestOptions extends CodedOptions {
  readonly id?: string;
  readonly authoredOn?: string;
  readonly patientId?: string;
}

/** A draft DeviceRequest (`codeCodeableConcept`); default: home-use sleep apnea recording system (SNOMED 720253003). */
export function deviceRequest(options: DeviceRequestOptions = {}): DeviceRequest {
  return {
    resourceType: 'DeviceRequest',
    id: options.id ?? nextId('device-request'),
    status: 'draft',
    intent: 'order',
    codeCodeableConcept: concept(
      options.codes ?? [snomed('720253003', 'Home-use sleep apnea recording system (physical object)')],
      options.text,
    ),
    subject: subjectOf(options.patientId),
    ...(options.authoredOn === undefined ? {} : { authoredOn: options.authoredOn }),
  };
}

/**
 * A copy of `resource` without the given fields, still typed as the resource: real EHR data omits required
 * fields (an id, a code), and the code under test must survive it.
 */
export function withoutFields<T extends object>(resource: T, ...fields: readonly (keyof T)[]): T {
  const copy: Partial<T> = { ...resource };
  for (const field of fields) delete copy[field];
  return copy as T;
}
