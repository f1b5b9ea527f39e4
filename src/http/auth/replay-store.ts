import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { replayStoreCapacity, replayStoreEntries, replayStoreHighWater, replayStoreRefusals } from '../../metrics/auth-metrics.js';

/**
 * Seen `jti`s, kept for the token's lifetime (CDS Hooks best practices: "jti has not been seen"; keep them for
 * the maximum JWT lifetime, at most 1 h).
 *
 * The in-memory store protects ONE process and forgets everything on restart. With several replicas, a token
 * replayed to another replica would pass: they share the PostgreSQL store instead (`postgres-replay-store.ts`,
 * `CDS_DATABASE_URL`), and any other shared store (e.g. Redis `SET key 1 NX PXAT expiresAt`) plugs into the same
 * interface.
 */
export interface ReplayStore {
  /**
   * Remembers `(iss, jti)` until `expiresAt` (epoch ms) and returns true, or returns false when it was
   * already seen and has not expired. Atomic: of two concurrent calls with the same pair, one gets true.
   * Throws when it cannot decide (store full or unreachable); the caller then refuses the token.
   */
  checkAndRemember(iss: string, jti: string, expiresAt: number): Promise<boolean>;
}

/** Bound, clock and log of the in-memory store. */
export interface MemoryReplayStoreOptions {
  readonly now: () => Date;
  /**
   * Most tokens remembered, all issuers together: the configured peak call rate × (token lifetime + skew); default
   * 1,000 calls/s × (300 s + 30 s).
   */
  readonly capacity?: number;
  /** Receives the 80 % warning and the first refusal of each full episode. */
  readonly log?: Logger;
}

/** Thrown when the store has no room for this issuer's token; the token is refused rather than left unchecked. */
export class ReplayStoreFullError extends Error {
  constructor() {
    super('replay store is full');
    this.name = 'ReplayStoreFullError';
  }
}

/** The in-memory store, with its size for tests and metrics. */
export interface MemoryReplayStore extends ReplayStore {
  readonly size: () => number;
}

const WARN_AT = 0.8;
// Re-armed only well below the warning level, so a store hovering at 80 % logs once, not on every call.
const REARM_BELOW = 0.7;

// Entries are kept per issuer under a fixed-size digest of the jti, so memory per entry does not depend on what
// the issuer puts in `jti` (up to 256 characters) and the pair (iss, jti) can't be joined ambiguously.
const digest = (jti: string): string => createHash('sha256').update(jti).digest('base64url');

/**
 * A replay store for a single process, bounded by `capacity` and by each token's own expiry.
 *
 * When it is full, the token is refused only if its issuer holds the most entries; a token of any other issuer
 * takes the place of the oldest entry of that top issuer, which is then refused until the evicted token would have
 * expired (so the evicted jti can't be replayed). One noisy or hostile issuer can't lock the others out.
 */
export function createMemoryReplayStore(options: MemoryReplayStoreOptions): MemoryReplayStore {
  const { capacity = 330_000, log } = options;
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`replay store: capacity must be a positive integer, not ${capacity}`);
  // iss → (jti digest → expiresAt ms), in insertion order, so the first entry is the oldest.
  const byIssuer = new Map<string, Map<string, number>>();
  // Expiry second → the entries that expire within it; swept second by second as the clock passes.
  const expiring = new Map<number, [string, string][]>();
  // Issuers that lost entries to make room: refused until then (epoch ms).
  const blockedUntil = new Map<string, number>();
  let size = 0;
  let sweptThrough: number | undefined;
  let warned = false;
  let refusing = false;
  replayStoreCapacity.set(capacity);
  replayStoreEntries.set(0);

  const forgetBucket = (second: number, now: number): void => {
    for (const [iss, key] of expiring.get(second) ?? []) {
      const entries = byIssuer.get(iss);
      const expiresAt = entries?.get(key);
      if (entries && expiresAt !== undefined && expiresAt <= now) {
        entries.delete(key);
        size -= 1;
        if (entries.size === 0) byIssuer.delete(iss);
      }
    }
    expiring.delete(second);
  };

  const sweep = (now: number): void => {
    const second = Math.floor(now / 1000);
    if (sweptThrough === undefined || second <= sweptThrough) {
      sweptThrough ??= second;
      return;
    }
    // After a long idle time, visiting the few remaining buckets is cheaper than every elapsed second.
    if (second - sweptThrough > expiring.size) {
      for (const bucket of [...expiring.keys()]) if (bucket <= second) forgetBucket(bucket, now);
    } else {
      for (let s = sweptThrough + 1; s <= second; s += 1) forgetBucket(s, now);
    }
    sweptThrough = second;
    for (const [iss, until] of blockedUntil) if (until <= now) blockedUntil.delete(iss);
  };

  const topIssuer = (): [string, number] | undefined => {
    let top: [string, number] | undefined;
    for (const [iss, entries] of byIssuer) if (!top || entries.size > top[1]) top = [iss, entries.size];
    return top;
  };

  const refuse = (iss: string): Promise<boolean> => {
    replayStoreRefusals.inc({ issuer: iss });
    if (!refusing) {
      refusing = true;
      // The issuer is a configured, trusted URL, not caller data.
      log?.warn({ event: 'replay-store-full', issuer: iss, entries: size, capacity }, 'JWT replay store full: refusing new tokens of the issuer holding the most entries');
    }
    return Promise.reject(new ReplayStoreFullError());
  };

  const evictOldest = (iss: string, now: number): void => {
    const entries = byIssuer.get(iss);
    const oldest = entries?.entries().next().value;
    if (!entries || !oldest) return;
    entries.delete(oldest[0]);
    size -= 1;
    if (entries.size === 0) byIssuer.delete(iss);
    blockedUntil.set(iss, Math.max(blockedUntil.get(iss) ?? now, oldest[1]));
  };

  const observeFill = (): void => {
    replayStoreEntries.set(size);
    if (!warned && size >= WARN_AT * capacity) {
      warned = true;
      replayStoreHighWater.inc();
      log?.warn({ event: 'replay-store-high-water', entries: size, capacity }, 'JWT replay store above 80 % of its capacity (CDS_PEAK_CALLS_PER_SECOND)');
    } else if (warned && size < REARM_BELOW * capacity) {
      warned = false;
      refusing = false;
    }
  };

  return {
    size: () => size,
    checkAndRemember(iss, jti, expiresAt) {
      const now = options.now().getTime();
      sweep(now);
      const key = digest(jti);
      const seenUntil = byIssuer.get(iss)?.get(key);
      if (seenUntil !== undefined && seenUntil > now) return Promise.resolve(false);
      // Already expired: it can never pass an exp check again, so there is nothing to remember.
      if (expiresAt <= now) return Promise.resolve(true);
      if ((blockedUntil.get(iss) ?? 0) > now) return refuse(iss);
      if (size >= capacity) {
        const top = topIssuer();
        if (!top || (byIssuer.get(iss)?.size ?? 0) >= top[1]) return refuse(iss);
        evictOldest(top[0], now);
      }
      let entries = byIssuer.get(iss);
      if (!entries) byIssuer.set(iss, (entries = new Map()));
      entries.set(key, expiresAt);
      const second = Math.ceil(expiresAt / 1000);
      const bucket = expiring.get(second);
      if (bucket) bucket.push([iss, key]);
      else expiring.set(second, [[iss, key]]);
      size += 1;
      observeFill();
      return Promise.resolve(true);
    },
  };
}
