/** Median and spread of a few rounds: the bench reports these, never a single run. */

/** Median, lowest and highest of some numbers. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

const round = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;

/** Median, min and max (the mean of the middle two for an even count); zeros for none. */
export function spreadOf(values: readonly number[], places = 2): Spread {
  if (values.length === 0) return { median: 0, min: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { median: round(median, places), min: round(sorted[0] ?? 0, places), max: round(sorted[sorted.length - 1] ?? 0, places) };
}

/** `median (min–max)` for a table cell. */
export const cell = (s: Spread): string => (s.min === s.max ? `${s.median}` : `${s.median} (${s.min}–${s.max})`);
