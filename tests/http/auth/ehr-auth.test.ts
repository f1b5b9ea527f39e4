import express, { type Express } from 'express';
import nock from 'nock';
import request from 'supertest';
import { createEhrAuth, getEhrCaller, type EhrAuthOptions } from '../../../src/http/auth/ehr-auth.js';
import { createMemoryReplayStore } from '../../../src/http/auth/replay-store.js';
import type { TrustConfig } from '../../../src/http/auth/trust-types.js';
import {
  AUTH_NOW,
  defaultClaims,
  DISCOVERY_URL,
  EHR_ISSUER,
  generateSigningKey,
  hmacToken,
  jwksOf,
  NOW_SECONDS,
  PUBLIC_BASE,
  signToken,
  tamperSignature,
  unsecuredToken,
  type SigningKey,
} from '../../support/ehr-tokens.js';
import { captureLog } from '../../support/log-capture.js';
import { allowLoopbackOnly, resetNock } from '../../support/nock-fhir-server.js';

// dimensions: header (alg, kid, typ, jku) · claims (iss, aud, exp, iat, jti, tenant) · signature · replay ·
// mode (development accepts no token, never a bad one) · open paths · what is logged

const EHR_JWKS_URL = 'https://ehr.example.org/.well-known/jwks.json';
let es384: SigningKey;
let rs384: SigningKey;
let es256: SigningKey;

beforeAll(async () => {
  es384 = await generateSigningKey('ES384', 'ehr-es384');
  rs384 = await generateSigningKey('RS384', 'ehr-rs384');
  es256 = await generateSigningKey('ES256', 'ehr-es256');
});
beforeEach(allowLoopbackOnly);
afterEach(resetNock);

function trust(jwksUrls?: string[]): TrustConfig {
  return {
    issuers: [
      { iss: EHR_ISSUER, jwks: jwksOf(es384, rs384, es256), ...(jwksUrls ? { jwksUrls } : {}), fhirServers: [] },
      { iss: 'https://tenanted.example.org', jwks: jwksOf(es384), tenants: ['hospital-a'], fhirServers: [] },
    ],
  };
}

/** A tiny app: the middleware under test, then routes that echo what it left in res.locals. */
function authApp(overrides: Partial<EhrAuthOptions> = {}): { app: Express; reasons: () => string[]; logText: () => string } {
  const { log, lines, text } = captureLog();
  const auth = createEhrAuth({
    trust: trust(),
    mode: 'production',
    publicBaseUrl: PUBLIC_BASE,
    replayStore: createMemoryReplayStore({ now: () => AUTH_NOW }),
    now: () => AUTH_NOW,
    log,
    ...overrides,
  });
  const app = express();
  app.get('/healthz', auth, (_req, res) => {
    res.json({ status: 'up' });
  });
  const echo = (_req: express.Request, res: express.Response): void => {
    const caller = getEhrCaller(res);
    res.json({ issuer: caller.issuer ?? null, tenant: caller.tenant ?? null });
  };
  app.use('/cds-services', auth);
  app.get('/cds-services', echo);
  app.post('/cds-services/:id', echo);
  const reasons = (): string[] =>
    lines()
      .map((l) => JSON.parse(l) as { event?: string; reason?: string })
      .filter((l) => l.event === 'ehr-auth-failed')
      .map((l) => l.reason ?? '');
  return { app, reasons, logText: text };
}

describe('a valid EHR token', () => {
  test('an ES384 token for the discovery URL is accepted and the issuer is passed on', async () => {
    const res = await request(authApp().app).get('/cds-services').set('Authorization', `Bearer ${await signToken(es384)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ issuer: EHR_ISSUER, tenant: null });
  });

  test('an RS384 token is accepted', async () => {
    await request(authApp().app).get('/cds-services').set('Authorization', `Bearer ${await signToken(rs384)}`).expect(200);
  });

  test('a service call needs aud equal to the service URL and may carry aud as an array', async () => {
    const token = await signToken(es384, { claims: { aud: ['https://other.example.org', `${DISCOVERY_URL}/leg-cramps`] } });
    await request(authApp().app).post('/cds-services/leg-cramps?x=1').set('Authorization', `Bearer ${token}`).send({}).expect(200);
  });

  test('a token from a tenanted issuer with a listed tenant passes the tenant on', async () => {
    const token = await signToken(es384, { claims: { iss: 'https://tenanted.example.org', tenant: 'hospital-a' } });
    const res = await request(authApp().app).get('/cds-services').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toEqual({ issuer: 'https://tenanted.example.org', tenant: 'hospital-a' });
  });

  test('ES256 is accepted only when configured', async () => {
    const token = await signToken(es256);
    await request(authApp({ algorithms: ['ES384', 'ES256'] }).app).get('/cds-services').set('Authorization', `Bearer ${token}`).expect(200);
  });

  test('a lifetime of exactly five minutes (the sandbox token) is accepted: the maximum is inclusive', async () => {
    const token = await signToken(es384, { claims: { iat: NOW_SECONDS, exp: NOW_SECONDS + 300 } });
    await request(authApp().app).get('/cds-services').set('Authorization', `Bearer ${token}`).expect(200);
  });

  test('a configured maximum of one hour accepts 3600 s and refuses 3601 s', async () => {
    const { app, reasons } = authApp({ maxLifetimeSeconds: 3600 });
    const ok = await signToken(es384, { claims: { exp: NOW_SECONDS + 3600 } });
    const tooLong = await signToken(es384, { claims: { exp: NOW_SECONDS + 3601 } });
    await request(app).get('/cds-services').set('Authorization', `Bearer ${ok}`).expect(200);
    await request(app).get('/cds-services').set('Authorization', `Bearer ${tooLong}`).expect(401);
    expect(reasons()).toEqual(['lifetime-too-long']);
  });

  test('a token within the clock skew of its exp is still accepted', async () => {
    const token = await signToken(es384, { claims: { iat: NOW_SECONDS - 320, exp: NOW_SECONDS - 20 } });
    await request(authApp().app).get('/cds-services').set('Authorization', `Bearer ${token}`).expect(200);
  });
});

interface RefusalCase {
  readonly name: string;
  readonly token: () => Promise<string>;
  readonly reason: string;
  readonly path?: string;
}

const refusals: RefusalCase[] = [
  { name: 'alg none', token: async () => unsecuredToken(defaultClaims()), reason: 'alg-not-allowed' },
  { name: 'HS256 with a shared secret', token: () => hmacToken(defaultClaims(), 'ehr-es384'), reason: 'alg-not-allowed' },
  { name: 'ES256 when only ES384/RS384 are configured', token: () => signToken(es256), reason: 'alg-not-allowed' },
  { name: 'an unknown kid', token: () => signToken(es384, { header: { kid: 'not-in-jwks' } }), reason: 'key-not-found' },
  { name: 'no kid', token: () => signToken(es384, { header: { kid: undefined } }), reason: 'kid-missing' },
  { name: 'an untrusted iss', token: () => signToken(es384, { claims: { iss: 'https://evil.example.com' } }), reason: 'iss-untrusted' },
  { name: 'a wrong aud', token: () => signToken(es384, { claims: { aud: `${DISCOVERY_URL}/other` } }), reason: 'aud-mismatch' },
  {
    name: 'aud built from the Host header instead of the public base URL',
    token: () => signToken(es384, { claims: { aud: 'http://127.0.0.1/cds-services' } }),
    reason: 'aud-mismatch',
  },
  { name: 'an expired token', token: () => signToken(es384, { claims: { iat: NOW_SECONDS - 400, exp: NOW_SECONDS - 31 } }), reason: 'expired' },
  { name: 'an iat in the future beyond the skew', token: () => signToken(es384, { claims: { iat: NOW_SECONDS + 31 } }), reason: 'iat-in-future' },
  {
    name: 'a lifetime over the default five minutes',
    token: () => signToken(es384, { claims: { exp: NOW_SECONDS + 301 } }),
    reason: 'lifetime-too-long',
  },
  { name: 'a tampered signature', token: async () => tamperSignature(await signToken(es384)), reason: 'signature-invalid' },
  {
    name: 'a payload changed after signing',
    token: async () => {
      const [h, , s] = (await signToken(es384)).split('.');
      const forged = Buffer.from(JSON.stringify({ ...defaultClaims(), iss: EHR_ISSUER, extra: 1 })).toString('base64url');
      return `${h}.${forged}.${s}`;
    },
    reason: 'signature-invalid',
  },
  { name: 'a missing jti', token: () => signToken(es384, { omit: ['jti'] }), reason: 'claim-missing' },
  { name: 'a missing exp', token: () => signToken(es384, { omit: ['exp'] }), reason: 'claim-missing' },
  { name: 'a missing iat', token: () => signToken(es384, { omit: ['iat'] }), reason: 'claim-missing' },
  { name: 'typ other than JWT', token: () => signToken(es384, { header: { typ: 'at+jwt' } }), reason: 'typ-invalid' },
  {
    name: 'a tenant not listed for a tenanted issuer',
    token: () => signToken(es384, { claims: { iss: 'https://tenanted.example.org', tenant: 'hospital-b' } }),
    reason: 'tenant-not-allowed',
  },
  {
    name: 'no tenant for a tenanted issuer',
    token: () => signToken(es384, { claims: { iss: 'https://tenanted.example.org' } }),
    reason: 'tenant-not-allowed',
  },
  { name: 'a token that is not a JWT', token: async () => 'not.a.jwt', reason: 'malformed-token' },
];

describe('refused tokens answer 401 with an empty body and log the reason', () => {
  test.each(refusals)('$name → 401 ($reason)', async ({ token, reason }) => {
    const { app, reasons } = authApp();
    const res = await request(app).get('/cds-services').set('Authorization', `Bearer ${await token()}`);
    expect(res.status).toBe(401);
    expect(res.text).toBe('');
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(reasons()).toEqual([reason]);
  });

  test('a replayed jti is refused the second time', async () => {
    const { app, reasons } = authApp();
    const token = await signToken(es384);
    await request(app).get('/cds-services').set('Authorization', `Bearer ${token}`).expect(200);
    const res = await request(app).get('/cds-services').set('Authorization', `Bearer ${token}`);
    expect([res.status, res.text]).toEqual([401, '']);
    expect(reasons()).toEqual(['jti-replayed']);
  });

  test('a token the full replay store has no room for is refused as replay-store-full', async () => {
    const { app, reasons } = authApp({ replayStore: createMemoryReplayStore({ now: () => AUTH_NOW, capacity: 1 }) });
    await request(app).get('/cds-services').set('Authorization', `Bearer ${await signToken(es384)}`).expect(200);
    const res = await request(app).get('/cds-services').set('Authorization', `Bearer ${await signToken(es384)}`);
    expect([res.status, res.text]).toEqual([401, '']);
    expect(reasons()).toEqual(['replay-store-full']);
  });

  test('a jku that is not on the issuer allowlist is refused and never fetched', async () => {
    const { app, reasons } = authApp({ trust: trust([EHR_JWKS_URL]) });
    const attacker = nock('https://evil.example.com').get('/jwks.json').reply(200, jwksOf(es384));
    const token = await signToken(es384, { header: { jku: 'https://evil.example.com/jwks.json' } });
    const res = await request(app).get('/cds-services').set('Authorization', `Bearer ${token}`);
    expect([res.status, res.text]).toEqual([401, '']);
    expect(reasons()).toEqual(['jku-not-allowed']);
    expect(attacker.isDone()).toBe(false);
  });

  test('the log line names the reason but never the token', async () => {
    const { app, logText } = authApp();
    const token = await signToken(es384, { claims: { aud: 'https://wrong.example.org' } });
    await request(app).get('/cds-services').set('Authorization', `Bearer ${token}`).expect(401);
    expect(logText()).toContain('"reason":"aud-mismatch"');
    expect(logText()).not.toContain(token.split('.')[1]);
    expect(logText()).not.toContain(token.split('.')[2]);
  });

  test.each([
    ['a Basic scheme', 'Basic dXNlcjpwYXNz'],
    ['an empty bearer', 'Bearer '],
    ['an empty header', ''],
  ])('%s in Authorization is refused as malformed', async (_name, header) => {
    const { app, reasons } = authApp({ mode: 'development' });
    const res = await request(app).get('/cds-services').set('Authorization', header);
    expect([res.status, res.text]).toEqual([401, '']);
    expect(reasons()).toEqual(['malformed-authorization']);
  });
});

describe('modes', () => {
  test('production refuses a call without a token', async () => {
    const { app, reasons } = authApp();
    const res = await request(app).post('/cds-services/leg-cramps').send({});
    expect([res.status, res.text]).toEqual([401, '']);
    expect(reasons()).toEqual(['missing-token']);
  });

  test('production lets /healthz and CORS preflights through without a token', async () => {
    const { app } = authApp();
    await request(app).get('/healthz').expect(200);
    const preflight = await request(app).options('/cds-services');
    expect(preflight.status).not.toBe(401);
  });

  test('development accepts a call without a token, with no issuer', async () => {
    const res = await request(authApp({ mode: 'development' }).app).get('/cds-services').expect(200);
    expect(res.body).toEqual({ issuer: null, tenant: null });
  });

  test('development still refuses a token that is present but invalid', async () => {
    const { app, reasons } = authApp({ mode: 'development' });
    const token = await signToken(es384, { claims: { iss: 'https://evil.example.com' } });
    const res = await request(app).get('/cds-services').set('Authorization', `Bearer ${token}`);
    expect([res.status, res.text]).toEqual([401, '']);
    expect(reasons()).toEqual(['iss-untrusted']);
  });

  test('development without any trust configuration refuses every token it is shown', async () => {
    const { app, reasons } = authApp({ mode: 'development', trust: undefined });
    await request(app).get('/cds-services').set('Authorization', `Bearer ${await signToken(es384)}`).expect(401);
    expect(reasons()).toEqual(['no-trust-configured']);
  });

  test('development start-up logs a loud warning', () => {
    const { logText } = authApp({ mode: 'development' });
    expect(logText()).toContain('DEVELOPMENT MODE');
  });

  test('production without a trust configuration refuses to build the middleware', () => {
    expect(() => authApp({ trust: undefined })).toThrow('EHR auth: production requires a trust file (CDS_TRUST_FILE)');
  });

  test.each([['none'], ['HS256']])('configuring algorithm %s refuses to build the middleware', (alg) => {
    expect(() => authApp({ algorithms: ['ES384', alg] })).toThrow(`EHR auth: algorithms not allowed: ${alg}`);
  });
});
