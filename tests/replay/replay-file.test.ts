import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isValidCdsResponse } from '../../src/cards/validate-response.js';
import { topicsOf } from '../support/expect-response.js';
import { loadRequestFixture } from '../support/fixtures.js';
import { PROCESS_TIMEOUT_MS, runNode } from '../support/processes.js';
import { TEST_NOW } from '../support/test-app.js';

// `npm run replay -- <file>` as a real process with the in-process service: the cards printed readably (Markdown
// rendered, suggestions and their actions), --json, the order hooks with ready order files, the exit code 1 with
// the OperationOutcome on a protocol error, and a one-line reason (never a stack trace) for a bad file.

const REPLAY = 'dist/cli/replay.js';
const NOW = ['--now', TEST_NOW.toISOString()];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'replay-files-'));
}, PROCESS_TIMEOUT_MS);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

test('order-select of a ready polysomnography order on simple cramps: the card, its Markdown as text, the delete action', async () => {
  const run = await runNode(REPLAY, ['fixtures/patients/fx-cramps-simple.json', '--hook', 'order-select', '--order', 'fixtures/add/order-polysomnography.json', ...NOW]);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  const lines = run.stdout.split('\n');
  expect(lines[0]).toBe('fx-cramps-simple · order-select → leg-cramps-order-select: 1 card, valid CDS Hooks response');
  expect(lines).toContain('[WARNING] Polysomnography is not indicated for simple leg cramps (no RLS, PLMD or sleep apnea on chart)');
  expect(lines).toContain('  topic: psg-not-indicated');
  expect(lines).toContain('  Suggestions (at-most-one):');
  expect(lines.some((l) => /^ {8}delete ServiceRequest\/added-order-polysomnography: /.test(l))).toBe(true);
  expect(lines.some((l) => l.startsWith('  Override reasons: '))).toBe(true);
  expect(run.stdout).toMatch(/^ {4}\* Polysomnography, attended, 4 or more parameters: Polysomnography, selected draft order$/m);
}, PROCESS_TIMEOUT_MS);

test('patient-view: the detail\'s Markdown (strong, emphasis in a numbered list, bullets) is printed as text, no colour off a TTY', async () => {
  const run = await runNode(REPLAY, ['fixtures/patients/fx-cramps-simple.json', ...NOW]);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  const lines = run.stdout.split('\n');
  expect(lines[0]).toBe('fx-cramps-simple · patient-view → leg-cramps-patient-view: 1 card, valid CDS Hooks response');
  expect(lines).toContain('  topic: cramp-vs-rls [cramp-likely]');
  expect(lines.some((l) => l.startsWith('  Leaning: nocturnal leg cramps. The chart documents leg cramps'))).toBe(true);
  expect(lines.some((l) => l.startsWith('    1. What does it feel like? A painful tightening'))).toBe(true);
  expect(lines).toContain('    * Sleep related leg cramps: Nocturnal leg cramps, recorded 2026-10-02');
  expect(run.stdout).not.toMatch(/\*\*|\*What/);
  expect(run.stdout.includes('\u001b[')).toBe(false);
}, PROCESS_TIMEOUT_MS);

test('--json prints the raw, schema-valid response; order-sign of quinine on a cramp patient with a leg-cramp add file', async () => {
  const run = await runNode(REPLAY, [
    'fixtures/patients/fx-no-leg-symptoms.json',
    '--hook', 'order-sign', '--order', 'fixtures/add/order-quinine.json', '--add', 'fixtures/add/leg-cramps-condition.json', '--json', ...NOW,
  ]);
  expect(run.code).toBe(0);
  const body: unknown = JSON.parse(run.stdout);
  if (!isValidCdsResponse(body)) throw new Error('invalid CDS Hooks response');
  expect(topicsOf(body.cards)).toEqual(['quinine-for-cramps']);
  expect(body.cards[0]?.suggestions?.[0]?.actions[0]).toMatchObject({ type: 'delete', resourceId: 'MedicationRequest/added-order-quinine' });
}, PROCESS_TIMEOUT_MS);

test('a hook request the service refuses (no prefetch, no fhirServer: 412) → exit 1 with the OperationOutcome printed', async () => {
  const bare = { ...(loadRequestFixture('patient-view-cramps.json') as Record<string, unknown>) };
  delete bare['prefetch'];
  const run = await runNode(REPLAY, [file('no-prefetch.json', JSON.stringify(bare)), ...NOW]);
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/^no-prefetch · patient-view → leg-cramps-patient-view: failed\nHTTP 412\n/);
  const outcome = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as { resourceType: string; id: string };
  expect([outcome.resourceType, outcome.id]).toEqual(['OperationOutcome', 'precondition-failed']);
}, PROCESS_TIMEOUT_MS);

describe('a bad file → exit 1 and a one-line reason', () => {
  const twoPatients = (): string => {
    const one = { resourceType: 'Patient', id: 'p1' };
    const two = { resourceType: 'Patient', id: 'p2' };
    return JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: one }, { resource: two }] });
  };
  test.each([
    { name: 'not JSON', content: () => '{"resourceType": "Bundle",', reason: 'not JSON' },
    { name: 'a lone Patient', content: () => '{"resourceType": "Patient", "id": "p1"}', reason: 'neither a FHIR Bundle of one patient nor a CDS Hooks request' },
    { name: 'a Bundle of two patients', content: twoPatients, reason: 'a Bundle of 2 patients; one patient per Bundle is needed' },
  ])('$name', async ({ name, content, reason }) => {
    const p = file(`${name.replace(/ /g, '-')}.json`, content());
    const run = await runNode(REPLAY, [p]);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 1, stdout: '', stderr: `replay: ${p}: ${reason}\n` });
  }, PROCESS_TIMEOUT_MS);
});
