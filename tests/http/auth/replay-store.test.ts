import { createMemoryReplayStore, ReplayStoreFullError } from '../../../src/http/auth/replay-store.js';
import { metricsRegistry } from '../../../src/metrics/registry.js';
import { captureLog } from '../../support/log-capture.js';

// dimensions: first sight · replay before expiry · same jti from another issuer · each entry's own expiry ·
// bound (the issuer holding the most entries is refused, others pass) · ties · 80 % warning (log line and metric)

const T0 = new Date('2026-11-20T12:00:00Z').getTime();
const A = 'https://a.example.org';
const B = 'https://b.example.org';
const C = 'https://c.example.org';

function storeAt(start: number, capacity?: number) {
  let now = start;
  const { log, lines } = captureLog();
  const store = createMemoryReplayStore({ now: () => new Date(now), log, ...(capacity !== undefined ? { capacity } : {}) });
  const events = (): string[] => lines().map((l) => (JSON.parse(l) as { event: string }).event);
  return { store, events, advance: (ms: number) => (now += ms) };
}

async function metric(name: string): Promise<number | undefined> {
  return (await metricsRegistry.getSingleMetric(name)?.get())?.values[0]?.value;
}

async function fill(store: ReturnType<typeof createMemoryReplayStore>, iss: string, count: number, expiresAt: number): Promise<void> {
  for (let i = 0; i < count; i += 1) expect(await store.checkAndRemember(iss, `${iss}#${i}`, expiresAt)).toBe(true);
}

test('a jti is fresh the first time and a replay until it expires', async () => {
  const { store } = storeAt(T0);
  expect(await store.checkAndRemember(A, 'j1', T0 + 60_000)).toBe(true);
  expect(await store.checkAndRemember(A, 'j1', T0 + 60_000)).toBe(false);
});

test('the same jti from another issuer is a different token', async () => {
  const { store } = storeAt(T0);
  expect(await store.checkAndRemember(A, 'j1', T0 + 60_000)).toBe(true);
  expect(await store.checkAndRemember(B, 'j1', T0 + 60_000)).toBe(true);
});

test('issuer and jti are kept apart even when their characters could be joined ambiguously', async () => {
  const { store } = storeAt(T0);
  expect(await store.checkAndRemember('a:b', 'c', T0 + 60_000)).toBe(true);
  expect(await store.checkAndRemember('a', 'b:c', T0 + 60_000)).toBe(true);
});

test('each entry is forgotten when its own token expires, not before', async () => {
  const { store, advance } = storeAt(T0);
  await store.checkAndRemember(A, 'short', T0 + 10_000);
  await store.checkAndRemember(A, 'long', T0 + 330_000);
  advance(10_000);
  expect(await store.checkAndRemember(A, 'long', T0 + 330_000)).toBe(false);
  expect(store.size()).toBe(1);
  expect(await store.checkAndRemember(A, 'short', T0 + 40_000)).toBe(true);
});

test('after a long idle time every expired entry is swept on the next call', async () => {
  const { store, advance } = storeAt(T0);
  await fill(store, A, 50, T0 + 300_000);
  advance(86_400_000);
  await store.checkAndRemember(B, 'j', T0 + 86_700_000);
  expect(store.size()).toBe(1);
});

test('a full store refuses new tokens of the issuer holding the most entries, and still detects its replays', async () => {
  const { store, events } = storeAt(T0, 3);
  await fill(store, A, 3, T0 + 60_000);
  await expect(store.checkAndRemember(A, 'new', T0 + 60_000)).rejects.toBeInstanceOf(ReplayStoreFullError);
  expect(await store.checkAndRemember(A, `${A}#0`, T0 + 60_000)).toBe(false);
  expect(events()).toEqual(['replay-store-high-water', 'replay-store-full']);
});

test('a full store still admits another issuer, whose token takes the oldest entry of the noisy one', async () => {
  const { store } = storeAt(T0, 3);
  await fill(store, A, 3, T0 + 60_000);
  expect(await store.checkAndRemember(B, 'b1', T0 + 60_000)).toBe(true);
  expect(store.size()).toBe(3);
  expect(await store.checkAndRemember(B, 'b1', T0 + 60_000)).toBe(false);
});

test('an issuer that lost an entry is refused until that token would have expired, so it cannot be replayed', async () => {
  const { store, advance } = storeAt(T0, 3);
  await fill(store, A, 3, T0 + 60_000);
  await store.checkAndRemember(B, 'b1', T0 + 120_000);
  // A#0 was evicted: replaying it is refused as long as it could pass its exp check.
  await expect(store.checkAndRemember(A, `${A}#0`, T0 + 60_000)).rejects.toBeInstanceOf(ReplayStoreFullError);
  advance(60_000);
  expect(await store.checkAndRemember(A, 'later', T0 + 120_000)).toBe(true);
});

test('when two issuers tie for the most entries both are refused and a third still passes', async () => {
  const { store } = storeAt(T0, 4);
  await fill(store, A, 2, T0 + 60_000);
  await fill(store, B, 2, T0 + 60_000);
  await expect(store.checkAndRemember(A, 'a', T0 + 60_000)).rejects.toBeInstanceOf(ReplayStoreFullError);
  await expect(store.checkAndRemember(B, 'b', T0 + 60_000)).rejects.toBeInstanceOf(ReplayStoreFullError);
  expect(await store.checkAndRemember(C, 'c', T0 + 60_000)).toBe(true);
});

test('a flood from one issuer never grows the store past its capacity, and the others keep passing', async () => {
  const { store } = storeAt(T0, 100);
  for (let i = 0; i < 1000; i += 1) {
    await store.checkAndRemember(A, `a${i}`, T0 + 300_000).catch(() => false);
    if (i % 50 === 0) expect(await store.checkAndRemember(i % 100 === 0 ? B : C, `o${i}`, T0 + 300_000)).toBe(true);
    expect(store.size()).toBeLessThanOrEqual(100);
  }
});

test('crossing 80 % logs one warning and counts it; it re-arms only after falling below 70 %', async () => {
  const { store, events, advance } = storeAt(T0, 10);
  const before = (await metric('cds_replay_store_high_water_total')) ?? 0;
  await fill(store, A, 9, T0 + 1_000);
  expect(events()).toEqual(['replay-store-high-water']);
  expect(await metric('cds_replay_store_entries')).toBe(9);
  expect(await metric('cds_replay_store_capacity')).toBe(10);
  advance(1_000);
  await fill(store, B, 8, T0 + 60_000);
  expect(events()).toEqual(['replay-store-high-water', 'replay-store-high-water']);
  expect(await metric('cds_replay_store_high_water_total')).toBe(before + 2);
});

test('a capacity that is not a positive integer is a programming error', () => {
  expect(() => createMemoryReplayStore({ now: () => new Date(T0), capacity: 0 })).toThrow('capacity must be a positive integer');
});
