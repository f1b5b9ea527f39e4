import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyKnowledgeDir, removeKnowledgeDir, setJsonField } from '../support/knowledge-dir.js';
import { TEST_DATABASE_URL } from '../support/postgres.js';

// The compiled service as `npm start` runs it (`npm test` builds first): start-up refuses bad knowledge and an
// unsafe production profile with a message naming file and field; a good start listens and drains on SIGTERM.

const MAIN = 'dist/main.js';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the service until it exits, or until `untilStdout` matches (then `whenMatched` acts on it). */
function runService(env: NodeJS.ProcessEnv, untilStdout?: RegExp, whenMatched?: (stdout: string, kill: () => void) => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let matched = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (untilStdout && !matched && untilStdout.test(stdout)) {
        matched = true;
        whenMatched?.(stdout, () => child.kill('SIGTERM')).catch(reject);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build (npm test does)`);
});

test('a knowledge file with a bad code system stops start-up with a message naming the file and field', async () => {
  const dir = copyKnowledgeDir({ keepCards: true });
  try {
    setJsonField(dir, 'derived/value-sets.expanded.json', ['valueSets', 0, 'codes', 0, 'system'], 'http://example.org/local-codes');
    const run = await runService({ PORT: '0', CDS_KNOWLEDGE_DIR: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/start-up failed: .*value-sets\.expanded\.json: valueSets\[0\]\(.*\)\.codes\[0\]\.system: /);
  } finally {
    removeKnowledgeDir(dir);
  }
});

// Issue 9 "a topic declared once": what a knowledge editor can get wrong stops the real service, naming file and field.
const declaredOnce = [
  { name: "a threshold's unit changed to one that does not convert (potassium-low in mg/dL)", file: 'thresholds.json', fieldPath: ['potassium-low', 'unit'], value: 'mg/dL', message: /start-up failed: .*thresholds\.json: potassium-low\.unit: "mg\/dL" does not convert to mmol\/L/ },
  { name: 'an id a rule uses removed (threshold magnesium-low)', file: 'thresholds.json', fieldPath: ['magnesium-low'], value: undefined, message: /start-up failed: .*thresholds\.json: \(root\): id\(s\) the rules use are missing .*magnesium-low/ },
  { name: 'a misspelt placeholder ({{drug}} in the quinine summary)', file: 'cards.json', fieldPath: ['quinine-for-cramps', 'summary', 'default'], value: 'Quinine ({{drug}}) is not for leg cramps', message: /start-up failed: .*cards\.json: quinine-for-cramps\.summary\.default: placeholder \{\{drug\}\} is not one the renderer fills/ },
] as const;
test.each(declaredOnce)('$name stops start-up with a message naming the file and field', async ({ file, fieldPath, value, message }) => {
  const dir = copyKnowledgeDir({ keepCards: true });
  try {
    setJsonField(dir, file, fieldPath, value);
    const run = await runService({ PORT: '0', CDS_KNOWLEDGE_DIR: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
  } finally {
    removeKnowledgeDir(dir);
  }
});

test('a threshold written ng/ml (another spelling of ng/mL) converts and the service starts', async () => {
  const dir = copyKnowledgeDir({ keepCards: true });
  try {
    setJsonField(dir, 'thresholds.json', ['ferritin-low', 'unit'], 'ng/ml');
    const run = await runService({ PORT: '0', CDS_KNOWLEDGE_DIR: dir }, /"msg":"listening"/, (_stdout, stop) => Promise.resolve(stop()));
    expect(run.stderr).not.toMatch(/start-up failed/);
    expect(run.stdout).toMatch(/"msg":"listening"/);
  } finally {
    removeKnowledgeDir(dir);
  }
});

test('a card citing an unknown citation stops start-up naming cards.json and the field', async () => {
  const dir = copyKnowledgeDir({ keepCards: true });
  try {
    setJsonField(dir, 'cards.json', ['iron-deficiency', 'citations', 0], 'no-such-citation');
    const run = await runService({ PORT: '0', CDS_KNOWLEDGE_DIR: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/start-up failed: .*cards\.json: .*iron-deficiency.*citations/);
  } finally {
    removeKnowledgeDir(dir);
  }
});

test('production without CDS_TRUST_FILE refuses to start', async () => {
  const run = await runService({ PORT: '0', NODE_ENV: 'production', CDS_PUBLIC_BASE_URL: 'https://cds.example.org' });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/start-up failed: CDS_TRUST_FILE/);
});

// Every JWT `aud` is checked against the public URL: production has no default to guess, and it must be https.
test.each([
  { name: 'without CDS_PUBLIC_BASE_URL', env: {}, message: 'CDS_PUBLIC_BASE_URL: is required in production' },
  { name: 'with an http CDS_PUBLIC_BASE_URL', env: { CDS_PUBLIC_BASE_URL: 'http://cds.example.org' }, message: 'CDS_PUBLIC_BASE_URL: must be an https:// URL in production' },
])('production $name refuses to start', async ({ env, message }) => {
  const run = await runService({ PORT: '0', NODE_ENV: 'production', ...env });
  expect([run.code, run.stderr.trim()]).toEqual([1, `start-up failed: ${message}`]);
});

test('development starts with a loud warning, serves discovery, and exits 0 on SIGTERM', async () => {
  let discovery = 0;
  const run = await runService({ PORT: '0' }, /"msg":"listening"/, async (stdout, stop) => {
    const port = /"port":(\d+)/.exec(stdout)?.[1];
    discovery = (await fetch(`http://127.0.0.1:${port ?? 0}/cds-services`)).status;
    stop();
  });
  expect(discovery).toBe(200);
  expect(run.stdout).toContain('DEVELOPMENT MODE');
  expect(run.stdout).toContain('"msg":"shutting down"');
  expect(run.code).toBe(0);
});

test('with CDS_DATABASE_URL the service keeps seen JWT ids in PostgreSQL', async () => {
  const run = await runService({ PORT: '0', CDS_DATABASE_URL: TEST_DATABASE_URL }, /"msg":"listening"/, async (_stdout, stop) => {
    stop();
  });
  expect(run.stdout).toContain('"replayStore":"postgres"');
  expect(run.stdout).not.toContain('deprecated');
  expect(run.code).toBe(0);
});

test('the deprecated CDS_REPLAY_STORE_URL still works, with a start-up warning', async () => {
  const run = await runService({ PORT: '0', CDS_REPLAY_STORE_URL: TEST_DATABASE_URL }, /"msg":"listening"/, async (_stdout, stop) => {
    stop();
  });
  expect(run.stdout).toMatch(/"level":40,.*"msg":"CDS_REPLAY_STORE_URL is deprecated: set CDS_DATABASE_URL/);
  expect(run.stdout).toContain('"replayStore":"postgres"');
  expect(run.code).toBe(0);
});

test('a CDS_REPLAY_STORE_URL that is not a postgres URL stops start-up naming the variable', async () => {
  const run = await runService({ PORT: '0', CDS_REPLAY_STORE_URL: 'redis://127.0.0.1:6379' });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/start-up failed: CDS_REPLAY_STORE_URL: must be a postgres:\/\/ URL/);
});

