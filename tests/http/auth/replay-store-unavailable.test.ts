import express from 'express';
import request from 'supertest';
import { createEhrAuth } from '../../../src/http/auth/ehr-auth.js';
import type { ReplayStore } from '../../../src/http/auth/replay-store.js';
import { createErrorHandler } from '../../../src/http/error-handler.js';
import { DatabaseUnavailableError } from '../../../src/storage/database-errors.js';
import { AUTH_NOW, DISCOVERY_URL, EHR_ISSUER, generateSigningKey, jwksOf, signToken, PUBLIC_BASE, type SigningKey } from '../../support/ehr-tokens.js';
import { expectOutcome } from '../../support/expect-response.js';
import { captureLog } from '../../support/log-capture.js';

// What the JWT check answers when the replay store cannot: the token may be good, so a validly signed one gets 503
// with an OperationOutcome (retry, or another replica); a bad token is still a bare 401, and any other store error
// refuses the token (401). dimensions: store unreachable / broken · token valid / untrusted

let key: SigningKey;
beforeAll(async () => {
  key = await generateSigningKey('ES384', 'unavailable-key');
});

function app(store: ReplayStore): { app: express.Express; reasons: () => unknown[] } {
  const { log, lines } = captureLog();
  const auth = createEhrAuth({
    trust: { issuers: [{ iss: EHR_ISSUER, jwks: jwksOf(key), fhirServers: [] }] },
    mode: 'production',
    publicBaseUrl: PUBLIC_BASE,
    replayStore: store,
    now: () => AUTH_NOW,
    log,
  });
  const server = express();
  server.get('/cds-services', auth, (_req, res) => {
    res.json({ services: [] });
  });
  server.use(createErrorHandler(log));
  const reasons = (): unknown[] => lines().map((l) => JSON.parse(l) as { event?: string; reason?: unknown }).filter((l) => l.event === 'ehr-auth-failed').map((l) => l.reason);
  return { app: server, reasons };
}

const unreachable: ReplayStore = { checkAndRemember: () => Promise.reject(new DatabaseUnavailableError(new Error('connect ECONNREFUSED'))) };
const broken: ReplayStore = { checkAndRemember: () => Promise.reject(new Error('relation "cds_jwt_replay" does not exist')) };

test('a valid token while the replay store is unreachable → 503 OperationOutcome, reason replay-store-unavailable', async () => {
  const { app: server, reasons } = app(unreachable);
  const res = await request(server).get('/cds-services').set('Authorization', `Bearer ${await signToken(key, { claims: { aud: DISCOVERY_URL } })}`);
  const outcome = expectOutcome(res, 503);
  expect(outcome.issue).toEqual([{ severity: 'error', code: 'transient', diagnostics: 'The JWT replay store cannot be reached; the token was not accepted' }]);
  expect(reasons()).toEqual(['replay-store-unavailable']);
});

test('an untrusted token while the replay store is unreachable → a bare 401 (the store is never reached)', async () => {
  const { app: server, reasons } = app(unreachable);
  const token = await signToken(key, { claims: { aud: DISCOVERY_URL, iss: 'https://intruder.example.org' } });
  const res = await request(server).get('/cds-services').set('Authorization', `Bearer ${token}`);
  expect([res.status, res.text]).toEqual([401, '']);
  expect(reasons()).toEqual(['iss-untrusted']);
});

test('a replay store failing for another reason → 401, reason replay-store-error', async () => {
  const { app: server, reasons } = app(broken);
  const res = await request(server).get('/cds-services').set('Authorization', `Bearer ${await signToken(key, { claims: { aud: DISCOVERY_URL } })}`);
  expect([res.status, res.text]).toEqual([401, '']);
  expect(reasons()).toEqual(['replay-store-error']);
});
