import request from 'supertest';
import { PATIENT_VIEW_ROWS } from '../clinical/catalogue-patient-view.js';
import { expectCdsResponse } from '../support/expect-response.js';
import { fixtureHookRequest, patientFixtureNames } from '../support/fixtures.js';
import { SERVICE } from '../support/hook-requests.js';
import { PROCESS_TIMEOUT_MS, runNode, startNode, type Run, type RunningProcess } from '../support/processes.js';
import { TEST_NOW, testApp } from '../support/test-app.js';

// `npm run replay -- fixtures/patients` (folder mode: one process per mode) on every patient fixture, as real
// processes: with an in-process service at TEST_NOW the table is the card catalogue's patient-view topics and
// leanings (tests/clinical/catalogue-patient-view.ts), with prefetch and with --no-prefetch (the service fetches
// from the replay's FHIR server). Against the service started as `node dist/main.js` (real clock), with and
// without prefetch, the table is what the service's pipeline answers today for the same fixtures.

const REPLAY = 'dist/cli/replay.js';
const FOLDER = 'fixtures/patients';

/** The printed table: fixture name → topic cell. */
function tableOf(run: Run): Record<string, string> {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  const lines = run.stdout.trimEnd().split('\n');
  return Object.fromEntries(lines.map((line) => {
    const [name = '', cell = ''] = line.split(/ {2,}/, 2);
    return [name, cell];
  }));
}

/** The cell the CLI prints for these topics: sorted, `cramp-vs-rls [leaning]`, or `(no cards)`. */
function cellOf(topics: readonly string[], leaning?: string): string {
  if (topics.length === 0) return '(no cards)';
  return [...topics].sort().map((t) => (t === 'cramp-vs-rls' && leaning ? `${t} [${leaning}]` : t)).join(', ');
}

const catalogueTable = Object.fromEntries(PATIENT_VIEW_ROWS.map((row) => [row.fixture, cellOf(row.topics, row.leaning)]));

test('the catalogue has a patient-view row for every fixture in the folder', () => {
  expect(Object.keys(catalogueTable).sort()).toEqual(patientFixtureNames());
});

describe('with the in-process service at TEST_NOW', () => {
  test('prefetch from the discovery templates, and --no-prefetch, both print the catalogue topics per patient', async () => {
    const now = TEST_NOW.toISOString();
    const [withPrefetch, withoutPrefetch] = await Promise.all([
      runNode(REPLAY, [FOLDER, '--now', now]),
      runNode(REPLAY, [FOLDER, '--now', now, '--no-prefetch']),
    ]);
    expect(tableOf(withPrefetch)).toEqual(catalogueTable);
    expect(tableOf(withoutPrefetch)).toEqual(catalogueTable);
  }, PROCESS_TIMEOUT_MS);
});

describe('against the service as a process (node dist/main.js)', () => {
  let service: RunningProcess;
  let url: string;
  beforeAll(async () => {
    service = await startNode('dist/main.js', [], { PORT: '0', LOG_LEVEL: 'info' }, /"port":(\d+)/);
    url = `http://127.0.0.1:${service.match[1] ?? ''}`;
  }, PROCESS_TIMEOUT_MS);
  afterAll(() => service.stop());

  /** What the pipeline answers today (the process uses the real clock) for each fixture, with full prefetch. */
  async function tableToday(): Promise<Record<string, string>> {
    const { app } = testApp({ now: new Date() });
    const rows = await Promise.all(patientFixtureNames().map(async (fixture) => {
      const res = await request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(fixtureHookRequest({ fixture, hook: 'patient-view' }));
      const cards = expectCdsResponse(res).cards;
      const leaning = cards.flatMap((c) => Object.values(c.extension ?? {})).find((v): v is string => typeof v === 'string');
      return [fixture, cellOf(cards.map((c) => c.source.topic.code), leaning)] as const;
    }));
    return Object.fromEntries(rows);
  }

  test('with and without --no-prefetch, the table is what the service answers for each fixture', async () => {
    const [withPrefetch, withoutPrefetch, expected] = await Promise.all([
      runNode(REPLAY, [FOLDER, '--url', url]),
      runNode(REPLAY, [FOLDER, '--url', url, '--no-prefetch']),
      tableToday(),
    ]);
    expect(tableOf(withPrefetch)).toEqual(expected);
    expect(tableOf(withoutPrefetch)).toEqual(expected);
  }, PROCESS_TIMEOUT_MS);
});
