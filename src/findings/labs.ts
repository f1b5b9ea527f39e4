import type { Observation } from 'fhir/r4.js';
import type { Knowledge, LabDefinition } from '../knowledge/knowledge-types.js';
import type { LabFinding, UnreadableResult } from './finding-types.js';
import { codeKey } from '../knowledge/code-key.js';
import { codesOf, nonBlank } from './codes.js';
import { lookbackStart, timeOf } from './lookback.js';
import { provenanceOf } from './provenance.js';
import { convertUnit, ucumUnitOf } from './units.js';

// Only results that are complete and verified (FHIR R4 ObservationStatus): not preliminary, cancelled or in error.
const FINAL = new Set<string>(['final', 'amended', 'corrected']);
// A test under way (FHIR R4 ObservationStatus "registered": ordered, no result yet; "preliminary": an early result):
// not a value, but not a missing test either.
const IN_PROGRESS = new Set<string>(['registered', 'preliminary']);

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

/** An unreadable result while reading: kept once per observation and lab (two codings of one lab are one result). */
interface Unread extends UnreadableResult {
  readonly observation: Observation;
}

/** What one request's Observations say of the knowledge labs. */
export interface LabReading {
  /** The latest final result per lab in the look-back, in the lab's canonical unit (knowledge lab order). */
  readonly labs: LabFinding[];
  /** Lab ids with a registered or preliminary result in the look-back: a test under way. */
  readonly inProgress: string[];
  /** Final results in the look-back whose unit could not be understood, one per result and lab. */
  readonly unreadable: UnreadableResult[];
}

/** The knowledge labs an observation's codes match. */
function labsOf(observation: Observation, index: LabIndex): { readonly code: LabFinding['code']; readonly lab: LabDefinition }[] {
  return codesOf(observation.code).flatMap((code) => (index.get(codeKey(code.system, code.code)) ?? []).map((lab) => ({ code, lab })));
}

/**
 * `value` in `unit` in the lab's canonical unit: by the lab's equation for that unit (HbA1c IFCC → NGSP), else by
 * UCUM; undefined when neither applies.
 */
function toCanonical(value: number, unit: string, lab: LabDefinition): number | undefined {
  const equation = lab.equations?.find((e) => e.fromUnit === unit);
  if (equation !== undefined) return equation.slope * value + equation.intercept;
  return convertUnit(value, unit, lab.canonicalUnit, lab.molarMass, lab.charge);
}

/** An observation's time when it lies in [from, to]. */
function timeWithin(observation: Observation, from: number, to: number): { readonly effective: string; readonly time: number } | undefined {
  const effective = effectiveOf(observation);
  const time = timeOf(effective);
  return effective === undefined || time === undefined || time < from || time > to ? undefined : { effective, time };
}

/** One finding per knowledge lab the observation's codes match, its value converted to the lab's canonical unit. */
function toDatedFindings(observation: Observation, index: LabIndex, from: number, to: number, unreadable: Unread[]): Dated[] {
  if (!FINAL.has(observation.status)) return [];
  const quantity = observation.valueQuantity;
  const value = quantity?.value;
  if (quantity === undefined || typeof value !== 'number' || !Number.isFinite(value)) return [];
  // R4 knows only < <= >= >; anything else (R5's "ad", sufficient to achieve) is not a measured value.
  const comparator: string | undefined = quantity.comparator;
  if (comparator !== undefined && !COMPARATORS.has(comparator)) return [];
  const when = timeWithin(observation, from, to);
  if (when === undefined) return [];
  const { effective, time } = when;
  const unit = ucumUnitOf(quantity);
  const dated: Dated[] = [];
  for (const { code, lab } of labsOf(observation, index)) {
    const converted = unit === undefined ? undefined : toCanonical(value, unit, lab);
    // A result whose unit cannot be understood is neither a value nor a missing test: it is reported, not guessed.
    if (unit === undefined || converted === undefined) {
      if (!unreadable.some((r) => r.observation === observation && r.labId === lab.id)) unreadable.push({ labId: lab.id, observation });
      continue;
    }
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
  return dated;
}

/** The labs of a registered or preliminary observation in the look-back. */
function inProgressLabs(observation: Observation, index: LabIndex, from: number, to: number): string[] {
  if (!IN_PROGRESS.has(observation.status) || timeWithin(observation, from, to) === undefined) return [];
  return labsOf(observation, index).map(({ lab }) => lab.id);
}

/**
 * What the Observations say of each knowledge lab within the look-back (`labLookbackMonths` before `now`,
 * inclusive, and not after `now`): the latest final result converted to the lab's canonical UCUM unit (between
 * results at the same instant `isLater` chooses), the labs with a test under way, and the final results whose
 * unit neither UCUM, the reviewed alias table nor the lab's equation can read (reported, never guessed).
 * Findings come in the order of `knowledge.labs`.
 */
export function readLabs(observations: readonly Observation[], knowledge: Pick<Knowledge, 'labs' | 'labLookbackMonths'>, now: Date): LabReading {
  const index = labIndexOf(knowledge.labs);
  const from = lookbackStart(now, knowledge.labLookbackMonths).getTime();
  const to = now.getTime();
  const latest = new Map<string, Dated>();
  const unreadable: Unread[] = [];
  const inProgress = new Set<string>();
  for (const observation of observations) {
    for (const dated of toDatedFindings(observation, index, from, to, unreadable)) {
      const current = latest.get(dated.finding.labId);
      if (current === undefined || isLater(dated, current)) latest.set(dated.finding.labId, dated);
    }
    for (const labId of inProgressLabs(observation, index, from, to)) inProgress.add(labId);
  }
  // In the knowledge's lab order, so the output does not depend on the order the EHR sent results in.
  const ids = Object.keys(knowledge.labs);
  const labs = ids.flatMap((id) => {
    const dated = latest.get(id);
    return dated === undefined ? [] : [dated.finding];
  });
  return { labs, inProgress: ids.filter((id) => inProgress.has(id)), unreadable: unreadable.map(({ labId }) => ({ labId })) };
}

/** The latest final result of each knowledge lab within the look-back, in canonical units (see {@link readLabs}). */
export function toLabFindings(observations: readonly Observation[], knowledge: Pick<Knowledge, 'labs' | 'labLookbackMonths'>, now: Date): LabFinding[] {
  return readLabs(observations, knowledge, now).labs;
}
