/**
 * The look-back window of lab results, in calendar months before `now`.
 */

function daysInUtcMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * `now` minus `months` calendar months (UTC), the day clamped to the end of a shorter month
 * (31 March − 1 month = 28/29 February, not 3 March). Results at exactly this instant are inside the window.
 */
export function lookbackStart(now: Date, months: number): Date {
  const total = now.getUTCFullYear() * 12 + now.getUTCMonth() - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const day = Math.min(now.getUTCDate(), daysInUtcMonth(year, month));
  const start = new Date(now.getTime());
  start.setUTCFullYear(year, month, day);
  return start;
}

/**
 * Milliseconds since the epoch of a FHIR date, dateTime or instant, or undefined when it does not parse.
 * Partial dates (`2024`, `2024-05`, `2024-05-03`) read as the start of that period in UTC.
 */
export function timeOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}
