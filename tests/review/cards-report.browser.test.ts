import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import request from 'supertest';
import type { CdsCard } from '../../src/cards/card-types.js';
import { ORDER_HOOK_ROWS } from '../clinical/catalogue-order-hooks.js';
import { PATIENT_VIEW_ROWS } from '../clinical/catalogue-patient-view.js';
import type { CatalogueRow } from '../clinical/catalogue-row.js';
import { expectCdsResponse } from '../support/expect-response.js';
import { fixtureHookRequest, patientFixtureNames, REQUEST_FIXTURES, type RequestFixture } from '../support/fixtures.js';
import { SERVICE } from '../support/hook-requests.js';
import { realKnowledge, testApp, TEST_NOW } from '../support/test-app.js';

// `npm run cards:report` as a real process (the compiled CLI; `npm test` builds first), opened in Debian's Chromium
// through playwright-core (no browser download; .ci/run installs the package when missing). Expected topics are
// the catalogue's (tests/clinical/catalogue-*.ts) at TEST_NOW. The screenshot is kept in test-artifacts/.

const execFileAsync = promisify(execFile);
const CLI = 'dist/cli/cards-report.js';
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test-artifacts');
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What one row of the page must show: a call of the report and the catalogue row that fixes its cards. */
interface ExpectedCall {
  readonly fixture: string;
  readonly hook: string;
  readonly requestFile?: string;
  readonly row: CatalogueRow;
}

const sameKeys = (a?: readonly string[], b?: readonly string[]): boolean => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

function catalogueRowOf(fixture: RequestFixture): CatalogueRow {
  const row = ORDER_HOOK_ROWS.find(
    (r) => r.fixture === fixture.fixture && r.hook === fixture.hook && sameKeys(r.drafts, fixture.drafts) && sameKeys(r.selections, fixture.selections),
  );
  if (!row) throw new Error(`no catalogue row for ${fixture.file}`);
  return row;
}

const EXPECTED: readonly ExpectedCall[] = [
  ...PATIENT_VIEW_ROWS.map((row) => ({ fixture: row.fixture, hook: 'patient-view', row })),
  ...REQUEST_FIXTURES.filter((f) => f.hook !== 'patient-view').map((f) => ({ fixture: f.fixture, hook: f.hook, requestFile: f.file, row: catalogueRowOf(f) })),
];

const callSelector = (c: ExpectedCall): string =>
  `section.patient[data-fixture="${c.fixture}"] .call[data-hook="${c.hook}"]${c.requestFile ? `[data-request="${c.requestFile}"]` : ':not([data-request])'}`;

let outDir: string;
let profileDir: string;
let run: { stdout: string; stderr: string };
let context: BrowserContext;
let page: Page;
const requested: string[] = [];

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'cards-report-'));
  profileDir = mkdtempSync(path.join(tmpdir(), 'chromium-profile-'));
  run = await execFileAsync(process.execPath, ['--experimental-websocket', CLI, '--out', outDir, '--now', TEST_NOW.toISOString()], { timeout: 30_000 });
  context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 30_000 });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('request', (req) => requested.push(req.url()));
  await page.goto(pathToFileURL(path.join(outDir, 'cards-report.html')).href);
}, 60_000);

afterAll(async () => {
  await context?.close();
  rmSync(outDir, { recursive: true, force: true });
  rmSync(profileDir, { recursive: true, force: true });
});

test('the report process exits 0 and prints the path of the page it wrote', () => {
  expect(run.stdout).toBe(`${path.join(outDir, 'cards-report.html')}\n`);
  expect(run.stderr).toBe('');
});

test('the page loads nothing but itself (offline: inline CSS, no external assets)', () => {
  expect(requested).toEqual([pathToFileURL(path.join(outDir, 'cards-report.html')).href]);
});

test('the header gives the knowledge version and the date the cards are judged at', async () => {
  expect(await page.textContent('[data-knowledge-version]')).toBe(realKnowledge().version);
  expect(await page.textContent('[data-as-of]')).toBe('2026-11-20');
});

test('one section per patient fixture, one summary row per call, nothing else', async () => {
  const sections = await page.$$eval('section.patient', (els) => els.map((e) => e.getAttribute('data-fixture')));
  expect(sections).toEqual(patientFixtureNames());
  const rows = await page.$$eval('table.summary tbody tr', (els) =>
    els.map((e) => `${e.getAttribute('data-fixture')} ${e.getAttribute('data-hook')} ${e.getAttribute('data-request') ?? ''}`),
  );
  expect(rows.sort()).toEqual(EXPECTED.map((c) => `${c.fixture} ${c.hook} ${c.requestFile ?? ''}`).sort());
});

test.each(EXPECTED.map((c) => ({ ...c, label: c.requestFile ?? 'built from the bundle' })))('$fixture on $hook ($label): the exact topics, in the table and as cards', async (call) => {
  const expected = [...call.row.topics].sort();
  const request = call.requestFile ? `[data-request="${call.requestFile}"]` : ':not([data-request])';
  const chips = await page.$$eval(`table.summary tr[data-fixture="${call.fixture}"][data-hook="${call.hook}"]${request} .chip`, (els) =>
    els.map((e) => e.getAttribute('data-topic')),
  );
  expect(chips.sort()).toEqual(expected);
  const cards = await page.$$eval(`${callSelector(call)} article.card`, (els) => els.map((e) => e.getAttribute('data-topic')));
  expect(cards.sort()).toEqual(expected);
  if (call.row.leaning) {
    expect(await page.getAttribute(`${callSelector(call)} article.card[data-topic="cramp-vs-rls"] [data-leaning]`, 'data-leaning')).toBe(call.row.leaning);
  }
  if (expected.length === 0) expect(await page.textContent(`${callSelector(call)} .silent`)).toMatch(/No cards/);
});

describe('card Markdown is rendered, not shown', () => {
  const { app } = testApp();

  test('no literal ** anywhere on the page', async () => {
    expect(await page.innerText('body')).not.toContain('**');
  });

  // The service's own patient-view answers (supertest, TEST_NOW) say which details have bold text and lists.
  test.each(PATIENT_VIEW_ROWS.filter((r) => r.topics.length > 0))('$fixture: bold as <strong>, lists as <ul>', async (row) => {
    const res = await request(app).post(`/cds-services/${SERVICE[row.hook]}`).send(fixtureHookRequest(row));
    const cards: readonly CdsCard[] = expectCdsResponse(res).cards;
    for (const card of cards) {
      const detail = `section.patient[data-fixture="${row.fixture}"] .call[data-hook="patient-view"] article.card[data-topic="${card.source.topic.code}"] .detail`;
      const bold = (card.detail?.match(/\*\*[^*]+\*\*/g) ?? []).map((b) => b.slice(2, -2).replace(/\\(.)/g, '$1'));
      expect(await page.$$eval(`${detail} strong`, (els) => els.map((e) => e.textContent))).toEqual(bold);
      const items = (card.detail ?? '').split('\n').filter((line) => line.startsWith('- ')).length;
      expect(await page.$$eval(`${detail} ul > li`, (els) => els.length)).toBe(items);
    }
  });
});

test('the screenshot is kept as a test artifact', async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, 'cards-report.png');
  await page.setViewportSize({ width: 1200, height: 900 });
  const png = await page.screenshot({ path: file, fullPage: true });
  expect(png.subarray(1, 4).toString()).toBe('PNG');
});

test('a bad --now gives exit code 1 and a one-line reason with the usage', async () => {
  const failed = await execFileAsync(process.execPath, [CLI, '--now', 'yesterday'], { timeout: 30_000 }).catch((err: { code: number; stderr: string }) => err);
  expect('code' in failed ? failed.code : 0).toBe(1);
  expect('stderr' in failed ? failed.stderr.split('\n')[0] : '').toBe('cards:report: --now must be an ISO 8601 date-time, got "yesterday"');
});
