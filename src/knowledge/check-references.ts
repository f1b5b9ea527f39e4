import ucum from '@lhncbc/ucum-lhc';
import { canonicalSystem, SYSTEMS } from './code-key.js';
import { isIdOf, LAB_IDS, THRESHOLD_IDS, VALUE_SET_IDS, WORKUP_IDS } from './ids.js';
import { KnowledgeError } from './knowledge-error.js';
import type { KnowledgeFiles } from './knowledge-files.js';
import type { LabCriterion, ThresholdComparator } from './knowledge-types.js';
import type { DerivedCode } from './source-types.js';

// "below" criteria use thresholds crossed from below, "above" criteria thresholds crossed from above.
const SIDES: Readonly<Record<LabCriterion['direction'], readonly ThresholdComparator[]>> = { below: ['<', '<='], above: ['>', '>='] };

/**
 * Cross-file checks of value sets, labs, thresholds and clinical.json: allowed code systems, agreed ids, citations
 * that exist, UCUM units, and every threshold compared with a lab in that lab's canonical unit.
 */

const KNOWN_SYSTEMS: ReadonlySet<string> = new Set(Object.values(SYSTEMS));
// `validateUnitString` is strict UCUM (convertUnitTo guesses, e.g. "1.73m2" → "1.73.m2"); the shared typing
// of the package (findings/ucum-lhc.d.ts) declares only convertUnitTo, so the method is guarded here.
const ucumUtils: unknown = ucum.UcumLhcUtils.getInstance();

function isUnitValidator(value: unknown): value is { validateUnitString(unit: string): { readonly status: string } } {
  return typeof value === 'object' && value !== null && 'validateUnitString' in value && typeof value.validateUnitString === 'function';
}

/** Throws KnowledgeError at the first inconsistency. */
export function checkReferences(files: KnowledgeFiles): void {
  const { paths, citations, thresholds, clinical } = files;
  const cite = (file: string, field: string, id: string): void => {
    if (!citations.has(id)) throw new KnowledgeError(file, field, `citation "${id}" is not in citations.json`);
  };

  const valueSetIds = uniqueIds(paths.valueSets, 'valueSets', files.valueSets.valueSets);
  files.valueSets.valueSets.forEach((vs, i) => checkCodes(paths.valueSets, `valueSets[${i}](${vs.id}).codes`, vs.codes));
  const labs = new Map(files.labs.labs.map((lab) => [lab.id, lab]));
  uniqueIds(paths.labs, 'labs', files.labs.labs);
  files.labs.labs.forEach((lab, i) => {
    const at = `labs[${i}](${lab.id})`;
    checkCodes(paths.labs, `${at}.codes`, lab.codes);
    checkUnit(paths.labs, `${at}.canonicalUnit`, lab.canonicalUnit);
    if (lab.molarMass !== undefined) cite(paths.labs, `${at}.molarMass.citation`, lab.molarMass.citation);
    (lab.equations ?? []).forEach((equation, j) => {
      cite(paths.labs, `${at}.equations[${j}].citation`, equation.citation);
      checkUnit(paths.labs, `${at}.equations[${j}].fromUnit`, equation.fromUnit);
    });
    const order = `${canonicalSystem(lab.orderCode.system)}|${lab.orderCode.code}`;
    if (!lab.codes.some((c) => `${c.system}|${c.code}` === order)) throw new KnowledgeError(paths.labs, `${at}.orderCode`, 'is not one of the lab codes');
  });

  for (const [id, threshold] of thresholds) {
    cite(paths.thresholds, `${id}.citation`, threshold.citation);
    checkUnit(paths.thresholds, `${id}.unit`, threshold.unit);
  }

  // A criterion names an existing lab and threshold, compared in the lab's canonical unit, on the side the threshold declares.
  const checkLabCriterion = (field: string, criterion: LabCriterion): void => {
    // The file type claims ids of the lists (ids.ts) once loaded: these checks make it true.
    if (!isIdOf(LAB_IDS, criterion.labId)) throw new KnowledgeError(paths.clinical, `${field}.labId`, `lab "${criterion.labId}" is not a lab id of src/knowledge/ids.ts`);
    if (!isIdOf(THRESHOLD_IDS, criterion.threshold)) throw new KnowledgeError(paths.clinical, `${field}.threshold`, `threshold "${criterion.threshold}" is not a threshold id of src/knowledge/ids.ts`);
    const lab = labs.get(criterion.labId);
    const threshold = thresholds.get(criterion.threshold);
    if (lab === undefined) throw new KnowledgeError(paths.clinical, `${field}.labId`, `lab "${criterion.labId}" does not exist`);
    if (threshold === undefined) throw new KnowledgeError(paths.clinical, `${field}.threshold`, `threshold "${criterion.threshold}" does not exist`);
    if (threshold.unit !== lab.canonicalUnit) {
      throw new KnowledgeError(paths.clinical, `${field}.threshold`, `unit ${threshold.unit} differs from the lab's canonical unit ${lab.canonicalUnit}`);
    }
    if (!SIDES[criterion.direction].includes(threshold.comparator)) {
      throw new KnowledgeError(paths.clinical, `${field}.direction`, `"${criterion.direction}" contradicts the comparator ${threshold.comparator} of threshold "${criterion.threshold}"`);
    }
  };

  cite(paths.clinical, 'labLookbackCitation', clinical.labLookbackCitation);
  clinical.secondaryCauses.forEach((cause, i) => {
    const at = `secondaryCauses[${i}](${cause.id})`;
    cite(paths.clinical, `${at}.citation`, cause.citation);
    cause.valueSets.forEach((id, j) => {
      if (!valueSetIds.has(id) || !isIdOf(VALUE_SET_IDS, id)) throw new KnowledgeError(paths.clinical, `${at}.valueSets[${j}]`, `value set "${id}" does not exist`);
    });
    cause.labCriteria.forEach((criterion, j) => checkLabCriterion(`${at}.labCriteria[${j}]`, criterion));
    (cause.knownDisease?.valueSets ?? []).forEach((id, j) => {
      if (!valueSetIds.has(id) || !isIdOf(VALUE_SET_IDS, id)) throw new KnowledgeError(paths.clinical, `${at}.knownDisease.valueSets[${j}]`, `value set "${id}" does not exist`);
    });
  });
  cite(paths.clinical, 'pediatricAgeCitation', clinical.pediatricAgeCitation);
  for (const id of Object.keys(clinical.statuslessProblemMonths)) {
    if (!valueSetIds.has(id)) throw new KnowledgeError(paths.clinical, `statuslessProblemMonths.${id}`, `value set "${id}" does not exist`);
  }
  for (const [population, iron] of Object.entries(clinical.ironCriteria)) {
    cite(paths.clinical, `ironCriteria.${population}.citation`, iron.citation);
    iron.criteria.forEach((criterion, j) => checkLabCriterion(`ironCriteria.${population}.criteria[${j}]`, criterion));
  }
  clinical.workup.forEach((item, i) => {
    const at = `workup[${i}](${item.id})`;
    cite(paths.clinical, `${at}.citation`, item.citation);
    if (!isIdOf(WORKUP_IDS, item.id)) throw new KnowledgeError(paths.clinical, `${at}.id`, `"${item.id}" is not a workup id of src/knowledge/ids.ts`);
    item.labIds.forEach((id, j) => {
      if (!labs.has(id) || !isIdOf(LAB_IDS, id)) throw new KnowledgeError(paths.clinical, `${at}.labIds[${j}]`, `lab "${id}" does not exist`);
    });
    if (!item.labIds.includes(item.orderLabId)) throw new KnowledgeError(paths.clinical, `${at}.orderLabId`, 'must be one of labIds');
    (item.alsoOrderLabIds ?? []).forEach((id, j) => {
      if (!labs.has(id) || !isIdOf(LAB_IDS, id)) throw new KnowledgeError(paths.clinical, `${at}.alsoOrderLabIds[${j}]`, `lab "${id}" does not exist`);
    });
    (item.notWith ?? []).forEach((id, j) => {
      if (!valueSetIds.has(id) || !isIdOf(VALUE_SET_IDS, id)) throw new KnowledgeError(paths.clinical, `${at}.notWith[${j}]`, `value set "${id}" does not exist`);
    });
  });

  // Every id of src/knowledge/ids.ts, which is every id a rule can name (the compiler allows no other).
  requireAll(paths.valueSets, 'valueSets', VALUE_SET_IDS, valueSetIds);
  requireAll(paths.labs, 'labs', LAB_IDS, new Set(labs.keys()));
  requireAll(paths.thresholds, '(root)', THRESHOLD_IDS, new Set(thresholds.keys()));
  requireAll(paths.clinical, 'workup', WORKUP_IDS, new Set(clinical.workup.map((w) => w.id)));
}

function checkCodes(file: string, field: string, codes: readonly DerivedCode[]): void {
  codes.forEach((c, i) => {
    if (!KNOWN_SYSTEMS.has(canonicalSystem(c.system))) {
      throw new KnowledgeError(file, `${field}[${i}].system`, `code system ${c.system} is not allowed (allowed: ${[...KNOWN_SYSTEMS].join(', ')})`);
    }
  });
}

function checkUnit(file: string, field: string, unit: string): void {
  if (!isUnitValidator(ucumUtils)) throw new KnowledgeError(file, field, 'cannot be checked: UCUM validator unavailable');
  if (ucumUtils.validateUnitString(unit).status !== 'valid') throw new KnowledgeError(file, field, `"${unit}" is not a valid UCUM unit`);
}

function uniqueIds(file: string, field: string, items: readonly { readonly id: string }[]): ReadonlySet<string> {
  const ids = new Set<string>();
  items.forEach((item, i) => {
    if (ids.has(item.id)) throw new KnowledgeError(file, `${field}[${i}].id`, `duplicate id "${item.id}"`);
    ids.add(item.id);
  });
  return ids;
}

function requireAll(file: string, field: string, agreed: readonly string[], present: ReadonlySet<string>): void {
  const missing = agreed.filter((id) => !present.has(id));
  if (missing.length > 0) throw new KnowledgeError(file, field, `id(s) the rules use are missing (src/knowledge/ids.ts): ${missing.join(', ')}`);
}
