import { keyQueries, type LabWindow } from '../../src/gather/narrowed-queries.js';

// dimensions: resource type (Observation · other) · read or search · codes (all lab codes · some · none of them · no system · OID
//   alias of the system) · the template's own bounds (date, _sort, _id, _lastUpdated, a modifier of one) · window
//   (given · absent) · look-back start (mid-month · first of a month · 1 January)

const window: LabWindow = { codeKeys: new Set(['http://loinc.org|2276-4', 'http://loinc.org|14723-1']), since: new Date('2025-11-20T12:00:00Z') };
const FERRITIN = 'Observation?patient=p1&_count=100&code=http://loinc.org|2276-4,http://loinc.org|14723-1';

const unchanged = [
  { name: 'a read', query: 'Patient/p1' },
  { name: 'a search of another type', query: 'Condition?patient=p1&_count=100' },
  { name: 'an Observation search without codes', query: 'Observation?patient=p1' },
  { name: 'an Observation search of codes the knowledge does not read', query: 'Observation?patient=p1&code=http://loinc.org|8302-2,http://loinc.org|29463-7' },
  { name: 'a code without a system', query: 'Observation?patient=p1&code=2276-4' },
  { name: 'a template with its own date', query: `${FERRITIN}&date=ge2020-01-01` },
  { name: 'a template with its own date modifier', query: `${FERRITIN}&date:missing=false` },
  { name: 'a template with its own _sort', query: `${FERRITIN}&_sort=date` },
  { name: 'a template with _lastUpdated', query: `${FERRITIN}&_lastUpdated=ge2020-01-01` },
  { name: 'a template naming _id', query: `${FERRITIN}&_id=o1` },
];

test.each(unchanged)('$name runs as written', ({ query }) => {
  expect(keyQueries(query, window)).toEqual({ narrowed: [query], template: query });
});

test('without a window nothing is narrowed', () => {
  expect(keyQueries(FERRITIN, undefined)).toEqual({ narrowed: [FERRITIN], template: FERRITIN });
});

test('a lab search becomes the look-back search, newest first, and the undated complement; the template is kept to fall back on', () => {
  expect(keyQueries(FERRITIN, window)).toEqual({
    narrowed: [`${FERRITIN}&date=ge2025-11-19&_sort=-date`, `${FERRITIN}&date:missing=true`],
    template: FERRITIN,
  });
});

test('a lab search that also asks for a code the knowledge does not read is narrowed too (those results are never read)', () => {
  const query = 'Observation?patient=p1&code=http://loinc.org|8302-2,http://loinc.org|2276-4';
  expect(keyQueries(query, window).narrowed).toEqual([`${query}&date=ge2025-11-19&_sort=-date`, `${query}&date:missing=true`]);
});

test('codes under the HL7 OID of LOINC are lab codes too', () => {
  const query = 'Observation?patient=p1&code=urn:oid:2.16.840.1.113883.6.1|2276-4';
  expect(keyQueries(query, window).narrowed).toEqual([`${query}&date=ge2025-11-19&_sort=-date`, `${query}&date:missing=true`]);
});

const margins = [
  { since: '2025-03-01T00:00:00Z', date: '2025-02-28' },
  { since: '2024-03-01T23:59:59Z', date: '2024-02-29' },
  { since: '2025-01-01T06:00:00Z', date: '2024-12-31' },
];

test.each(margins)('a look-back from $since searches from $date (one day of margin for a server in another time zone)', ({ since, date }) => {
  expect(keyQueries(FERRITIN, { ...window, since: new Date(since) }).narrowed[0]).toBe(`${FERRITIN}&date=ge${date}&_sort=-date`);
});
