import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import request from 'supertest';
import { loadConfig } from '../../../src/config.js';
import { SANDBOX_ISSUER, SANDBOX_JWKS_URL } from '../../../src/http/auth/development-trust.js';
import { createSecurity } from '../../../src/http/security.js';
import { expectCdsResponse } from '../../support/expect-response.js';
import { AUTH_NOW, EHR_ISSUER, generateSigningKey, jwksOf, PUBLIC_BASE, sandboxSigningKey, signToken, type SigningKey } from '../../support/ehr-tokens.js';
import { hookRequest, searchset, SERVICE } from '../../support/hook-requests.js';
import { captureLog } from '../../support/log-capture.js';
import { allowLoopbackOnly, EHR_BASE, EHR_ORIGIN, recordUnmatchedRequests, resetNock } from '../../support/nock-fhir-server.js';
import { testApp } from '../../support/test-app.js';

// The real app (createApp) with the real security wiring (createSecurity): preGuards = security headers + CORS,
// guards = EHR auth on /cds-services, fhirServerPolicy bound to the verified issuer.
// dimensions: mode · token (none, valid, invalid, sandbox) · route (discovery, service, health, preflight)

const SERVICE_URL = `${PUBLIC_BASE}/cds-services/${SERVICE['patient-view']}`;
let ehrKey: SigningKey;
let trustFile: string;

beforeAll(async () => {
  ehrKey = await generateSigningKey('ES384', 'ehr-key');
  trustFile = join(mkdtempSync(join(tmpdir(), 'app-trust-')), 'trust.json');
  writeFileSync(trustFile, JSON.stringify({ issuers: [{ iss: EHR_ISSUER, jwks: jwksOf(ehrKey), fhirServers: [EHR_BASE] }] }));
});
beforeEach(allowLoopbackOnly);
afterEach(resetNock);

async function securedApp(env: NodeJS.ProcessEnv): Promise<ReturnType<typeof testApp>> {
  const fullEnv = { CDS_PUBLIC_BASE_URL: PUBLIC_BASE, ...env };
  const security = await createSecurity(loadConfig(fullEnv), captureLog().log, { now: () => AUTH_NOW });
  return testApp({ env: fullEnv, policy: security.fhirServerPolicy, guards: security.guards, preGuards: security.preGuards });
}
const production = (): Promise<ReturnType<typeof testApp>> =>
  securedApp({ NODE_ENV: 'production', CDS_TRUST_FILE: trustFile, CDS_ALLOWED_ORIGINS: 'https://sandbox.cds-hooks.org' });
const development = (): Promise<ReturnType<typeof testApp>> => securedApp({});

const authFailures = (lines: string[]): unknown[] =>
  lines.map((l) => (JSON.parse(l) as { authFailure?: string }).authFailure).filter((r) => r !== undefined);

/** A FHIR server that answers every read and search of the patient-view prefetch. */
function ehrFhirServer(): nock.Scope {
  return nock(EHR_ORIGIN)
    .persist()
    .get(/^\/fhir\//)
    .query(true)
    .reply((uri) => [200, uri.startsWith('/fhir/Patient/') ? { resourceType: 'Patient', id: 'p1' } : searchset([])]);
}

describe('production', () => {
  test('refuses to start without CDS_TRUST_FILE', async () => {
    await expect(createSecurity(loadConfig({ NODE_ENV: 'production', CDS_PUBLIC_BASE_URL: 'https://cds.example.org' }), captureLog().log)).rejects.toThrow(
      'CDS_TRUST_FILE: is required when NODE_ENV=production',
    );
  });

  test('discovery without a token is 401 with an empty body and the reason in the request log', async () => {
    const { app, logLines } = await production();
    const res = await request(app).get('/cds-services');
    expect([res.status, res.text]).toEqual([401, '']);
    expect(authFailures(logLines())).toEqual(['missing-token']);
  });

  test('discovery with a valid token is 200 and carries the security headers', async () => {
    const { app } = await production();
    const res = await request(app).get('/cds-services').set('Authorization', `Bearer ${await signToken(ehrKey)}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  test('a token whose aud is the discovery URL is refused on a service URL', async () => {
    const { app } = await production();
    const body = hookRequest('patient-view', { patientId: 'p1' });
    const res = await request(app).post(`/cds-services/${SERVICE['patient-view']}`).set('Authorization', `Bearer ${await signToken(ehrKey)}`).send(body);
    expect([res.status, res.text]).toEqual([401, '']);
  });

  test('a CORS preflight is answered 204 without a token', async () => {
    const { app } = await production();
    const res = await request(app)
      .options(`/cds-services/${SERVICE['patient-view']}`)
      .set('Origin', 'https://sandbox.cds-hooks.org')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://sandbox.cds-hooks.org');
    expect(res.headers['access-control-allow-headers']).toBe('Authorization,Content-Type,Accept');
  });

  test('health endpoints answer without a token', async () => {
    const { app } = await production();
    await request(app).get('/healthz').expect(200);
    await request(app).get('/readyz').expect(200);
  });

  test("a verified caller's FHIR server from the trust file is contacted", async () => {
    const scope = ehrFhirServer();
    const { app } = await production();
    const token = await signToken(ehrKey, { claims: { aud: SERVICE_URL } });
    const body = hookRequest('patient-view', { patientId: 'p1', fhirServer: EHR_BASE });
    const res = await request(app).post(`/cds-services/${SERVICE['patient-view']}`).set('Authorization', `Bearer ${token}`).send(body);
    expect(expectCdsResponse(res).cards).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  test.each([
    ['cloud metadata', 'http://169.254.169.254/latest'],
    ['loopback', 'http://127.0.0.1:1/fhir'],
    ['an https server not in the trust file', 'https://other.example.net/fhir'],
  ])('a verified caller naming %s as fhirServer → 412, and it is never contacted', async (_name, fhirServer) => {
    const trap = nock(new URL(fhirServer).origin).get(/.*/).query(true).reply(200, searchset([]));
    const { app } = await production();
    const token = await signToken(ehrKey, { claims: { aud: SERVICE_URL } });
    const body = hookRequest('patient-view', { patientId: 'p1', fhirServer });
    const res = await request(app).post(`/cds-services/${SERVICE['patient-view']}`).set('Authorization', `Bearer ${token}`).send(body);
    expect(res.status).toBe(412);
    expect(trap.isDone()).toBe(false);
  });

  test('a next link from the trusted FHIR server to another host is never followed → 412', async () => {
    const trap = nock('https://evil.example.net').get(/.*/).query(true).reply(200, searchset([]));
    const offsite = { ...searchset([]), link: [{ relation: 'next', url: 'https://evil.example.net/fhir/Condition?patient=p1&page=2' }] };
    nock(EHR_ORIGIN)
      .persist()
      .get(/^\/fhir\//)
      .query(true)
      .reply((uri) => [200, uri.startsWith('/fhir/Patient/') ? { resourceType: 'Patient', id: 'p1' } : uri.startsWith('/fhir/Condition') ? offsite : searchset([])]);
    const { app } = await production();
    const token = await signToken(ehrKey, { claims: { aud: SERVICE_URL } });
    const body = hookRequest('patient-view', { patientId: 'p1', fhirServer: EHR_BASE });
    const res = await request(app).post(`/cds-services/${SERVICE['patient-view']}`).set('Authorization', `Bearer ${token}`).send(body);
    expect(res.status).toBe(412);
    expect(trap.isDone()).toBe(false);
  });

  test('a sandbox token is refused', async () => {
    const { app } = await production();
    const token = await signToken(await sandboxSigningKey(), { claims: { iss: SANDBOX_ISSUER }, header: { jku: SANDBOX_JWKS_URL } });
    const res = await request(app).get('/cds-services').set('Authorization', `Bearer ${token}`);
    expect([res.status, res.text]).toEqual([401, '']);
  });
});

describe('development', () => {
  test('discovery without a token is 200', async () => {
    const { app } = await development();
    await request(app).get('/cds-services').expect(200);
  });

  test('a present but invalid token is still 401', async () => {
    const { app, logLines } = await development();
    const res = await request(app).get('/cds-services').set('Authorization', `Bearer ${await signToken(ehrKey)}`);
    expect([res.status, res.text]).toEqual([401, '']);
    expect(authFailures(logLines())).toEqual(['iss-untrusted']);
  });

  test('a sandbox token is accepted on discovery', async () => {
    const { app } = await development();
    const token = await signToken(await sandboxSigningKey(), { claims: { iss: SANDBOX_ISSUER }, header: { jku: SANDBOX_JWKS_URL } });
    await request(app).get('/cds-services').set('Authorization', `Bearer ${token}`).expect(200);
  });

  test('a preflight from any origin gets Allow-Origin *', async () => {
    const { app } = await development();
    const res = await request(app).options('/cds-services').set('Origin', 'http://localhost:8080').set('Access-Control-Request-Method', 'GET');
    expect([res.status, res.headers['access-control-allow-origin']]).toEqual([204, '*']);
  });

  test('an unauthenticated call naming a FHIR server outside the development allowlist never reaches it', async () => {
    const unmatched = recordUnmatchedRequests();
    const scope = ehrFhirServer();
    const { app } = await development();
    const body = hookRequest('patient-view', { patientId: 'p1', fhirServer: EHR_BASE });
    const res = await request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(body);
    expect(res.status).toBe(412);
    expect(scope.isDone()).toBe(false);
    expect(unmatched.filter((u) => u.includes('ehr.example.org'))).toEqual([]);
  });
});
