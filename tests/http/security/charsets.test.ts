import request from 'supertest';
import { expectCdsResponse, expectOutcome } from '../../support/expect-response.js';
import { hookRequest, prefetchOf, SERVICE } from '../../support/hook-requests.js';
import { testApp } from '../../support/test-app.js';

// Only UTF-8 JSON (RFC 8259 §8.1): a body declared in another charset gets 415 before it is decoded, even when its
// bytes happen to be ASCII (UTF-7 decodes ASCII JSON unchanged, so body-parser used to accept it).
// dimensions: charset parameter (absent, utf-8 in any case or quoted; utf-7, utf-16, utf-16le, utf-32, latin-1
// spellings, us-ascii, windows-1252) · media type (application/json, application/fhir+json) · route (service, feedback)

const { app } = testApp();
const body = JSON.stringify(hookRequest('patient-view', { patientId: 'pat-1', prefetch: prefetchOf([{ resourceType: 'Patient', id: 'pat-1' }], 'pat-1') }));
const post = (path: string, contentType: string) => request(app).post(path).set('Content-Type', contentType).send(body);
const SERVICE_PATH = `/cds-services/${SERVICE['patient-view']}`;

test.each([
  'application/json; charset=utf-7',
  'application/json; charset=UTF-7',
  'application/json; charset=utf-16',
  'application/json; charset=utf-16le',
  'application/json; charset=utf-32',
  'application/json; charset=latin1',
  'application/json; charset=iso-8859-1',
  'application/json; charset="ISO-8859-1"',
  'application/json; charset=us-ascii',
  'application/json; charset=windows-1252',
  'application/fhir+json; charset=utf-16',
  'application/json; charset=utf8',
])('%s → 415 OperationOutcome', async (contentType) => {
  expectOutcome(await post(SERVICE_PATH, contentType), 415);
});

test('feedback declared in UTF-16 → 415 too', async () => {
  expectOutcome(await post(`${SERVICE_PATH}/feedback`, 'application/json; charset=utf-16'), 415);
});

test.each(['application/json', 'application/json; charset=utf-8', 'application/json; charset=UTF-8', 'application/json;charset="utf-8"', 'application/fhir+json; charset=utf-8'])(
  '%s is accepted',
  async (contentType) => {
    expect(expectCdsResponse(await post(SERVICE_PATH, contentType)).cards).toEqual([]);
  },
);
