import express, { type Express } from 'express';
import nock from 'nock';
import request from 'supertest';
import { createEhrAuth } from '../../../src/http/auth/ehr-auth.js';
import type { RemoteJwksOptions } from '../../../src/http/auth/issuer-keys.js';
import { createMemoryReplayStore } from '../../../src/http/auth/replay-store.js';
import type { TrustedIssuer } from '../../../src/http/auth/trust-types.js';
import { AUTH_NOW, EHR_ISSUER, generateSigningKey, jwksOf, PUBLIC_BASE, signToken, type SigningKey } from '../../support/ehr-tokens.js';
import { captureLog } from '../../support/log-capture.js';
import { allowLoopbackOnly, recordUnmatchedRequests, resetNock } from '../../support/nock-fhir-server.js';

// dimensions: JWKS fetched from an allowlisted URL · cached (no refetch) · rotation (unknown kid refetches after the
// cooldown, not before) · jku selects one of the allowlisted URLs · endpoint failure or redirect

const EHR = 'https://ehr.example.org';
const JWKS_PATH = '/.well-known/jwks.json';
let keyA: SigningKey;
let keyB: SigningKey;

beforeAll(async () => {
  keyA = await generateSigningKey('ES384', 'key-a');
  keyB = await generateSigningKey('RS384', 'key-b');
});
beforeEach(allowLoopbackOnly);
afterEach(resetNock);

function remoteApp(issuer: Partial<TrustedIssuer>, remoteJwks: RemoteJwksOptions = {}): { app: Express; reasons: () => string[] } {
  const { log, lines } = captureLog();
  const app = express();
  app.use(
    createEhrAuth({
      trust: { issuers: [{ iss: EHR_ISSUER, jwksUrls: [`${EHR}${JWKS_PATH}`], fhirServers: [], ...issuer }] },
      mode: 'production',
      publicBaseUrl: PUBLIC_BASE,
      replayStore: createMemoryReplayStore({ now: () => AUTH_NOW }),
      now: () => AUTH_NOW,
      log,
      remoteJwks,
    }),
  );
  app.get('/cds-services', (_req, res) => {
    res.json({ ok: true });
  });
  const reasons = (): string[] =>
    lines()
      .map((l) => JSON.parse(l) as { reason?: string })
      .flatMap((l) => (l.reason ? [l.reason] : []));
  return { app, reasons };
}

// supertest's own loopback calls reach nock's recorder too; only requests leaving the machine matter here.
const offMachine = (urls: string[]): string[] => urls.filter((u) => !/\/\/(127\.0\.0\.1|localhost)[:/]/.test(u));

const call = async (app: Express, key: SigningKey, header: Record<string, unknown> = {}): Promise<number> =>
  (await request(app).get('/cds-services').set('Authorization', `Bearer ${await signToken(key, { header })}`)).status;

test('the JWKS of an allowlisted URL is fetched once and reused for the next token', async () => {
  const unmatched = recordUnmatchedRequests();
  const scope = nock(EHR).get(JWKS_PATH).once().reply(200, jwksOf(keyA));
  const { app } = remoteApp({});
  expect(await call(app, keyA)).toBe(200);
  expect(await call(app, keyA)).toBe(200);
  expect(scope.isDone()).toBe(true);
  expect(offMachine(unmatched)).toEqual([]);
});

test('an unknown kid after the cooldown refetches the JWKS, so a rotated key is accepted', async () => {
  const scope = nock(EHR).get(JWKS_PATH).reply(200, jwksOf(keyA)).get(JWKS_PATH).reply(200, jwksOf(keyA, keyB));
  const { app } = remoteApp({}, { cooldownMs: 0 });
  expect(await call(app, keyA)).toBe(200);
  expect(await call(app, keyB)).toBe(200);
  expect(scope.isDone()).toBe(true);
});

test('an unknown kid within the cooldown does not refetch and is refused', async () => {
  const unmatched = recordUnmatchedRequests();
  const scope = nock(EHR).get(JWKS_PATH).once().reply(200, jwksOf(keyA));
  const { app, reasons } = remoteApp({});
  expect(await call(app, keyA)).toBe(200);
  expect(await call(app, keyB)).toBe(401);
  expect(reasons()).toEqual(['key-not-found']);
  expect(scope.isDone()).toBe(true);
  expect(offMachine(unmatched)).toEqual([]);
});

test('a jku naming one of the allowlisted URLs is fetched from that URL only', async () => {
  const unmatched = recordUnmatchedRequests();
  const second = `${EHR}/keys/second.json`;
  const scope = nock(EHR).get('/keys/second.json').reply(200, jwksOf(keyB));
  const { app } = remoteApp({ jwksUrls: [`${EHR}${JWKS_PATH}`, second] });
  expect(await call(app, keyB, { jku: second })).toBe(200);
  expect(scope.isDone()).toBe(true);
  expect(offMachine(unmatched)).toEqual([]);
});

test('a pinned jwks answers first, so a listed jku is not fetched when the kid is pinned', async () => {
  const unmatched = recordUnmatchedRequests();
  const { app } = remoteApp({ jwks: jwksOf(keyA) });
  expect(await call(app, keyA, { jku: `${EHR}${JWKS_PATH}` })).toBe(200);
  expect(offMachine(unmatched)).toEqual([]);
});

test.each([
  ['answers 500', (s: nock.Interceptor) => s.reply(500, 'down')],
  ['redirects elsewhere', (s: nock.Interceptor) => s.reply(302, '', { Location: 'https://evil.example.com/jwks.json' })],
  ['answers something that is not a JWKS', (s: nock.Interceptor) => s.reply(200, { keys: 'none' })],
])('a JWKS endpoint that %s refuses the token as jwks-unavailable', async (_name, reply) => {
  const unmatched = recordUnmatchedRequests();
  const scope = reply(nock(EHR).get(JWKS_PATH));
  const { app, reasons } = remoteApp({});
  expect(await call(app, keyA)).toBe(401);
  expect(reasons()).toEqual(['jwks-unavailable']);
  expect(scope.isDone()).toBe(true);
  expect(offMachine(unmatched)).toEqual([]);
});
