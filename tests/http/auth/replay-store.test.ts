import { createMemoryReplayStore, ReplayStoreFullError } from '../../../src/http/auth/replay-store.js';

// dimensions: first sight · replay before expiry · same jti from another issuer · after expiry · bound

const T0 = new Date('2026-11-20T12:00:00Z').getTime();

function storeAt(start: number, maxEntries?: number): { store: ReturnType<typeof createMemoryReplayStore>; advance: (ms: number) => void } {
  let now = start;
  const store = createMemoryReplayStore({ now: () => new Date(now), ...(maxEntries !== undefined ? { maxEntries } : {}) });
  return { store, advance: (ms) => (now += ms) };
}

test('a jti is fresh the first time and a replay until it expires', async () => {
  const { store } = storeAt(T0);
  expect(await store.checkAndRemember('https://a', 'j1', T0 + 60_000)).toBe(true);
  expect(await store.checkAndRemember('https://a', 'j1', T0 + 60_000)).toBe(false);
});

test('the same jti from another issuer is a different token', async () => {
  const { store } = storeAt(T0);
  expect(await store.checkAndRemember('https://a', 'j1', T0 + 60_000)).toBe(true);
  expect(await store.checkAndRemember('https://b', 'j1', T0 + 60_000)).toBe(true);
});

test('issuer and jti are kept apart even when their characters could be joined ambiguously', async () => {
  const { store } = storeAt(T0);
  expect(await store.checkAndRemember('a:b', 'c', T0 + 60_000)).toBe(true);
  expect(await store.checkAndRemember('a', 'b:c', T0 + 60_000)).toBe(true);
});

test('an entry is forgotten once its token has expired', async () => {
  const { store, advance } = storeAt(T0);
  await store.checkAndRemember('https://a', 'j1', T0 + 60_000);
  advance(60_000);
  expect(await store.checkAndRemember('https://a', 'j1', T0 + 120_000)).toBe(true);
});

test('a full store sweeps expired entries to make room', async () => {
  const { store, advance } = storeAt(T0, 2);
  await store.checkAndRemember('https://a', 'j1', T0 + 1_000);
  await store.checkAndRemember('https://a', 'j2', T0 + 1_000);
  advance(1_000);
  expect(await store.checkAndRemember('https://a', 'j3', T0 + 61_000)).toBe(true);
  expect(store.size()).toBe(1);
});

test('a store full of unexpired entries fails closed instead of forgetting a jti', async () => {
  const { store } = storeAt(T0, 2);
  await store.checkAndRemember('https://a', 'j1', T0 + 60_000);
  await store.checkAndRemember('https://a', 'j2', T0 + 60_000);
  await expect(store.checkAndRemember('https://a', 'j3', T0 + 60_000)).rejects.toBeInstanceOf(ReplayStoreFullError);
  expect(await store.checkAndRemember('https://a', 'j1', T0 + 60_000)).toBe(false);
});
