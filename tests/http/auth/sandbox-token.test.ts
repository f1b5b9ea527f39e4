import { readFileSync } from 'node:fs';
import express, { type Express } from 'express';
import request from 'supertest';
import { loadConfig } from '../../../src/config.js';
import { DEFAULT_SANDBOX_JWKS_PATH, SANDBOX_ISSUER, SANDBOX_JWKS_URL } from '../../../src/http/auth/development-trust.js';
import { createEhrAuth, getEhrCaller } from '../../../src/http/auth/ehr-auth.js';
import { createMemoryReplayStore } from '../../../src/http/auth/replay-store.js';
import type { TrustConfig } from '../../../src/http/auth/trust-types.js';
import type { Mode } from '../../../src/config.js';
import { loadTrustForMode } from '../../../src/http/auth/startup-trust.js';
import { AUTH_NOW, DISCOVERY_URL, PUBLIC_BASE, sandboxSigningKey, signToken, type SigningKey } from '../../support/ehr-tokens.js';
import { captureLog } from '../../support/log-capture.js';
import { allowLoopbackOnly, recordUnmatchedRequests, resetNock } from '../../support/nock-fhir-server.js';

// A token as the CDS Hooks Sandbox mints it (checklist §9: ES384, its kid, its jku, iss https://sandbox.cds-hooks.org,
// aud = the URL called, exp = now + 300 s), verified against the vendored sandbox JWKS, cds-services/trust/cds-hooks-sandbox-jwks.json.

let sandbox: SigningKey;
beforeAll(async () => {
  sandbox = await sandboxSigningKey();
});
beforeEach(allowLoopbackOnly);
afterEach(resetNock);

const sandboxToken = (aud: string): Promise<string> =>
  signToken(sandbox, { claims: { iss: SANDBOX_ISSUER, aud }, header: { jku: SANDBOX_JWKS_URL } });

function appWith(trust: TrustConfig, mode: Mode): { app: Express; reasons: () => string[] } {
  const { log, lines } = captureLog();
  const app = express();
  app.use(createEhrAuth({ trust, mode, publicBaseUrl: PUBLIC_BASE, replayStore: createMemoryReplayStore({ now: () => AUTH_NOW }), now: () => AUTH_NOW, log }));
  app.all('/cds-services{/*rest}', (_req, res) => {
    res.json({ issuer: getEhrCaller(res).issuer ?? null });
  });
  const reasons = (): string[] => lines().flatMap((l) => {
    const reason = (JSON.parse(l) as { reason?: string }).reason;
    return reason ? [reason] : [];
  });
  return { app, reasons };
}

test('the test key is the sandbox key: its public half equals the vendored sandbox JWKS', () => {
  const published = JSON.parse(readFileSync(DEFAULT_SANDBOX_JWKS_PATH, 'utf8')) as { keys: unknown[] };
  expect(published.keys).toEqual([sandbox.publicJwk]);
});

test('development accepts sandbox tokens on discovery, service and feedback without fetching its jku', async () => {
  const unmatched = recordUnmatchedRequests();
  const { app } = appWith(loadTrustForMode(loadConfig({}), captureLog().log), 'development');
  for (const path of ['/cds-services', '/cds-services/leg-cramps-patient-view', '/cds-services/leg-cramps-patient-view/feedback']) {
    const res = await request(app).post(path).set('Authorization', `Bearer ${await sandboxToken(`${PUBLIC_BASE}${path}`)}`).send({});
    expect([path, res.status, res.body]).toEqual([path, 200, { issuer: SANDBOX_ISSUER }]);
  }
  expect(unmatched.filter((u) => u.includes('sandbox.cds-hooks.org'))).toEqual([]);
});

test('production refuses the same sandbox token as an untrusted issuer', async () => {
  const production: TrustConfig = {
    issuers: [{ iss: 'https://ehr.example.org', jwksUrls: ['https://ehr.example.org/jwks.json'], fhirServers: ['https://ehr.example.org/fhir'] }],
  };
  const { app, reasons } = appWith(production, 'production');
  const res = await request(app).get('/cds-services').set('Authorization', `Bearer ${await sandboxToken(DISCOVERY_URL)}`);
  expect([res.status, res.text]).toEqual([401, '']);
  expect(reasons()).toEqual(['iss-untrusted']);
});
