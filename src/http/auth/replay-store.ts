/**
 * Seen `jti`s, kept for the token's lifetime (CDS Hooks best practices: "jti has not been seen"; keep them for
 * the maximum JWT lifetime, at most 1 h).
 *
 * The in-memory store protects ONE process. With several replicas, a token replayed to another replica would
 * pass: they share the PostgreSQL store instead (`postgres-replay-store.ts`, `CDS_DATABASE_URL`), and any other
 * shared store (e.g. Redis `SET key 1 NX PXAT expiresAt`) plugs into the same interface.
 */
export interface ReplayStore {
  /**
   * Remembers `(iss, jti)` until `expiresAt` (epoch ms) and returns true, or returns false when it was
   * already seen and has not expired. Atomic: of two concurrent calls with the same pair, one gets true.
   * Throws when it cannot decide (store full or unreachable); the caller then refuses the token.
   */
  checkAndRemember(iss: string, jti: string, expiresAt: number): Promise<boolean>;
}

/** Limits and the injected clock of the in-memory store. */
export interface MemoryReplayStoreOptions {
  readonly now: () => Date;
  /** Upper bound on remembered tokens; when full of unexpired entries the store fails closed. */
  readonly maxEntries?: number;
}

/** Thrown when the store is full of unexpired entries; the token is refused rather than left unchecked. */
export class ReplayStoreFullError extends Error {
  constructor() {
    super('replay store is full');
    this.name = 'ReplayStoreFullError';
  }
}

const SWEEP_EVERY = 1024;

/** A bounded, expiring replay store for a single process. */
export function createMemoryReplayStore(options: MemoryReplayStoreOptions): ReplayStore & { readonly size: () => number } {
  const maxEntries = options.maxEntries ?? 100_000;
  const expiries = new Map<string, number>();
  let insertsSinceSweep = 0;

  const sweep = (now: number): void => {
    for (const [key, expiresAt] of expiries) if (expiresAt <= now) expiries.delete(key);
    insertsSinceSweep = 0;
  };

  return {
    size: () => expiries.size,
    checkAndRemember(iss, jti, expiresAt) {
      const now = options.now().getTime();
      // JSON keeps the pair unambiguous whatever characters iss and jti hold.
      const key = JSON.stringify([iss, jti]);
      const seenUntil = expiries.get(key);
      if (seenUntil !== undefined && seenUntil > now) return Promise.resolve(false);
      if (expiries.size >= maxEntries || insertsSinceSweep >= SWEEP_EVERY) sweep(now);
      if (expiries.size >= maxEntries) return Promise.reject(new ReplayStoreFullError());
      expiries.set(key, expiresAt);
      insertsSinceSweep += 1;
      return Promise.resolve(true);
    },
  };
}
