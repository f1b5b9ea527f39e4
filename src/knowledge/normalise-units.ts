import { convertUnit } from '../findings/units.js';
import { isIdOf, LAB_IDS, LAB_UNITS, THRESHOLD_IDS, THRESHOLD_LABS } from './ids.js';
import { KnowledgeError } from './knowledge-error.js';
import type { KnowledgeFiles, ThresholdEntry } from './knowledge-files.js';
import type { DerivedLab } from './source-types.js';

/**
 * Puts every lab and threshold in the unit the rules compare in (`LAB_UNITS` of ids.ts), before any other check:
 * a lab's `canonicalUnit` written in another spelling of that unit (`ng/ml` for `ng/mL`) is respelt, a threshold
 * written in another unit of the same quantity is converted exactly by UCUM (with the lab's molar mass or charge
 * where needed), and anything else stops start-up with the file and field. Without this a threshold in `ng/ml`
 * would never equal a result in `ng/mL`, and its rule would silently never fire.
 */

function labUnitOf(file: string, field: string, lab: DerivedLab): string {
  if (!isIdOf(LAB_IDS, lab.id)) return lab.canonicalUnit;
  const wanted = LAB_UNITS[lab.id];
  if (lab.canonicalUnit === wanted) return wanted;
  if (convertUnit(1, lab.canonicalUnit, wanted) === 1) return wanted;
  throw new KnowledgeError(file, field, `"${lab.canonicalUnit}" is not the unit the rules compare ${lab.id} in (${wanted})`);
}

function thresholdInLabUnit(file: string, id: string, threshold: ThresholdEntry, labs: ReadonlyMap<string, DerivedLab>): ThresholdEntry {
  if (!isIdOf(THRESHOLD_IDS, id)) return threshold;
  const labId = THRESHOLD_LABS[id];
  const wanted = LAB_UNITS[labId];
  if (threshold.unit === wanted) return threshold;
  const lab = labs.get(labId);
  const value = convertUnit(threshold.value, threshold.unit, wanted, lab?.molarMass?.value, lab?.charge);
  if (value === undefined) {
    throw new KnowledgeError(file, `${id}.unit`, `"${threshold.unit}" does not convert to ${wanted}, the unit ${labId} is compared in`);
  }
  // Conversion factors are decimal (e.g. 1 ng/mL = 1 µg/L): round away binary noise, keeping 12 significant digits.
  return { ...threshold, value: Number(value.toPrecision(12)), unit: wanted };
}

/** The files with labs and thresholds in the rules' units; throws KnowledgeError naming file and field otherwise. */
export function normaliseUnits(files: KnowledgeFiles): KnowledgeFiles {
  const labsList = files.labs.labs.map((lab, i) => ({ ...lab, canonicalUnit: labUnitOf(files.paths.labs, `labs[${i}](${lab.id}).canonicalUnit`, lab) }));
  const labs = new Map(labsList.map((lab) => [lab.id, lab]));
  const thresholds = new Map([...files.thresholds].map(([id, t]) => [id, thresholdInLabUnit(files.paths.thresholds, id, t, labs)]));
  return { ...files, labs: { ...files.labs, labs: labsList }, thresholds };
}
