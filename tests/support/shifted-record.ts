import type { Bundle, Resource } from 'fhir/r4.js';

/**
 * A vendored record made current in code (the vendored file is never edited): every FHIR date and dateTime moved by
 * the same number of days, so a record whose last labs are years old reads as a patient seen last month.
 */

const DAY_MS = 86_400_000;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function shifted(value: string, days: number): string {
  if (DATE_TIME.test(value)) return new Date(Date.parse(value) + days * DAY_MS).toISOString();
  if (DATE.test(value)) return new Date(Date.parse(`${value}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
  return value;
}

/** `bundle` with every date and dateTime moved by `days`. */
export function shiftBundleDates(bundle: Bundle, days: number): Bundle {
  return JSON.parse(JSON.stringify(bundle), (_key, value: unknown) => (typeof value === 'string' ? shifted(value, days) : value)) as Bundle;
}

/** The latest effectiveDateTime or issued of the bundle's Observations, in ms. */
export function latestLabTime(resources: readonly Resource[]): number {
  let latest = -Infinity;
  for (const resource of resources) {
    if (resource.resourceType !== 'Observation') continue;
    const { effectiveDateTime, issued } = resource as { effectiveDateTime?: string; issued?: string };
    for (const value of [effectiveDateTime, issued]) if (value !== undefined) latest = Math.max(latest, Date.parse(value));
  }
  return latest;
}

/** Whole days that move `time` to `target`. */
export function daysBetween(time: number, target: Date): number {
  return Math.floor((target.getTime() - time) / DAY_MS);
}
