import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config.js';
import type { Express } from 'express';
import { answerExpectContinue, httpServerOptions } from '../../../src/http/http-server.js';
import { createDrainableServer } from '../../../src/lifecycle/graceful-drain.js';
import { createSecurity } from '../../../src/http/security.js';
import { AUTH_NOW, EHR_ISSUER, generateSigningKey, jwksOf, PUBLIC_BASE, signToken, type SigningKey } from '../../support/ehr-tokens.js';
import { hookRequest, prefetchOf, SERVICE } from '../../support/hook-requests.js';
import { captureLog } from '../../support/log-capture.js';
import { EHR_BASE } from '../../support/nock-fhir-server.js';
import { testApp } from '../../support/test-app.js';

// Limits that act before a request reaches a route, over raw loopback sockets: a body declared over the limit is
// answered 413 at once, before a byte of it is sent (and without "100 Continue"); a client that sends its headers
// or body slowly is cut after CDS_REQUEST_TIMEOUT_MS, with or without a valid token.
// dimensions: what is slow or big (declared length, Expect: 100-continue, headers, body) · caller (development
// without a token; production without a token; production with a valid token)

const REQUEST_TIMEOUT_MS = 1000;
/** The cut comes within the timeout plus Node's checking interval (a quarter of it) plus scheduling slack. */
const CUT_WITHIN_MS = REQUEST_TIMEOUT_MS * 2.5;
const LIMITS = { CDS_DEADLINE_MS: '500', CDS_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), CDS_BODY_LIMIT_BYTES: '65536' };
const PATH = `/cds-services/${SERVICE['patient-view']}`;

interface Exchange {
  /** Everything the server sent. */
  readonly received: string;
  /** When the server closed the connection, in ms after the first byte was sent (Infinity: it did not). */
  readonly closedAtMs: number;
  /** How many dribbled bytes were written before the server closed. */
  readonly dribbled: number;
}

/**
 * Opens a socket, writes `head` at once, then one byte of `dribble` every `everyMs`, and waits until the server
 * closes the connection or `giveUpMs` passes.
 */
function exchange(port: number, head: string, dribble = '', everyMs = 100, giveUpMs = 6000): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const started = performance.now();
    let received = '';
    let dribbled = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (closedAtMs: number): void => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ received, closedAtMs, dribbled });
    };
    const giveUp = setTimeout(() => finish(Infinity), giveUpMs);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => finish(performance.now() - started));
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (dribbled >= dribble.length || socket.destroyed) return;
        socket.write(dribble[dribbled] ?? '');
        dribbled += 1;
      }, everyMs);
    });
  });
}

const statusOf = (received: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
const bodyOf = (received: string): string => received.slice(received.indexOf('\r\n\r\n') + 4);

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

interface Caller {
  readonly name: string;
  readonly port: () => number;
  readonly headers: () => Promise<string>;
}

/** The server as `main.ts` builds it: the drainable server with the request limits. */
function serverFor(app: Express, config: { requestTimeoutMs: number; bodyLimitBytes: number }): Server {
  const { server } = createDrainableServer(app, { log: captureLog().log, serverOptions: httpServerOptions(config) });
  answerExpectContinue(server, config.bodyLimitBytes);
  return server;
}

const servers: Server[] = [];
let developmentPort = 0;
let productionPort = 0;
let ehrKey: SigningKey;

beforeAll(async () => {
  const development = testApp({ env: LIMITS });
  servers.push(serverFor(development.app, development.config));
  developmentPort = await listen(servers[0] as Server);

  ehrKey = await generateSigningKey('ES384', 'slow-key');
  const trustFile = join(mkdtempSync(join(tmpdir(), 'slow-trust-')), 'trust.json');
  writeFileSync(trustFile, JSON.stringify({ issuers: [{ iss: EHR_ISSUER, jwks: jwksOf(ehrKey), fhirServers: [EHR_BASE] }] }));
  const env = { ...LIMITS, NODE_ENV: 'production', CDS_TRUST_FILE: trustFile, CDS_PUBLIC_BASE_URL: PUBLIC_BASE };
  const security = await createSecurity(loadConfig(env), captureLog().log, { now: () => AUTH_NOW });
  const production = testApp({ env, policy: security.fhirServerPolicy, guards: security.guards, preGuards: security.preGuards });
  servers.push(serverFor(production.app, production.config));
  productionPort = await listen(servers[1] as Server);
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

const bearer = async (): Promise<string> => `Authorization: Bearer ${await signToken(ehrKey, { claims: { aud: `${PUBLIC_BASE}${PATH}` } })}\r\n`;
const CALLERS: readonly Caller[] = [
  { name: 'development without a token', port: () => developmentPort, headers: () => Promise.resolve('') },
  { name: 'production without a token', port: () => productionPort, headers: () => Promise.resolve('') },
  { name: 'production with a valid token', port: () => productionPort, headers: bearer },
];

const head = (extra: string, length: number): string =>
  `POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${extra}\r\n`;

describe.each(CALLERS)('$name', ({ port, headers }) => {
  test('a Content-Length over the limit is answered 413 OperationOutcome at once, though no body is sent', async () => {
    const result = await exchange(port(), head(await headers(), 1_000_000_000));
    expect(statusOf(result.received)).toBe(413);
    expect(JSON.parse(bodyOf(result.received))).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'too-long' }] });
    // Closed, and long before the request timeout would have cut a waiting connection.
    expect(result.closedAtMs).toBeLessThan(REQUEST_TIMEOUT_MS);
  });

  test('with Expect: 100-continue, an over-limit body gets 413 and never "100 Continue"', async () => {
    const result = await exchange(port(), head(`${await headers()}Expect: 100-continue\r\n`, 1_000_000_000));
    expect(result.received).not.toContain('100 Continue');
    expect(statusOf(result.received)).toBe(413);
  });

  test('a body sent one byte every 100 ms is cut after the request timeout', async () => {
    const body = JSON.stringify(hookRequest('patient-view', { prefetch: {} }));
    const result = await exchange(port(), head(await headers(), body.length), body);
    expect(result.closedAtMs).toBeLessThan(CUT_WITHIN_MS);
    expect(result.dribbled).toBeLessThan(body.length);
  });

  test('headers sent one byte every 100 ms are cut after the request timeout', async () => {
    const rest = `X-Slow: ${'x'.repeat(200)}\r\n\r\n`;
    const result = await exchange(port(), `POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n${await headers()}`, rest);
    expect(result.closedAtMs).toBeLessThan(CUT_WITHIN_MS);
    expect(result.dribbled).toBeLessThan(rest.length);
  });
});

test('a prompt call on the same server is answered 200', async () => {
  const body = JSON.stringify(hookRequest('patient-view', { patientId: 'pat-1', prefetch: prefetchOf([{ resourceType: 'Patient', id: 'pat-1' }], 'pat-1') }));
  const result = await exchange(developmentPort, head('Connection: close\r\n', Buffer.byteLength(body)) + body);
  expect([statusOf(result.received), JSON.parse(bodyOf(result.received))]).toEqual([200, { cards: [] }]);
});
