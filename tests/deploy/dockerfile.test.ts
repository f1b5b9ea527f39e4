import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { Copy, DockerfileParser, type Instruction } from 'dockerfile-ast';
import { parseAllDocuments } from 'yaml';
import { testApp } from '../support/test-app.js';

// The Dockerfile, parsed with dockerfile-ast (Docker cannot run on these machines): two stages on node:20-slim, a
// full install and build in the first, production dependencies only and a non-root user in the last, and a
// HEALTHCHECK that needs no curl. Its health command is run for real against the service.

const execFileAsync = promisify(execFile);
const dockerfile = DockerfileParser.parse(readFileSync('Dockerfile', 'utf8'));
const instructions = dockerfile.getInstructions();
const froms = dockerfile.getFROMs();
const finalStart = froms.at(-1)?.getRange().start.line ?? Infinity;
const buildStage = instructions.filter((i) => i.getRange().start.line < finalStart);
const finalStage = instructions.filter((i) => i.getRange().start.line >= finalStart);
const args = (i: Instruction): string[] => i.getArguments().map((a) => a.getValue());
const runs = (stage: readonly Instruction[]): string[] => stage.filter((i) => i.getKeyword() === 'RUN').map((i) => args(i).join(' '));
const only = (stage: readonly Instruction[], keyword: string): Instruction => {
  const found = stage.filter((i) => i.getKeyword() === keyword);
  expect({ keyword, count: found.length }).toEqual({ keyword, count: 1 });
  return found[0] as Instruction;
};
const copies = (stage: readonly Instruction[]): Copy[] => stage.filter((i): i is Copy => i instanceof Copy);
/** The JSON (exec) form after a keyword, as Docker reads it. */
const execForm = (text: string): string[] => JSON.parse(text) as string[];

test('two stages, both on Node 20 slim, the first named and used by the second', () => {
  expect(froms.map((f) => `${f.getImageName()}:${f.getImageTag()} ${f.getBuildStage()}`)).toEqual(['node:20-slim build', 'node:20-slim runtime']);
  expect(copies(instructions).flatMap((c) => c.getFromFlag()?.getValue() ?? [])).toEqual(['build']);
  expect(copies(finalStage).filter((c) => c.getFromFlag() !== null).map((c) => args(c))).toEqual([['/app/dist', './dist']]);
});

test('the build stage installs everything with npm ci and builds; the final stage installs production dependencies only', () => {
  expect(runs(buildStage)).toEqual(['npm ci --no-audit --no-fund', 'npm run build']);
  expect(runs(finalStage)).toEqual(['npm ci --omit=dev --no-audit --no-fund && npm cache clean --force']);
  expect(existsSync('package-lock.json')).toBe(true);
});

test('the final stage runs with NODE_ENV=production as a numeric non-root user, the one the Deployment expects', () => {
  expect(args(only(finalStage, 'ENV'))).toContain('NODE_ENV=production');
  const user = args(only(finalStage, 'USER'))[0] ?? '';
  expect(user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
  const deployment = parseAllDocuments(readFileSync('deploy/kubernetes/deployment.yaml', 'utf8'))[0]?.toJS() as {
    spec: { template: { spec: { securityContext: { runAsUser: number; runAsGroup: number } } } };
  };
  const { runAsUser, runAsGroup } = deployment.spec.template.spec.securityContext;
  expect(user).toBe(`${runAsUser}:${runAsGroup}`);
});

test('every COPY source from the build context exists in the repository and is not excluded by .dockerignore', () => {
  const ignored = readFileSync('.dockerignore', 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const fromContext = copies(instructions).filter((c) => c.getFromFlag() === null);
  const sources = fromContext.flatMap((c) => args(c).slice(0, -1));
  expect([...new Set(sources)].sort()).toEqual(['cds-services', 'package-lock.json', 'package.json', 'src', 'src/admin', 'src/storage/migrations', 'tsconfig.build.json', 'tsconfig.json']);
  for (const source of sources) {
    expect({ source, exists: existsSync(source), ignored: ignored.includes(source) }).toEqual({ source, exists: true, ignored: false });
  }
  for (const kept of ['node_modules', 'dist', '.git', 'tests', '.env']) expect(ignored).toContain(kept);
});

test('the final stage holds the files the service reads at run time beside dist/ (migrations, the admin chart script)', () => {
  // src/storage/migrations.ts and src/http/admin-routes.ts resolve these from dist/ to ../../src/…; without them the
  // governance store cannot migrate and the admin page has no chart.
  const finalSources = copies(finalStage).filter((c) => c.getFromFlag() === null).map((c) => args(c));
  expect(finalSources).toEqual(expect.arrayContaining([['src/storage/migrations', './src/storage/migrations'], ['src/admin', './src/admin']]));
  expect(readdirSync('src/storage/migrations').filter((f) => f.endsWith('.sql')).length).toBeGreaterThan(0);
  expect(existsSync('src/admin/governance-chart.js')).toBe(true);
});

test('the service starts as node --max-semi-space-size=8 dist/main.js, which the build compiles from src/main.ts', () => {
  expect(execForm(only(finalStage, 'CMD').getArgumentsContent() ?? '')).toEqual(['node', '--max-semi-space-size=8', 'dist/main.js']);
  expect(existsSync('src/main.ts')).toBe(true);
  const build = JSON.parse(readFileSync('tsconfig.build.json', 'utf8')) as { compilerOptions: { rootDir: string; outDir: string } };
  expect(build.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
  expect(args(only(finalStage, 'EXPOSE'))).toEqual(['3000']);
});

// The final stage has production dependencies only: everything the compiled service imports must be one of them.
test('every package the compiled service (dist/, built by npm test) imports is a production dependency', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
  const files = (readdirSync('dist', { recursive: true }) as string[]).filter((f) => f.endsWith('.js')).map((f) => path.join('dist', f));
  expect(files).toContain(path.join('dist', 'main.js'));
  const packages = new Set<string>();
  for (const file of files) {
    for (const [, specifier = ''] of readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g)) {
      if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      const parts = specifier.split('/');
      packages.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier));
    }
  }
  expect([...packages].filter((name) => !(name in pkg.dependencies))).toEqual([]);
  expect(packages).toContain('pg');
});

describe('HEALTHCHECK', () => {
  const healthcheck = only(finalStage, 'HEALTHCHECK');
  const command = execForm((healthcheck.getArgumentsContent() ?? '').replace(/^CMD\s+/, ''));
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = testApp().app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  test('is a node command on /healthz (the slim image has no curl)', () => {
    expect(command.slice(0, 2)).toEqual(['node', '-e']);
    expect(command[2]).toContain('/healthz');
    expect(command.join(' ')).not.toMatch(/curl|wget/);
  });

  test('exits 0 against a running service and 1 when nothing answers', async () => {
    const [node, ...rest] = command;
    const run = (p: number) =>
      execFileAsync(process.execPath, rest, { env: { PORT: String(p) }, timeout: 10_000 }).then(() => 0, (err: { code: number }) => err.code);
    expect(node).toBe('node');
    expect(await run(port)).toBe(0);
    const closed = port;
    await new Promise((resolve) => server.close(resolve));
    expect(await run(closed)).toBe(1);
    server = testApp().app.listen(0, '127.0.0.1');
  });
});
