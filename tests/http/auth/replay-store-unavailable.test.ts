import request from 'supertest';
import type { ReplayStore } from '../../../src/http/auth/replay-store.js';
import { DatabaseUnavailableError } from '../../../src/storage/database-errors.js';
import { discoveryBehindAuth } from '../../support/discovery-behind-auth.js';
import { DISCOVERY_URL, generateSigningKey, signToken, type SigningKey } from '../../support/ehr-tokens.js';
import { expectOutcome } from '../../support/expect-response.js';

// What the JWT check answers when the replay store cannot: the token may be good, so a validly signed one gets 503
// with an OperationOutcome (retry, or another replica); a bad token is still a bare 401, and any other store error
// refuses the token (401). dimensions: store unreachable / broken · token valid / untrusted

let key: SigningKey;
beforeAll(async () => {
  key = await generateSigningKey('ES384', 'unavailable-key');
});

const app = (store: ReplayStore): ReturnType<typeof discoveryBehindAuth> => discoveryBehindAuth(key, store);

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
