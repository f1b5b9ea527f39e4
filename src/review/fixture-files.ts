import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FhirResource } from 'fhir/r4.js';
import { bundleResources, isBundle, isFhirResource, isObject } from '../gather/fhir-resource-guards.js';
import type { HookName } from '../hooks/hook-types.js';
import { HOOK_NAMES } from '../hooks/hook-types.js';

/**
 * The project's fixtures as the report reads them (fixtures/README.md): `patients/<name>.json`, a collection
 * Bundle of one patient whose id is the file name, and `requests/<name>.json`, complete hook requests.
 */

/** One patient fixture. */
export interface FixturePatient {
  /** File name without `.json`, which is also the Patient id. */
  readonly name: string;
  readonly resources: readonly FhirResource[];
}

/** One hook request file. */
export interface FixtureRequest {
  readonly file: string;
  readonly hook: HookName;
  readonly patientId: string;
  readonly body: Readonly<Record<string, unknown>>;
}

/** A fixture file that is not what its folder promises; the message names the file. */
export class FixtureError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'FixtureError';
  }
}

/** The `.json` files of a folder, sorted by name without the extension (`a.json` before `a-b.json`). */
function jsonFiles(dir: string): string[] {
  const stem = (f: string): string => f.slice(0, -'.json'.length);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort((a, b) => (stem(a) < stem(b) ? -1 : stem(a) > stem(b) ? 1 : 0));
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new FixtureError(file, err instanceof SyntaxError ? `not JSON (${err.message})` : 'cannot be read');
  }
}

/** Every patient fixture of `dir`, sorted by name; throws unless each is a Bundle of exactly the patient it is named for. */
export function loadFixturePatients(dir: string): FixturePatient[] {
  return jsonFiles(dir).map((fileName) => {
    const file = path.join(dir, fileName);
    const data = readJson(file);
    if (!isFhirResource(data) || !isBundle(data)) throw new FixtureError(file, 'not a FHIR Bundle');
    const resources = bundleResources(data);
    const name = fileName.slice(0, -'.json'.length);
    const patients = resources.filter((r) => r.resourceType === 'Patient');
    if (patients.length !== 1 || patients[0]?.id !== name) throw new FixtureError(file, `needs exactly one Patient, with id ${name}`);
    return { name, resources };
  });
}

function isHookName(value: unknown): value is HookName {
  return HOOK_NAMES.some((hook) => hook === value);
}

/** Every hook request file of `dir`, sorted by file name; the service validates the rest of each request. */
export function loadFixtureRequests(dir: string): FixtureRequest[] {
  return jsonFiles(dir).map((file) => {
    const body = readJson(path.join(dir, file));
    if (!isObject(body) || !isHookName(body['hook'])) throw new FixtureError(file, 'not a hook request (no known hook)');
    const context = body['context'];
    const patientId = isObject(context) ? context['patientId'] : undefined;
    if (typeof patientId !== 'string') throw new FixtureError(file, 'context.patientId is missing');
    return { file, hook: body['hook'], patientId, body };
  });
}
