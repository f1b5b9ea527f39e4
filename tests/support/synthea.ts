import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle, Resource } from 'fhir/r4.js';

/** The third-party Synthea bundles, vendored unchanged (fixtures/synthea/README.md gives source and checksums). */
export const SYNTHEA_DIR = path.resolve('fixtures', 'synthea');

export interface SyntheaPatient {
  readonly file: string;
  readonly patientId: string;
  readonly resources: readonly Resource[];
}

/** Every Synthea patient: its Patient id and all its resources (urn:uuid references left as they are). */
export function syntheaPatients(): SyntheaPatient[] {
  return readdirSync(SYNTHEA_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const bundle = JSON.parse(readFileSync(path.join(SYNTHEA_DIR, file), 'utf8')) as Bundle;
      const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource as Resource] : []));
      const patient = resources.find((r) => r.resourceType === 'Patient');
      if (!patient?.id) throw new Error(`${file}: no Patient`);
      return { file, patientId: patient.id, resources };
    });
}
