import { Client } from 'undici';
import { isValidCdsResponse } from '../../src/cards/validate-response.js';
import { EHR_ISSUER, generateSigningKey, type SigningKey } from '../support/ehr-tokens.js';
import { SERVICE } from '../support/hook-requests.js';
import { liveToken } from '../support/live-tokens.js';
import { hookCallBody, productionEnv, writeTrustFile } from '../support/signed-calls.js';
import { logLines, startService, type ServiceProcess } from '../support/service-process.js';

// SIGTERM to a real process under keep-alive load: during the drain window /readyz answers 503 on a kept-alive
// connection while hook calls are still served; then the listener closes, every call sent before that is answered
// (no reset socket), kept-alive connections are told `Connection: close`, and the process exits 0 soon after the
// window. Load is bounded in count and time; timings are correctness bounds, not benchmarks. The hook calls are
// paced, so that however fast the service answers every client is still sending when the listener closes (an
// unpaced client could finish its bound first, and then no response would carry `Connection: close`).

const DRAIN_MS = 1500;
const CLIENTS = 4;
const CALL_PAUSE_MS = 10;
/** Reached only after ≥ 10 s of paced calls, well beyond the test's own time bound of DRAIN_MS + 4 s. */
const MAX_CALLS_PER_CLIENT = 1000;
const PATH = `/cds-services/${SERVICE['patient-view']}`;

let key: SigningKey;
let service: ServiceProcess;

beforeAll(async () => {
  key = await generateSigningKey('ES384', 'drain');
  service = await startService({ env: { ...productionEnv(writeTrustFile(key)), CDS_DRAIN_MS: String(DRAIN_MS) } });
});
afterAll(async () => {
  await service.stop('SIGKILL');
});

interface Sent {
  readonly path: string;
  /** Epoch ms on this machine's clock, comparable with the service's pino `time`. */
  readonly sentAt: number;
  readonly reused: boolean;
  readonly status?: number;
  readonly connection?: string;
  readonly body?: string;
  readonly error?: string;
}

/** One keep-alive connection (an undici `Client`), counting the connections it opened to tell reuse. */
interface KeptAlive {
  readonly client: Client;
  readonly connects: () => number;
}

function keptAlive(): KeptAlive {
  const client = new Client(service.url, { pipelining: 1 });
  let connects = 0;
  client.on('connect', () => (connects += 1));
  return { client, connects: () => connects };
}

async function send(conn: KeptAlive, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string): Promise<Sent> {
  const sentAt = Date.now();
  const before = conn.connects();
  try {
    const res = await conn.client.request({ method, path, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.body.text();
    const connection = res.headers.connection;
    return { path, sentAt, reused: before > 0 && conn.connects() === before, status: res.statusCode, connection: typeof connection === 'string' ? connection : '', body: text };
  } catch (err: unknown) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : String(err);
    return { path, sentAt, reused: before > 0 && conn.connects() === before, error: code };
  }
}

async function hookCall(conn: KeptAlive): Promise<Sent> {
  const token = await liveToken(key, EHR_ISSUER, PATH);
  return send(conn, 'POST', PATH, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, hookCallBody());
}

/** Sends `next` in a loop on one keep-alive connection until `stop`, the first failure, or the bound. */
async function loop(next: (conn: KeptAlive) => Promise<Sent>, stop: () => boolean, pauseMs = 0): Promise<Sent[]> {
  const conn = keptAlive();
  const sent: Sent[] = [];
  try {
    while (!stop() && sent.length < MAX_CALLS_PER_CLIENT) {
      const result = await next(conn);
      sent.push(result);
      if (result.error) break;
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  } finally {
    await conn.client.destroy();
  }
  return sent;
}

test('SIGTERM under keep-alive load: /readyz 503 while calls are served, every call sent before the close answered, exit 0', async () => {
  let done = false;
  const stop = (): boolean => done || !service.alive();
  const clients = Array.from({ length: CLIENTS }, () => loop(hookCall, stop, CALL_PAUSE_MS));
  const probe = loop((conn) => send(conn, 'GET', '/readyz', {}), stop, 50);

  await new Promise((resolve) => setTimeout(resolve, 500));
  const signalledAt = Date.now();
  service.child.kill('SIGTERM');
  const bound = setTimeout(() => (done = true), DRAIN_MS + 4_000);
  const { code } = await service.exited;
  const exitedAt = Date.now();
  clearTimeout(bound);
  done = true;
  const calls = (await Promise.all(clients)).flat();
  const probes = await probe;

  expect(code).toBe(0);
  expect(exitedAt - signalledAt).toBeLessThan(DRAIN_MS + 3_000);

  const closedAt = logLines(service).find((l) => l.event === 'listener-closed')?.time;
  if (typeof closedAt !== 'number') throw new Error('no listener-closed line in the log');
  expect(closedAt - signalledAt).toBeGreaterThanOrEqual(DRAIN_MS - 100);

  // Every hook call sent before the listener closed was answered 200 with a valid CDS Hooks response.
  const beforeClose = calls.filter((c) => c.sentAt < closedAt);
  expect(beforeClose.filter((c) => c.error !== undefined || c.status !== 200)).toEqual([]);
  for (const call of beforeClose) expect(isValidCdsResponse(JSON.parse(call.body ?? ''))).toBe(true);
  // Calls were still served during the drain window, on kept-alive connections (100 ms: the signal's way in).
  expect(beforeClose.filter((c) => c.sentAt > signalledAt + 100 && c.reused).length).toBeGreaterThan(0);
  // Kept-alive connections were told to close with their last response.
  expect(calls.filter((c) => c.connection === 'close').length).toBeGreaterThanOrEqual(1);

  // /readyz: 200 before the signal, 503 during the drain window, both on the same kept-alive connection.
  const readyBefore = probes.filter((p) => p.sentAt < signalledAt).map((p) => p.status);
  const duringDrain = probes.filter((p) => p.sentAt > signalledAt + 100 && p.sentAt < closedAt);
  expect(readyBefore).toContain(200);
  expect(duringDrain.length).toBeGreaterThan(0);
  expect(duringDrain.map((p) => [p.status, p.reused])).toEqual(duringDrain.map(() => [503, true]));
}, 30_000);
