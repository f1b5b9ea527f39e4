import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import request from 'supertest';
import { loadConfig } from '../../src/config.js';
import { createSecurity } from '../../src/http/security.js';
import { expectCdsResponse, expectOutcome, topicsOf } from '../support/expect-response.js';
import { EHR_ISSUER, generateSigningKey, jwksOf, PUBLIC_BASE, signToken, tamperSignature, type SigningKey } from '../support/ehr-tokens.js';
import { condition, icd10 } from '../support/fhir-builders.js';
import { loadRequestFixture } from '../support/fixtures.js';
import { governanceApp, governanceDir } from '../support/governance-app.js';
import { hookRequest, prefetchOf, searchset, SERVICE } from '../support/hook-requests.js';
import { captureLog } from '../support/log-capture.js';
import { resetMetrics, sampleLine, samplesOf, scrape } from '../support/metrics-scrape.js';
import { allowLoopbackOnly, EHR_BASE, EHR_ORIGIN, resetNock } from '../support/nock-fhir-server.js';
import { testApp } from '../support/test-app.js';

// GET /metrics on the real app (createApp with the real security wiring) over real HTTP: what each call leaves in
// the scrape, sample by sample, and who may scrape. The separate metrics port, process metrics and the drain are in
// metrics-port.test.ts (a real process).
// dimensions: mode (development, production) · CDS_METRICS_TOKEN (unset; set: none, wrong, right) · CDS_METRICS_PORT
// (unset, set) · outcome (200 with cards, 400, 401, 404 unknown service, 405, 412) · data (prefetch, FHIR server ok/500)

const PV = SERVICE['patient-view'];
const PV_PATH = `/cds-services/${PV}`;
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const CALL = { service: PV, hook: 'patient-view', route: '/cds-services/:id' } as const;
const NO_SERVICE = { service: 'none', hook: 'none' } as const;

/** A `cds_requests_total` sample, its labels in the order the metric declares them. */
const requests = (where: { service: string; hook: string; route: string }, status: string, value: number): string =>
  sampleLine('cds_requests_total', { service: where.service, hook: where.hook, status, route: where.route }, value);

let ehrKey: SigningKey;
let trustFile: string;

beforeAll(async () => {
  allowLoopbackOnly();
  ehrKey = await generateSigningKey('ES384', 'metrics-key');
  trustFile = join(mkdtempSync(join(tmpdir(), 'metrics-trust-')), 'trust.json');
  writeFileSync(trustFile, JSON.stringify({ issuers: [{ iss: EHR_ISSUER, jwks: jwksOf(ehrKey), fhirServers: [EHR_BASE] }] }));
});
beforeEach(resetMetrics);
afterEach(resetNock);

/** The app with EHR authentication, as `main.ts` wires it. */
async function securedApp(env: NodeJS.ProcessEnv = {}): Promise<ReturnType<typeof testApp>> {
  const fullEnv = { CDS_PUBLIC_BASE_URL: PUBLIC_BASE, ...env };
  const security = await createSecurity(loadConfig(fullEnv), captureLog().log);
  return testApp({ env: fullEnv, policy: security.fhirServerPolicy, guards: security.guards, preGuards: security.preGuards });
}
const production = (env: NodeJS.ProcessEnv = {}): Promise<ReturnType<typeof testApp>> => securedApp({ NODE_ENV: 'production', CDS_TRUST_FILE: trustFile, ...env });

const requestLines = (lines: string[]): Record<string, unknown>[] =>
  lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');

describe('development: open, and counting what each call did', () => {
  test('a patient-view call with cards: the request, every stage, each card by topic and indicator, the JWT outcome', async () => {
    const { app } = await securedApp();
    const res = await request(app).post(PV_PATH).send(loadRequestFixture('patient-view-cramps.json') as object);
    const cards = expectCdsResponse(res).cards;
    expect(topicsOf(cards)).toEqual(['cramp-drug-culprit', 'cramp-vs-rls']);

    const text = await scrape(app);
    expect(samplesOf(text, 'cds_requests_total')).toEqual([requests(CALL, '200', 1)]);
    expect(samplesOf(text, 'cds_request_duration_seconds_count')).toEqual([sampleLine('cds_request_duration_seconds_count', { service: PV, hook: 'patient-view', status: '200', route: '/cds-services/:id' }, 1)]);
    expect(samplesOf(text, 'cds_cards_total').sort()).toEqual(
      [
        sampleLine('cds_cards_total', { service: PV, topic: 'cramp-drug-culprit', indicator: cards.find((c) => c.source.topic.code === 'cramp-drug-culprit')?.indicator ?? '' }, 1),
        sampleLine('cds_cards_total', { service: PV, topic: 'cramp-vs-rls', indicator: cards.find((c) => c.source.topic.code === 'cramp-vs-rls')?.indicator ?? '' }, 1),
      ].sort(),
    );
    expect(samplesOf(text, 'cds_stage_duration_seconds_count').sort()).toEqual(
      ['validate', 'gather', 'findings', 'rules', 'cards'].map((stage) => sampleLine('cds_stage_duration_seconds_count', { stage }, 1)).sort(),
    );
    expect(samplesOf(text, 'cds_jwt_outcomes_total')).toEqual([sampleLine('cds_jwt_outcomes_total', { outcome: 'anonymous', reason: 'none' }, 1)]);
    expect(samplesOf(text, 'cds_fhir_requests_total')).toEqual([]);
    expect(samplesOf(text, 'cds_wrong_patient_resources_dropped_total')).toEqual([]);
  });

  test('with governance wired (as main.ts does): the governance stage is timed too, and the cards sent are counted', async () => {
    const place = governanceDir();
    const { app, governance } = await governanceApp(place.file);
    try {
      const cards = expectCdsResponse(await request(app).post(PV_PATH).send(loadRequestFixture('patient-view-cramps.json') as object)).cards;
      const text = await scrape(app);
      expect(samplesOf(text, 'cds_stage_duration_seconds_count').sort()).toEqual(
        ['validate', 'gather', 'findings', 'rules', 'governance', 'cards'].map((stage) => sampleLine('cds_stage_duration_seconds_count', { stage }, 1)).sort(),
      );
      expect(samplesOf(text, 'cds_cards_total').sort()).toEqual(cards.map((c) => sampleLine('cds_cards_total', { service: PV, topic: c.source.topic.code, indicator: c.indicator }, 1)).sort());
      expect(topicsOf(cards)).toEqual(['cramp-drug-culprit', 'cramp-vs-rls']);
    } finally {
      await governance.close();
      place.remove();
    }
  });

  test('a scrape counts itself on the next scrape, under the route /metrics and no service', async () => {
    const { app } = await securedApp();
    await scrape(app);
    const text = await scrape(app);
    expect(samplesOf(text, 'cds_requests_total')).toEqual([requests({ ...NO_SERVICE, route: '/metrics' }, '200', 1)]);
  });

  test('the route is one value per endpoint whatever the outcome (200, 400, 405, 412), in the scrape and the request log', async () => {
    const { app, logLines } = await securedApp();
    expectCdsResponse(await request(app).post(PV_PATH).send(loadRequestFixture('patient-view-cramps.json') as object));
    expectOutcome(await request(app).post(PV_PATH).send({ hook: 'patient-view' }), 400);
    expectOutcome(await request(app).get(PV_PATH), 405);
    expectOutcome(await request(app).post(PV_PATH).send(hookRequest('patient-view', { patientId: 'p-412' })), 412);
    expectOutcome(await request(app).post(`${PV_PATH}/`).send(hookRequest('patient-view', { patientId: 'p-412' })), 412);
    const logged = requestLines(logLines());

    const text = await scrape(app);
    expect(samplesOf(text, 'cds_requests_total').sort()).toEqual(
      [
        requests(CALL, '200', 1),
        requests(CALL, '400', 1),
        requests(CALL, '405', 1),
        requests(CALL, '412', 2),
      ]
        .map((line) => line)
        .sort(),
    );
    expect(logged.map((l) => [l.status, l.route])).toEqual([
      [200, '/cds-services/:id'],
      [400, '/cds-services/:id'],
      [405, '/cds-services/:id'],
      [412, '/cds-services/:id'],
      [412, '/cds-services/:id'],
    ]);
  });

  test('an id the service does not offer adds no label value: service and hook "unknown"; other paths are "unmatched"', async () => {
    const { app, logLines } = await securedApp();
    expectOutcome(await request(app).post('/cds-services/made-up-service-zqx').send(hookRequest('patient-view')), 404);
    expectOutcome(await request(app).post('/cds-services/another-made-up-id/feedback').send({ feedback: [] }), 404);
    expectOutcome(await request(app).get('/no-such-place-zqx'), 404);
    const logged = requestLines(logLines());

    const text = await scrape(app);
    expect(samplesOf(text, 'cds_requests_total').sort()).toEqual(
      [
        requests({ service: 'unknown', hook: 'unknown', route: '/cds-services/:id' }, '404', 1),
        requests({ service: 'unknown', hook: 'unknown', route: '/cds-services/:id/feedback' }, '404', 1),
        requests({ ...NO_SERVICE, route: 'unmatched' }, '404', 1),
      ].sort(),
    );
    // The marker holds letters: a digits-only one (4711) turned up inside the heap sizes of the default metrics.
    expect(text).not.toMatch(/made-up|zqx/);
    expect(logged.map((l) => l.route)).toEqual(['/cds-services/:id', '/cds-services/:id/feedback', 'unmatched']);
  });

  test('resources of another patient in prefetch: dropped and counted by service', async () => {
    const { app } = await securedApp();
    const stranger = condition({ id: 'c-x', patientId: 'someone-else', codes: [icd10('G47.62', 'Sleep related leg cramps')] });
    const prefetch = { ...prefetchOf([{ resourceType: 'Patient', id: 'p-1' }], 'p-1'), conditions: searchset([stranger, { ...stranger, id: 'c-y' }]) };
    expect(expectCdsResponse(await request(app).post(PV_PATH).send(hookRequest('patient-view', { patientId: 'p-1', prefetch }))).cards).toEqual([]);
    const text = await scrape(app);
    expect(samplesOf(text, 'cds_wrong_patient_resources_dropped_total')).toEqual([sampleLine('cds_wrong_patient_resources_dropped_total', { service: PV }, 2)]);
  });

  // The FHIR server policy of testApp allows EHR_BASE (development trusts the sandbox only, which names no server).
  test('FHIR calls by outcome: every GET the FHIR server answered is counted as ok, with its latency', async () => {
    const { app } = testApp();
    let answered = 0;
    nock(EHR_ORIGIN)
      .persist()
      .get(/^\/fhir\//)
      .query(true)
      .reply((uri) => {
        answered += 1;
        return [200, uri.startsWith('/fhir/Patient/') ? { resourceType: 'Patient', id: 'p-fhir' } : searchset([])];
      });
    const body = hookRequest('patient-view', { patientId: 'p-fhir', fhirServer: EHR_BASE, accessToken: 'ehr-access-token-4711' });
    expect(expectCdsResponse(await request(app).post(PV_PATH).send(body)).cards).toEqual([]);
    expect(answered).toBeGreaterThan(0);

    const text = await scrape(app);
    expect(samplesOf(text, 'cds_fhir_requests_total')).toEqual([sampleLine('cds_fhir_requests_total', { outcome: 'ok' }, answered)]);
    expect(samplesOf(text, 'cds_fhir_request_duration_seconds_count')).toEqual([sampleLine('cds_fhir_request_duration_seconds_count', { outcome: 'ok' }, answered)]);
    expect(text).not.toMatch(/p-fhir|ehr-access-token|ehr\.example\.org/);
  });

  test('a FHIR server answering 500 is counted as http-error, and the call is a 412 under the same route', async () => {
    const { app } = testApp();
    nock(EHR_ORIGIN)
      .get('/fhir/Condition').query(true).reply(500, { resourceType: 'OperationOutcome', issue: [] })
      .get(/.*/).query(true).times(20).reply(200, searchset([]));
    expectOutcome(await request(app).post(PV_PATH).send(hookRequest('patient-view', { patientId: 'p-500', fhirServer: EHR_BASE })), 412);
    const text = await scrape(app);
    expect(samplesOf(text, 'cds_fhir_requests_total').filter((l) => l.includes('"http-error"'))).toEqual([sampleLine('cds_fhir_requests_total', { outcome: 'http-error' }, 1)]);
    expect(samplesOf(text, 'cds_requests_total')).toEqual([requests(CALL, '412', 1)]);
    // A failed gather is timed too.
    expect(samplesOf(text, 'cds_stage_duration_seconds_count')).toContain(sampleLine('cds_stage_duration_seconds_count', { stage: 'gather' }, 1));
  });

  test('no patient id, hookInstance, token or free text reaches the scrape', async () => {
    const { app } = await securedApp();
    const body = loadRequestFixture('patient-view-cramps.json') as { hookInstance: string; context: { patientId: string } };
    expectCdsResponse(await request(app).post(PV_PATH).send(body));
    const refused = await request(app).post(PV_PATH).set('Authorization', 'Bearer not.a-real.token-zqx').send(body);
    expect([refused.status, refused.text]).toEqual([401, '']);
    const text = await scrape(app);
    expect(samplesOf(text, 'cds_jwt_outcomes_total')).toContain(sampleLine('cds_jwt_outcomes_total', { outcome: 'refused', reason: 'malformed-token' }, 1));
    expect(text).not.toContain(body.context.patientId);
    expect(text).not.toContain(body.hookInstance);
    expect(text).not.toContain('zqx');
  });

  test('discovery never lists /metrics', async () => {
    const { app } = await securedApp();
    const res = await request(app).get('/cds-services');
    expect(res.status).toBe(200);
    expect((res.body as { services: { id: string }[] }).services.map((s) => s.id).sort()).toEqual(Object.values(SERVICE).sort());
    expect(res.text).not.toContain('metrics');
  });

  test('with CDS_METRICS_TOKEN, development requires it too', async () => {
    const { app } = await securedApp({ CDS_METRICS_TOKEN: METRICS_TOKEN });
    const res = await request(app).get('/metrics');
    expect([res.status, res.text, res.headers['www-authenticate']]).toEqual([401, '', 'Bearer']);
    await scrape(app, METRICS_TOKEN);
  });
});

describe('production', () => {
  test('with CDS_METRICS_TOKEN: 401 without it or with a wrong one (empty body, WWW-Authenticate), 200 with it', async () => {
    const { app } = await production({ CDS_METRICS_TOKEN: METRICS_TOKEN });
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789abcdef', `Bearer ${METRICS_TOKEN}x`, `Basic ${METRICS_TOKEN}`, METRICS_TOKEN]) {
      const req = request(app).get('/metrics');
      const res = await (authorization === undefined ? req : req.set('Authorization', authorization));
      expect({ authorization, status: res.status, body: res.text, challenge: res.headers['www-authenticate'] }).toEqual({ authorization, status: 401, body: '', challenge: 'Bearer' });
    }
    const text = await scrape(app, METRICS_TOKEN);
    // The refused scrapes are counted, under the /metrics route.
    expect(samplesOf(text, 'cds_requests_total')).toEqual([requests({ ...NO_SERVICE, route: '/metrics' }, '401', 5)]);
  });

  test('a hook call refused for a bad JWT: 401 under the same route as a 200, the JWT outcome by reason', async () => {
    const { app, logLines } = await production({ CDS_METRICS_TOKEN: METRICS_TOKEN });
    const body = hookRequest('patient-view', { patientId: 'p-401' });
    const tampered = tamperSignature(await signToken(ehrKey, { claims: { aud: `${PUBLIC_BASE}${PV_PATH}` } }));
    expect((await request(app).post(PV_PATH).set('Authorization', `Bearer ${tampered}`).send(body)).status).toBe(401);
    expect((await request(app).post(PV_PATH).send(body)).status).toBe(401);

    const text = await scrape(app, METRICS_TOKEN);
    expect(samplesOf(text, 'cds_requests_total')).toEqual([requests(CALL, '401', 2)]);
    expect(samplesOf(text, 'cds_jwt_outcomes_total').sort()).toEqual(
      [sampleLine('cds_jwt_outcomes_total', { outcome: 'refused', reason: 'signature-invalid' }, 1), sampleLine('cds_jwt_outcomes_total', { outcome: 'refused', reason: 'missing-token' }, 1)].sort(),
    );
    expect(samplesOf(text, 'cds_stage_duration_seconds_count')).toEqual([sampleLine('cds_stage_duration_seconds_count', { stage: 'authenticate' }, 1)]);
    expect(requestLines(logLines()).filter((l) => l.status === 401).map((l) => l.route)).toEqual(['/cds-services/:id', '/cds-services/:id']);
    expect(text).not.toContain(tampered.split('.')[1] ?? 'payload');
  });

  test('a hook call with a valid JWT: accepted, authenticated and answered under the service route', async () => {
    const { app } = await production({ CDS_METRICS_TOKEN: METRICS_TOKEN });
    const token = await signToken(ehrKey, { claims: { aud: `${PUBLIC_BASE}${PV_PATH}`, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 300 } });
    expectCdsResponse(await request(app).post(PV_PATH).set('Authorization', `Bearer ${token}`).send(loadRequestFixture('patient-view-cramps.json') as object));
    const text = await scrape(app, METRICS_TOKEN);
    expect(samplesOf(text, 'cds_jwt_outcomes_total')).toEqual([sampleLine('cds_jwt_outcomes_total', { outcome: 'accepted', reason: 'none' }, 1)]);
    expect(samplesOf(text, 'cds_stage_duration_seconds_count')).toContain(sampleLine('cds_stage_duration_seconds_count', { stage: 'authenticate' }, 1));
    expect(samplesOf(text, 'cds_requests_total')).toEqual([requests(CALL, '200', 1)]);
  });

  test('without CDS_METRICS_TOKEN or CDS_METRICS_PORT /metrics is not served: 404 with an OperationOutcome, token or not', async () => {
    const { app } = await production();
    expectOutcome(await request(app).get('/metrics'), 404);
    expectOutcome(await request(app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`), 404);
  });

  test('with CDS_METRICS_PORT the service port answers 404 for /metrics (the metrics listener serves it)', async () => {
    const { app } = await production({ CDS_METRICS_PORT: '0', CDS_METRICS_TOKEN: METRICS_TOKEN });
    expectOutcome(await request(app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`), 404);
  });
});
