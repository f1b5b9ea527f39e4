import type { FlattenedJWSInput, JWTVerifyGetKey } from 'jose';
import nock from 'nock';
import { AuthFailure } from '../../../src/http/auth/auth-failure.js';
import { createRemoteJwks, jwksTimeoutMs, type RemoteJwksOptions } from '../../../src/http/auth/remote-jwks.js';
import { generateSigningKey, jwksOf, type SigningKey } from '../../support/ehr-tokens.js';
import { allowLoopbackOnly, recordUnmatchedRequests, resetNock } from '../../support/nock-fhir-server.js';

// dimensions: failing URL (negative cache, doubling backoff) · concurrent calls (single flight) · hanging URL
// (timeout) · stale keys while the URL fails · oversized body · the timeout derived from the hook deadline

const EHR = 'https://ehr.example.org';
const PATH = '/.well-known/jwks.json';
const URL_ = new URL(`${EHR}${PATH}`);
const TOKEN: FlattenedJWSInput = { payload: '', signature: '' };
let keyA: SigningKey;

beforeAll(async () => {
  keyA = await generateSigningKey('ES384', 'key-a');
});
beforeEach(allowLoopbackOnly);
afterEach(resetNock);

/** A resolver on a clock the test moves, and a JWKS endpoint that counts its requests. */
function setup(reply: () => nock.ReplyFnResult, options: RemoteJwksOptions = {}) {
  let now = 0;
  let fetches = 0;
  nock(EHR)
    .get(PATH)
    .reply(() => {
      fetches += 1;
      return reply();
    })
    .persist();
  const getKey = createRemoteJwks(URL_, { clock: () => now, ...options });
  const resolve = (kid = 'key-a'): Promise<unknown> => lookUp(getKey, kid);
  return { resolve, fetches: () => fetches, advance: (ms: number) => (now += ms) };
}

const lookUp = async (getKey: JWTVerifyGetKey, kid = 'key-a'): Promise<unknown> => getKey({ alg: 'ES384', kid }, TOKEN);

const reasonOf = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'resolved',
    (err: unknown) => (err instanceof AuthFailure ? err.reason : String(err)),
  );

test('a failing JWKS URL is not fetched again before its backoff, which doubles with each failure', async () => {
  const { resolve, fetches, advance } = setup(() => [500, 'down']);
  const fetchedAt: number[] = [];
  for (let t = 0; t < 8_000; t += 250) {
    const before = fetches();
    expect(await reasonOf(resolve())).toBe('jwks-unavailable');
    if (fetches() > before) fetchedAt.push(t);
    advance(250);
  }
  // Backoff 1 s, 2 s, 4 s after the failures at 0, 1 s and 3 s.
  expect(fetchedAt).toEqual([0, 1_000, 3_000, 7_000]);
});

test('a JWKS URL that answers again after its backoff serves its keys', async () => {
  let up = false;
  const { resolve, fetches, advance } = setup(() => (up ? [200, jwksOf(keyA)] : [500, 'down']));
  expect(await reasonOf(resolve())).toBe('jwks-unavailable');
  up = true;
  expect(await reasonOf(resolve())).toBe('jwks-unavailable');
  advance(1_000);
  expect(await reasonOf(resolve())).toBe('resolved');
  expect(fetches()).toBe(2);
});

test('concurrent calls share one fetch of the same URL', async () => {
  const unmatched = recordUnmatchedRequests();
  const scope = nock(EHR).get(PATH).once().delay(100).reply(200, jwksOf(keyA));
  const getKey = createRemoteJwks(URL_);
  const results = await Promise.allSettled(Array.from({ length: 20 }, () => lookUp(getKey)));
  expect(results.map((r) => r.status)).toEqual(Array(20).fill('fulfilled'));
  expect(scope.isDone()).toBe(true);
  expect(unmatched).toEqual([]);
});

test('concurrent calls to a failing URL share one fetch, then fail fast during the backoff', async () => {
  const { resolve, fetches } = setup(() => [500, 'down']);
  const first = await Promise.all(Array.from({ length: 20 }, () => reasonOf(resolve())));
  const next = await Promise.all(Array.from({ length: 20 }, () => reasonOf(resolve())));
  expect([...new Set([...first, ...next])]).toEqual(['jwks-unavailable']);
  expect(fetches()).toBe(1);
});

test('a hanging JWKS URL is given up after the timeout, and not asked again during the backoff', async () => {
  const scope = nock(EHR).get(PATH).delay(5_000).reply(200, jwksOf(keyA));
  const getKey = createRemoteJwks(URL_, { timeoutMs: 100 });
  const started = performance.now();
  expect(await reasonOf(lookUp(getKey))).toBe('jwks-unavailable');
  expect(await reasonOf(lookUp(getKey))).toBe('jwks-unavailable');
  // A correctness bound (the timeout is 100 ms, the hook deadline 1.5 s), not a benchmark.
  expect(performance.now() - started).toBeLessThan(1_000);
  expect(scope.isDone()).toBe(true);
});

test('keys fetched before keep verifying past their cache age while the URL fails', async () => {
  let up = true;
  const { resolve, fetches, advance } = setup(() => (up ? [200, jwksOf(keyA)] : [500, 'down']), { cacheMaxAgeMs: 60_000 });
  expect(await reasonOf(resolve())).toBe('resolved');
  up = false;
  advance(60_000);
  expect(await reasonOf(resolve())).toBe('resolved');
  expect(await reasonOf(resolve())).toBe('resolved');
  expect(fetches()).toBe(2);
});

test('an unknown kid at a failing URL does not refetch before the backoff even after the cooldown', async () => {
  let up = true;
  const { resolve, fetches, advance } = setup(() => (up ? [200, jwksOf(keyA)] : [500, 'down']), { cooldownMs: 0 });
  expect(await reasonOf(resolve())).toBe('resolved');
  up = false;
  expect(await reasonOf(resolve('rotated'))).toBe('jwks-unavailable');
  expect(await reasonOf(resolve('rotated'))).toBe('jwks-unavailable');
  advance(999);
  expect(await reasonOf(resolve('rotated'))).toBe('jwks-unavailable');
  expect(fetches()).toBe(2);
});

test('a JWKS body over the size cap is a failure', async () => {
  const { resolve } = setup(() => [200, { keys: [keyA.publicJwk], padding: 'x'.repeat(2_000) }], { maxBytes: 1_000 });
  expect(await reasonOf(resolve())).toBe('jwks-unavailable');
});

test('the fetch timeout is a third of the hook deadline', () => {
  expect(jwksTimeoutMs(1500)).toBe(500);
});
