import type { Quantity } from 'fhir/r4.js';
import ucum from '@lhncbc/ucum-lhc';
import { nonBlank } from './codes.js';
import { ucumOfAlias } from './unit-aliases.js';

/** The UCUM code system URI (FHIR R4 §4.4.1 "Using UCUM with FHIR"). */
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

// One instance for the process: the unit tables load once, and the utils hold no per-call state.
const utils = ucum.UcumLhcUtils.getInstance();

/** How one (from, to, molar mass) converts: mostly a plain factor; offset or log units go through UCUM each time. */
type Conversion =
  | { readonly kind: 'scale'; readonly factor: number }
  | { readonly kind: 'direct' }
  | { readonly kind: 'none' };

// The UCUM parser is slow next to a multiplication, and a request converts the same few unit pairs again and again.
const conversions = new Map<string, Conversion>();

/**
 * UCUM marks [IU] (and [iU]) as arbitrary: not commensurable with any other unit, and ucum-lhc refuses even
 * m[IU]/L → m[IU]/L. Between two expressions of the same arbitrary unit the rest (prefixes, volumes) still
 * converts exactly, so both sides swap it for a stand-in base unit (candela) that lab units never use.
 */
const ARBITRARY = /\[(IU|iU)\]/g;

function withoutArbitraryUnit(from: string, to: string): readonly [string, string] {
  const fromHas = from.search(ARBITRARY) >= 0;
  const toHas = to.search(ARBITRARY) >= 0;
  if (!fromHas || !toHas || from.includes('cd') || to.includes('cd')) return [from, to];
  return [from.replace(ARBITRARY, 'cd'), to.replace(ARBITRARY, 'cd')];
}

/** What UCUM needs beyond the units: g/mol for mass ↔ moles, valence for equivalents ↔ moles. */
interface Substance {
  readonly molarMass?: number;
  readonly charge?: number;
}

function convertWithUcum(value: number, from: string, to: string, substance: Substance): number | undefined {
  const options = {
    ...(substance.molarMass === undefined ? {} : { molecularWeight: substance.molarMass }),
    ...(substance.charge === undefined ? {} : { charge: substance.charge }),
  };
  let result: ReturnType<typeof utils.convertUnitTo>;
  try {
    result = utils.convertUnitTo(from, value, to, options);
  } catch {
    // ucum-lhc looks units up in plain objects: '__proto__' or 'toString' as a unit throws inside it.
    return undefined;
  }
  // Any message means ucum-lhc substituted or guessed something (e.g. "73m2" read as "73.m2"): never accept that.
  if (result.status !== 'succeeded' || result.msg.length > 0) return undefined;
  return typeof result.toVal === 'number' && Number.isFinite(result.toVal) ? result.toVal : undefined;
}

const ANNOTATION = /\{[^}]*\}/g;

function annotationsOf(unit: string): string {
  return (unit.match(ANNOTATION) ?? []).sort().join('');
}

/**
 * Conversions UCUM allows but that would change what is measured are refused:
 * - annotations are unity to UCUM, yet `{1.73_m2}` says a rate is indexed to body surface area, so mL/min is not
 *   mL/min/{1.73_m2}: both sides must carry the same annotations;
 * - a ratio unit says nothing of what it is a ratio of: HbA1c in IFCC mmol/mol and in NGSP % are related by a
 *   master equation, not by UCUM's factor 0.1, so a dimensionless target accepts only its own unit.
 */
function isRefused(from: string, to: string): boolean {
  if (annotationsOf(from) !== annotationsOf(to)) return true;
  return convertWithUcum(1, to, '1', {}) !== undefined;
}

function conversionOf(from: string, to: string, substance: Substance): Conversion {
  if (from === to) return { kind: 'scale', factor: 1 };
  if (isRefused(from, to)) return { kind: 'none' };
  const [ucumFrom, ucumTo] = withoutArbitraryUnit(from, to);
  const one = convertWithUcum(1, ucumFrom, ucumTo, substance);
  const zero = convertWithUcum(0, ucumFrom, ucumTo, substance);
  const thousand = convertWithUcum(1000, ucumFrom, ucumTo, substance);
  if (one === undefined || zero === undefined || thousand === undefined) return { kind: 'none' };
  const isLinear = zero === 0 && Math.abs(thousand - 1000 * one) <= 1e-9 * Math.abs(thousand);
  return isLinear ? { kind: 'scale', factor: one } : { kind: 'direct' };
}

/**
 * `value` in `from` converted to `to` (both UCUM codes), or undefined when UCUM cannot convert it exactly
 * (unknown or incommensurable units, a molar unit without `molarMass` in g/mol, or equivalents without `charge`).
 */
export function convertUnit(value: number, from: string, to: string, molarMass?: number, charge?: number): number | undefined {
  const key = `${from}\u0000${to}\u0000${molarMass ?? ''}\u0000${charge ?? ''}`;
  const substance: Substance = { ...(molarMass === undefined ? {} : { molarMass }), ...(charge === undefined ? {} : { charge }) };
  let conversion = conversions.get(key);
  if (conversion === undefined) {
    conversion = conversionOf(from, to, substance);
    conversions.set(key, conversion);
  }
  switch (conversion.kind) {
    case 'scale':
      return value * conversion.factor;
    case 'direct':
      return convertWithUcum(value, ...withoutArbitraryUnit(from, to), substance);
    case 'none':
      return undefined;
  }
}

/**
 * The UCUM code of a Quantity: `code` (else `unit`) when `system` is UCUM or absent; undefined for any other
 * system, since its codes are not UCUM and guessing their meaning is not safe. A spelling of the reviewed alias
 * table (`unit-aliases.ts`: "µg/L", "mIU/mL", "mL/min/1.73m2"…) reads as its UCUM code; anything else must still
 * parse as strict UCUM in `convertUnit`, or the value is not read there.
 */
export function ucumUnitOf(quantity: Quantity): string | undefined {
  const system = nonBlank(quantity.system);
  if (system !== undefined && system !== UCUM_SYSTEM) return undefined;
  const unit = nonBlank(quantity.code) ?? nonBlank(quantity.unit);
  return unit === undefined ? undefined : ucumOfAlias(unit);
}
