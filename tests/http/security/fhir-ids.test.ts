import request from 'supertest';
import { expectCdsResponse, expectOutcome, topicsOf } from '../../support/expect-response.js';
import { condition, icd10, medicationStatement } from '../../support/fhir-builders.js';
import { hookRequest, prefetchOf, SERVICE } from '../../support/hook-requests.js';
import { allowLoopbackOnly, EHR_BASE, ehrServer, recordUnmatchedRequests, resetNock } from '../../support/nock-fhir-server.js';
import { testApp } from '../../support/test-app.js';

// Ids are FHIR ids (FHIR R4 "id": [A-Za-z0-9\-\.]{1,64}), never `.` or `..`, and context.userId is a reference of an
// allowed type: otherwise a read could become a type-level search or a request for the server's base. A bad id in
// the context is a 400 naming the field; a bad id in a reference the service would follow is skipped, never sent.
// dimensions: field (patientId, encounterId, userId; Medication/<id> references in data) · value (dot segments,
// slash, query and fragment characters, percent-encoding, 65 characters, empty, wrong type) · valid edge cases

const { app } = testApp();
const post = (body: unknown) => request(app).post(`/cds-services/${SERVICE['patient-view']}`).send(body as object);
const withContext = (extra: Record<string, unknown>): Record<string, unknown> => {
  const body = hookRequest('patient-view', { patientId: 'p-1', prefetch: prefetchOf([], 'p-1') });
  return { ...body, context: { ...(body.context as object), ...extra } };
};

const BAD_IDS = ['.', '..', 'a/b', '../Patient', 'a?b', 'a#b', 'a%2Fb', 'a b', 'é', 'x'.repeat(65), ''];

describe.each(['patientId', 'encounterId'])('context.%s', (field) => {
  test.each(BAD_IDS)(`%j → 400 naming context.${field}`, async (id) => {
    expectOutcome(await post(withContext({ [field]: id })), 400, `context.${field}`);
  });
});

test.each([
  'Device/1',
  'Organization/1',
  'Practitioner',
  'Practitioner/',
  'Practitioner/.',
  'Practitioner/..',
  'Practitioner/a/b',
  'Practitioner/a?b',
  'https://ehr.example.org/fhir/Practitioner/1',
  `Practitioner/${'x'.repeat(65)}`,
  'practitioner/1',
])('context.userId %j → 400 naming context.userId', async (userId) => {
  expectOutcome(await post(withContext({ userId })), 400, 'context.userId');
});

test.each([
  { name: 'a 64-character id of every allowed character', patientId: `${'Az09-.'.repeat(10)}abcd`, extra: {} },
  { name: 'an id with dots that is not a dot segment', patientId: '...', extra: {} },
  { name: 'an encounterId', patientId: 'p-1', extra: { encounterId: 'enc.1-A' } },
  ...['Practitioner', 'PractitionerRole', 'Patient', 'RelatedPerson'].map((type) => ({ name: `userId of type ${type}`, patientId: 'p-1', extra: { userId: `${type}/u-1` } })),
])('$name is accepted', async ({ patientId, extra }) => {
  const body = hookRequest('patient-view', { patientId, prefetch: prefetchOf([], patientId) });
  expectCdsResponse(await post({ ...body, context: { ...(body.context as object), ...extra } }));
});

describe('a Medication reference in data whose id is not a FHIR id', () => {
  beforeAll(allowLoopbackOnly);
  afterEach(resetNock);

  test('is skipped, never requested; a good one beside it is read', async () => {
    const unmatched = recordUnmatchedRequests();
    const sertraline = { resourceType: 'Medication', id: 'good-1', code: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '36437', display: 'sertraline' }] } };
    const scope = ehrServer().get('/fhir/Medication').query({ _id: 'good-1', _count: '1' }).reply(200, { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: sertraline }] });
    const bad = ['Medication/..', 'Medication/.', 'Medication/', 'Medication/a/b', 'Medication/a?b', 'Medication/a%2F..', `Medication/${'x'.repeat(65)}`, 'Medication/_history'];
    const statements = [...bad, 'Medication/good-1'].map((reference, i) => medicationStatement({ id: `ms-${i}`, patientId: 'p-1', medicationReference: { reference } }));
    const chart = [{ resourceType: 'Patient', id: 'p-1' }, condition({ id: 'c-1', patientId: 'p-1', codes: [icd10('G25.81')] }), ...statements];
    const body = hookRequest('patient-view', { patientId: 'p-1', prefetch: prefetchOf(chart, 'p-1'), fhirServer: EHR_BASE });
    const cards = expectCdsResponse(await post(body)).cards;
    // The one Medication read names sertraline, an RLS-aggravating drug.
    expect(topicsOf(cards)).toContain('rls-aggravating-drug');
    expect(unmatched).toEqual([]);
    scope.done();
  });
});
