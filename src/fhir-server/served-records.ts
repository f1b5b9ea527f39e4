import { readResourceFile, withAdditions } from '../patient-files/attach-to-patient.js';
import { isFolder, jsonFilesOf, readPatientBundleFile } from '../patient-files/read-input-file.js';
import type { ServedRecord } from './fhir-store.js';

/**
 * The records `npm run fhir` serves: each bundle file (or each `.json` file of a folder) is one patient, and
 * every `--add` file is added to every patient (ids suffixed with the patient's position when there are several).
 */
export function loadServedRecords(paths: readonly string[], addFiles: readonly string[]): ServedRecord[] {
  const files = paths.flatMap((p) => (isFolder(p) ? jsonFilesOf(p) : [p]));
  const additions = addFiles.flatMap((file) => readResourceFile(file));
  return files.map((file, index) => {
    const record = readPatientBundleFile(file);
    const suffix = files.length > 1 ? String(index + 1) : undefined;
    return { patientId: record.patientId, resources: withAdditions(record.resources, additions, record.patientId, suffix) };
  });
}
