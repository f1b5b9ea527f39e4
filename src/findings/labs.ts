import type { Observation } from 'fhir/r4.js';
import type { Knowledge, LabDefinition } from '../knowledge/knowledge-types.js';
import type { LabFinding } from './finding-types.js';
import { codeKey } from '../knowledge/code-key.js';
import { codesOf, nonBlank } from './codes.js';
import { lookbackStart, timeOf } from './lookback.js';
import { provenanceOf } from './provenance.js';
import { convertUnit, ucumUnitOf } from './units.js';

// Only results that are complete and verified (FHIR R4 ObservationStatus): not preliminary, cancelled or in error.
const FINAL = new Set<string>(['final', 'amended', 'corrected']);

const COMPARATORS = new Set<string>(['<', '<=', '>=', '>']);

type LabIndex = ReadonlyMap<string, readonly LabDefinition[]>;

// Knowledge is frozen and lives for the process, so its code index is built once per `labs` object.
const indexes = new WeakMap<Knowledge['labs'], LabIndex>();

function labIndexOf(labs: Knowledge['labs']): LabIndex {
  let index = indexes.get(labs);
  if (index === undefined) {
    const built = new Map<string, LabDefinition[]>();
    for (const lab of Object.values(labs)) {
      for (const key of lab.keys) built.set(key, [...(built.get(key) ?? []), lab]);
    }
    index = built;
    indexes.set(labs, index);
  }
  return index;
}

/** effective[x] as a string: dateTime, else the period's start, else instant, else `issued` (when it was released). */
function effectiveOf(observation: Observation): string | undefined {
  return (
    nonBlank(observation.effectiveDateTime) ??
    nonBlank(observation.effectivePeriod?.start) ??
    nonBlank(observation.effectiveInstant) ??
    nonBlank(observation.issued)
  );
}

interface Dated {
  readonly finding: LabFinding;
  readonly time: number;
  /** `issued` (ms; −Infinity without one) and id, which choose between results of the same instant. */
  readonly issued: number;
  readonly id: string;
}

/**
 * Between results of the same instant (a panel reporting the same analyte twice) the later `issued` wins, then the
 * smaller id: never the order the EHR sent them in, which differs between prefetch and the service's own searches.
 */
function isLater(candidate: Dated, current: Dated): boolean {
  if (candidate.time !== current.time) return candidate.time > current.time;
  if (candidate.issued !== current.issued) return candidate.issued > current.issued;
  return candidate.id < current.id;
}

/** One finding per knowledge lab the observation's codes match, its value converted to the lab's canonical unit. */
function toDatedFindings(observation: Observation, index: LabIndex, from: number, to: number): Dated[] {
  if (!FINAL.has(observation.status)) return [];
  const quantity = observation.valueQuantity;
  const value = quantity?.value;
  if (quantity === undefined || typeof value !== 'number' || !Number.isFinite(value)) return [];
  // R4 knows only < <= >= >; anything else (R5's "ad", sufficient to achieve) is not a measured value.
  const comparator: string | undefined = quantity.comparator;
  if (comparator !== undefined && !COMPARATORS.has(comparator)) return [];
  const effective = effectiveOf(observation);
  const time = timeOf(effective);
  if (effective === undefined || time === undefined || time < from || time > to) return [];
  const unit = ucumUnitOf(quantity);
  if (unit === undefined) return [];
  const dated: Dated[] = [];
  for (const code of codesOf(observation.code)) {
    for (const lab of index.get(codeKey(code.system, code.code)) ?? []) {
      const converted = convertUnit(value, unit, lab.canonicalUnit, lab.molarMass, lab.charge);
      if (converted === undefined) continue;
      const finding: LabFinding = {
        labId: lab.id,
        code,
        value: converted,
        unit: lab.canonicalUnit,
        reportedValue: value,
        reportedUnit: unit,
        ...(quantity.comparator === undefined ? {} : { comparator: quantity.comparator }),
        effective,
        source: provenanceOf(observation, effective),
      };
      dated.push({ finding, time, issued: timeOf(nonBlank(observation.issued)) ?? -Infinity, id: typeof observation.id === 'string' ? observation.id : '' });
    }
  }
  return dated;
}

/**
 * The latest final result of each knowledge lab within the look-back (`labLookbackMonths` before `now`,
 * inclusive, and not after `now`), converted to the lab's canonical UCUM unit. Results with a unit UCUM
 * cannot convert are dropped, never guessed. Between results at the same instant `isLater` chooses.
 * Findings come in the order of `knowledge.labs`.
 */
export function toLabFindings(
  observations: readonly Observation[],
  knowledge: Pick<Knowledge, 'labs' | 'labLookbackMonths'>,
  now: Date,
): LabFinding[] {
  const index = labIndexOf(knowledge.labs);
  const from = lookbackStart(now, knowledge.labLookbackMonths).getTime();
  const to = now.getTime();
  const latest = new Map<string, Dated>();
  for (const observation of observations) {
    for (const dated of toDatedFindings(observation, index, from, to)) {
      const current = latest.get(dated.finding.labId);
      if (current === undefined || isLater(dated, current)) latest.set(dated.finding.labId, dated);
    }
  }
  // In the knowledge's lab order, so the output does not depend on the order the EHR sent results in.
  return Object.keys(knowledge.labs).flatMap((id) => {
    const dated = latest.get(id);
    return dated === undefined ? [] : [dated.finding];
  });
}
