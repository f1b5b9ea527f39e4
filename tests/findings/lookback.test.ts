import { lookbackStart, timeOf } from '../../src/findings/lookback.js';

test.each([
  ['2025-03-15T12:00:00.000Z', 12, '2024-03-15T12:00:00.000Z'],
  ['2025-03-15T12:00:00.000Z', 3, '2024-12-15T12:00:00.000Z'],
  ['2025-03-31T08:30:00.000Z', 1, '2025-02-28T08:30:00.000Z'],
  ['2024-03-31T08:30:00.000Z', 1, '2024-02-29T08:30:00.000Z'],
  ['2024-02-29T00:00:00.000Z', 12, '2023-02-28T00:00:00.000Z'],
  ['2025-01-10T00:00:00.000Z', 0, '2025-01-10T00:00:00.000Z'],
])('%s minus %i months starts the look-back at %s', (now, months, expected) => {
  expect(lookbackStart(new Date(now), months).toISOString()).toBe(expected);
});

test.each([
  ['2024-05-03T10:00:00+02:00', Date.UTC(2024, 4, 3, 8)],
  ['2024-05-03', Date.UTC(2024, 4, 3)],
  ['2024-05', Date.UTC(2024, 4, 1)],
  ['2024', Date.UTC(2024, 0, 1)],
  ['not a date', undefined],
  [undefined, undefined],
])('timeOf(%j) is %j', (value, expected) => {
  expect(timeOf(value)).toBe(expected);
});
