import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Bundle, Patient, Resource } from 'fhir/r4.js';
import { isObject } from '../gather/fhir-resource-guards.js';
import { PatientFileError } from './patient-file-error.js';
import { resourcesWithServerReferences } from './urn-references.js';

/**
 * The input files of the developer tools (`npm run replay`, `npm run fhir`): a FHIR Bundle of one patient (the
 * project's collection fixtures in fixtures/patients, or a Synthea transaction Bundle with `urn:uuid:` references),
 * or a complete CDS Hooks request (fixtures/requests). Anything else is refused with a one-line reason.
 */

/** One patient's record: its Patient id and every resource of the Bundle, references in `<Type>/<id>` form. */
export interface PatientRecordFile {
  readonly kind: 'patient';
  readonly file: string;
  readonly patientId: string;
  readonly resources: readonly Resource[];
}

/** A CDS Hooks request file, sent as it is. */
export interface HookRequestFile {
  readonly kind: 'hook-request';
  readonly file: string;
  readonly hook: string;
  readonly request: Readonly<Record<string, unknown>>;
}

export type InputFile = PatientRecordFile | HookRequestFile;

/** The parsed JSON of a file; a missing file or bad JSON is a `PatientFileError`. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err: unknown) {
    const code = isObject(err) && typeof err['code'] === 'string' ? err['code'] : '';
    throw new PatientFileError(file, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : 'cannot be read');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PatientFileError(file, 'not JSON');
  }
}

function isBundleValue(value: unknown): value is Bundle {
  return isObject(value) && value['resourceType'] === 'Bundle';
}

function isHookRequestValue(value: unknown): value is Record<string, unknown> & { hook: string } {
  return isObject(value) && typeof value['hook'] === 'string' && typeof value['hookInstance'] === 'string' && isObject(value['context']);
}

/** The resources of a Bundle of exactly one Patient; refuses Bundles of none or several. */
export function patientRecordOf(bundle: Bundle, file: string): PatientRecordFile {
  if (!Array.isArray(bundle.entry)) throw new PatientFileError(file, 'a Bundle without entries');
  const resources = resourcesWithServerReferences(bundle);
  const patients = resources.filter((r): r is Patient => r.resourceType === 'Patient');
  if (patients.length !== 1) {
    throw new PatientFileError(file, `a Bundle of ${patients.length} patients; one patient per Bundle is needed`);
  }
  const patientId = patients[0]?.id;
  if (!patientId) throw new PatientFileError(file, 'its Patient has no id');
  return { kind: 'patient', file, patientId, resources };
}

/** Reads and classifies one input file. */
export function readInputFile(file: string): InputFile {
  const value = readJsonFile(file);
  if (isBundleValue(value)) return patientRecordOf(value, file);
  if (isHookRequestValue(value)) return { kind: 'hook-request', file, hook: value.hook, request: value };
  throw new PatientFileError(file, 'neither a FHIR Bundle of one patient nor a CDS Hooks request');
}

/** A patient Bundle only (the FHIR server serves records, not hook requests). */
export function readPatientBundleFile(file: string): PatientRecordFile {
  const input = readInputFile(file);
  if (input.kind !== 'patient') throw new PatientFileError(file, 'a CDS Hooks request, not a FHIR Bundle of one patient');
  return input;
}

/** True when the path is a folder (the CLIs then take each `.json` file in it). */
export function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The `.json` files of a folder, sorted by name. */
export function jsonFilesOf(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(folder, name));
}
