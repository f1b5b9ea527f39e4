import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import type { Resource } from 'fhir/r4.js';
import nock from 'nock';
import request from 'supertest';
import { createApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { loadServiceRegistry } from '../../../src/hooks/service-registry.js';
import { createSecurity } from '../../../src/http/security.js';
import { AUTH_NOW, EHR_ISSUER, generateSigningKey, jwksOf, PUBLIC_BASE, signToken, tamperSignature, type SigningKey } from '../../support/ehr-tokens.js';
import { expectCdsResponse, expectOutcome } from '../../support/expect-response.js';
import { condition, icd10, loinc, medicationRequest, medicationStatement, observation, rxnorm } from '../../support/fhir-builders.js';
import { hookRequest, prefetchOf, searchset, SERVICE, type TestHook } from '../../support/hook-requests.js';
import { captureLog } from '../../support/log-capture.js';
import { allowLoopbackOnly, EHR_BASE, EHR_ORIGIN, resetNock } from '../../support/nock-fhir-server.js';
import { realKnowledge, TEST_NOW } from '../../support/test-app.js';

// The log of real calls through the real app and security wiring (production mode, signed EHR JWTs) carries
// none of the caller's secrets or the patient's data: not the JWT, not the FHIR access token, not the patient
// id, not a resource id or any resource content, not the FHIR query sent to the EHR. It does carry one request
// line per call with hookInstance, service, status and stage timings, so silence cannot pass for privacy.
// dimensions: log level (trace, info) · call (patient-view and order-select with prefetch + one key fetched
// from the EHR, 412 from a failing EHR, 400, 401 with a tampered token, feedback with a comment)

const PATIENT = 'patient-SECRET-7731';
const ACCESS_TOKEN = 'access-SECRET-5b1e9c0d4f';
const USER = 'Practitioner/doctor-SECRET-66';
const ENCOUNTER = 'encounter-SECRET-88';

/** Distinctive strings of the chart: ids, free text, names and values that must never reach the log. */
const CONTENT = {
  conditionId: 'cond-SECRET-101',
  conditionText: 'Cramps at night SECRET-NOTE-Alpha',
  medicationRequestId: 'medreq-SECRET-202',
  medicationName: 'Quinine SECRET-DRUG-Beta 300 mg',
  medicationStatementId: 'medstmt-SECRET-203',
  statementName: 'Hydrochlorothiazide SECRET-DRUG-Gamma',
  observationId: 'obs-SECRET-303',
  observationValue: '12345.6',
  fetchedObservationId: 'obs-SECRET-fetched-404',
  fetchedValue: '98765.4',
  draftId: 'draft-SECRET-505',
  draftName: 'Quinine SECRET-DRAFT-Delta',
  feedbackComment: 'comment SECRET-FEEDBACK-Epsilon',
} as const;

const chart: Resource[] = [
  { resourceType: 'Patient', id: PATIENT, name: [{ family: 'SECRET-FAMILY-Zeta' }] } as Resource,
  condition({ id: CONTENT.conditionId, patientId: PATIENT, codes: [icd10('G47.62', 'Sleep related leg cramps')], text: CONTENT.conditionText, recordedDate: '2026-10-01' }),
  medicationRequest({ id: CONTENT.medicationRequestId, patientId: PATIENT, codes: [rxnorm('9071', 'quinine')], text: CONTENT.medicationName, authoredOn: '2026-10-02' }),
  medicationStatement({ id: CONTENT.medicationStatementId, patientId: PATIENT, text: CONTENT.statementName, codes: [], effectiveDateTime: '2026-09-01' }),
  observation({ id: CONTENT.observationId, patientId: PATIENT, value: Number(CONTENT.observationValue), effectiveDateTime: '2026-08-01T08:00:00Z' }),
];
const fetchedTsh = observation({
  id: CONTENT.fetchedObservationId,
  patientId: PATIENT,
  codes: [loinc('3016-3')],
  value: Number(CONTENT.fetchedValue),
  unit: 'm[IU]/L',
  effectiveDateTime: '2026-08-01T08:00:00Z',
});
const draft = medicationRequest({ id: CONTENT.draftId, patientId: PATIENT, status: 'draft', codes: [rxnorm('9071', 'quinine')], text: CONTENT.draftName });

/** Full prefetch except `thyroid`, which the app must fetch from the EHR with the access token. */
function callBody(hook: TestHook): Record<string, unknown> {
  const prefetch = prefetchOf(chart, PATIENT);
  delete prefetch.thyroid;
  const body = hookRequest(hook, { patientId: PATIENT, prefetch, fhirServer: EHR_BASE, accessToken: ACCESS_TOKEN, draftOrders: [draft] });
  const context = { ...(body.context as Record<string, unknown>), userId: USER, encounterId: ENCOUNTER };
  return { ...body, context };
}

let ehrKey: SigningKey;
let trustFile: string;
const fhirQueries: string[] = [];

beforeAll(async () => {
  ehrKey = await generateSigningKey('ES384', 'privacy-key');
  trustFile = join(mkdtempSync(join(tmpdir(), 'privacy-trust-')), 'trust.json');
  writeFileSync(trustFile, JSON.stringify({ issuers: [{ iss: EHR_ISSUER, jwks: jwksOf(ehrKey), fhirServers: [EHR_BASE] }] }));
});
beforeEach(allowLoopbackOnly);
afterEach(resetNock);

/** The real app in production mode, logging through a captured logger at `level`. */
async function productionApp(level: string): Promise<{ app: Express; text: () => string; lines: () => string[] }> {
  const env = { NODE_ENV: 'production', CDS_TRUST_FILE: trustFile, CDS_PUBLIC_BASE_URL: PUBLIC_BASE, CDS_ALLOWED_ORIGINS: 'https://ehr.example.org', LOG_LEVEL: level };
  const config = loadConfig(env);
  const { log, text, lines } = captureLog(level);
  const security = await createSecurity(config, log, { now: () => AUTH_NOW });
  const app = createApp({
    config,
    knowledge: realKnowledge(),
    services: loadServiceRegistry('cds-services'),
    log,
    fhirServerPolicy: security.fhirServerPolicy,
    guards: security.guards,
    preGuards: security.preGuards,
    now: () => TEST_NOW,
  });
  return { app, text, lines };
}

const servicePath = (hook: TestHook): string => `/cds-services/${SERVICE[hook]}`;
const tokenFor = (path: string): Promise<string> => signToken(ehrKey, { claims: { aud: `${PUBLIC_BASE}${path}`, sub: 'user-SECRET-sub' } });

/** The EHR answering the thyroid search (with the access token) `times` times, recording each query sent. */
function ehrThyroidSearch(times: number, status = 200): nock.Scope {
  return nock(EHR_ORIGIN, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
    .get('/fhir/Observation')
    .query(true)
    .times(times)
    .reply((uri) => {
      fhirQueries.push(uri, decodeURIComponent(uri));
      return status === 200 ? [200, searchset([fetchedTsh])] : [status, { resourceType: 'OperationOutcome', issue: [] }];
    });
}

interface RequestLine {
  readonly msg: string;
  readonly status: number;
  readonly hookInstance?: string;
  readonly service?: string;
  readonly stages?: Record<string, number>;
  readonly outcome?: string;
  readonly authFailure?: string;
}

const requestLines = (lines: string[]): RequestLine[] => lines.map((l) => JSON.parse(l) as RequestLine).filter((l) => l.msg === 'request');

describe.each(['trace', 'info'])('at log level %s', (level) => {
  test('a full day of calls logs request lines with timings, and no token, patient id, resource or FHIR query', async () => {
    fhirQueries.length = 0;
    const { app, text, lines } = await productionApp(level);
    const secrets: string[] = [PATIENT, ACCESS_TOKEN, USER, ENCOUNTER, 'SECRET-FAMILY-Zeta', ...Object.values(CONTENT)];
    const sent: { hook: TestHook; hookInstance: string }[] = [];

    // Arrange + act: two successful calls, each fetching the missing key from the EHR with the access token.
    // The thyroid key is two searches a call (look-back and undated, src/gather/narrowed-queries.ts), sent together.
    const ehr = ehrThyroidSearch(4);
    for (const hook of ['patient-view', 'order-select'] as const) {
      const body = callBody(hook);
      const token = await tokenFor(servicePath(hook));
      secrets.push(token, token.split('.')[2] ?? token, token.split('.')[1] ?? token);
      const res = await request(app).post(servicePath(hook)).set('Authorization', `Bearer ${token}`).send(body);
      expect(expectCdsResponse(res).cards.length).toBeGreaterThan(0);
      sent.push({ hook, hookInstance: body.hookInstance as string });
    }
    expect(ehr.isDone()).toBe(true);

    // 412: the EHR fails the one key the client did not prefetch.
    const failing = ehrThyroidSearch(2, 500);
    const token412 = await tokenFor(servicePath('patient-view'));
    secrets.push(token412);
    expectOutcome(await request(app).post(servicePath('patient-view')).set('Authorization', `Bearer ${token412}`).send(callBody('patient-view')), 412, 'prefetch.thyroid');
    expect(failing.isDone()).toBe(true);

    // 400: a wrong type beside all the secrets.
    const token400 = await tokenFor(servicePath('order-select'));
    secrets.push(token400);
    const invalid = { ...callBody('order-select'), context: { ...(callBody('order-select').context as object), selections: CONTENT.draftId } };
    expectOutcome(await request(app).post(servicePath('order-select')).set('Authorization', `Bearer ${token400}`).send(invalid), 400, 'context.selections');

    // 401: a tampered token, with every secret in the body.
    const tampered = tamperSignature(await tokenFor(servicePath('patient-view')));
    secrets.push(tampered, tampered.split('.')[2] ?? tampered);
    const refused = await request(app).post(servicePath('patient-view')).set('Authorization', `Bearer ${tampered}`).send(callBody('patient-view'));
    expect([refused.status, refused.text]).toEqual([401, '']);

    // Feedback with a free-text comment.
    const feedbackPath = `${servicePath('patient-view')}/feedback`;
    const tokenFeedback = await tokenFor(feedbackPath);
    secrets.push(tokenFeedback);
    const feedback = {
      feedback: [
        {
          card: '0b7a9e52-3c1d-4f8e-9a6b-5d4c3b2a1f0e',
          outcome: 'overridden',
          overrideReason: { reason: { code: 'not-relevant' }, userComment: CONTENT.feedbackComment },
          outcomeTimestamp: '2026-11-20T12:00:00Z',
        },
      ],
    };
    expect((await request(app).post(feedbackPath).set('Authorization', `Bearer ${tokenFeedback}`).send(feedback)).status).toBe(204);

    // Assert: nothing secret anywhere in the log, in any form.
    secrets.push(...fhirQueries);
    expect(fhirQueries.length).toBeGreaterThan(0);
    const logged = text();
    expect(secrets.filter((s) => logged.includes(s))).toEqual([]);
    expect(logged).not.toMatch(/SECRET|Bearer|patient=|eyJ/);

    // Assert: the log is not silent; each call has its request line with our ids, status and stage timings.
    const entries = requestLines(lines());
    for (const { hook, hookInstance } of sent) {
      const line = entries.find((l) => l.hookInstance === hookInstance);
      expect(line).toMatchObject({ status: 200, service: SERVICE[hook] });
      expect(Object.keys(line?.stages ?? {})).toEqual(['validate', 'gather', 'findings', 'rules', 'cards']);
      expect(Object.values(line?.stages ?? {}).every((ms) => typeof ms === 'number' && ms >= 0)).toBe(true);
    }
    expect(entries.map((l) => [l.status, l.outcome ?? l.authFailure ?? null])).toEqual([
      [200, null],
      [200, null],
      [412, 'precondition-failed'],
      [400, 'bad-request'],
      [401, 'signature-invalid'],
      [204, null],
    ]);
  });
});
