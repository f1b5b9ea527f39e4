import type { Condition, Medication, MedicationRequest, MedicationStatement, Observation, Patient, Resource, ServiceRequest } from 'fhir/r4.js';
import type { PatientRecord } from '../../src/gather/patient-record.js';
import type { HookContext, HookName } from '../../src/hooks/hook-types.js';
import { PATIENT_ID } from './fhir-builders.js';

/** Builders of the gathered record and the normalised hook context, around the FHIR builders. */

export interface PatientRecordOptions {
  readonly patientId?: string;
  readonly patient?: Patient;
  readonly conditions?: readonly Condition[];
  readonly medicationStatements?: readonly MedicationStatement[];
  readonly medicationRequests?: readonly MedicationRequest[];
  readonly observations?: readonly Observation[];
  readonly serviceRequests?: readonly ServiceRequest[];
  /** Gathered Medication resources; keyed `Medication/<id>` as gather does. */
  readonly medications?: readonly Medication[];
  readonly droppedWrongPatient?: number;
}

/** A PatientRecord; everything empty unless given. */
export function patientRecord(options: PatientRecordOptions = {}): PatientRecord {
  return {
    patientId: options.patientId ?? PATIENT_ID,
    ...(options.patient === undefined ? {} : { patient: options.patient }),
    conditions: options.conditions ?? [],
    medicationStatements: options.medicationStatements ?? [],
    medicationRequests: options.medicationRequests ?? [],
    observations: options.observations ?? [],
    serviceRequests: options.serviceRequests ?? [],
    medications: new Map((options.medications ?? []).map((m) => [`Medication/${m.id ?? ''}`, m])),
    droppedWrongPatient: options.droppedWrongPatient ?? 0,
  };
}

export interface HookContextOptions {
  readonly hook?: HookName;
  readonly patientId?: string;
  readonly userId?: string;
  readonly encounterId?: string;
  readonly selections?: readonly string[];
  readonly draftOrders?: readonly Resource[];
}

/** A HookContext; default patient-view without drafts. */
export function hookContext(options: HookContextOptions = {}): HookContext {
  return {
    hook: options.hook ?? 'patient-view',
    patientId: options.patientId ?? PATIENT_ID,
    userId: options.userId ?? 'Practitioner/practitioner-1',
    ...(options.encounterId === undefined ? {} : { encounterId: options.encounterId }),
    selections: options.selections ?? [],
    draftOrders: options.draftOrders ?? [],
  };
}
