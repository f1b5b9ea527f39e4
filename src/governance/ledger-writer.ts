import type { Logger } from 'pino';
import type { GovernanceStore, LedgerEntry } from '../storage/governance-store.js';

/**
 * The card ledger's write queue: hook calls append and return at once; a timer writes the queue in batches, so the
 * database is off the response path. A batch that fails stays queued and is retried; `close` writes what is left
 * (run on a graceful stop, after the server closed), so a card that was sent is never lost then.
 */

export interface LedgerWriterOptions {
  readonly store: GovernanceStore;
  readonly log: Logger;
  /** How often the queue is written (ms); also how long feedback waits for a card another replica just sent. */
  readonly flushIntervalMs: number;
  /** A batch is written at once when the queue reaches this size. */
  readonly batchSize?: number;
  /** Bound of the queue: beyond it `accepting()` is false and hook calls answer 503 rather than lose cards. */
  readonly maxQueued?: number;
}

export interface LedgerWriter {
  /** Queues entries; throws nothing (the caller checks `accepting()` first). */
  append(entries: readonly LedgerEntry[]): void;
  /** A card still in the queue (sent, not yet written). */
  pending(cardUuid: string): LedgerEntry | undefined;
  /** False while the queue is full (the database has not taken writes for a while). */
  accepting(): boolean;
  /** Writes everything queued now; rejects if the database refuses (entries stay queued). */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left. */
  close(): Promise<void>;
  /** Number of entries queued. */
  size(): number;
}

export function createLedgerWriter(options: LedgerWriterOptions): LedgerWriter {
  const batchSize = options.batchSize ?? 500;
  const maxQueued = options.maxQueued ?? 50_000;
  const queue = new Map<string, LedgerEntry>();
  let chain: Promise<void> = Promise.resolve();
  let failing = false;

  async function writeAll(): Promise<void> {
    while (queue.size > 0) {
      const batch = [...queue.values()].slice(0, batchSize);
      await options.store.writeLedger(batch);
      for (const entry of batch) queue.delete(entry.cardUuid);
    }
  }

  // One write at a time: a flush during a write runs after it and writes what came meanwhile.
  function flush(): Promise<void> {
    const run = chain.then(writeAll);
    chain = run.catch(() => undefined);
    return run.then(
      () => {
        if (failing) options.log.info({ queued: queue.size }, 'ledger writes resumed');
        failing = false;
      },
      (err: unknown) => {
        if (!failing) options.log.error({ queued: queue.size, err: err instanceof Error ? err.message : String(err) }, 'ledger write failed; cards stay queued');
        failing = true;
        throw err;
      },
    );
  }

  const timer = setInterval(() => {
    if (queue.size > 0) flush().catch(() => undefined);
  }, options.flushIntervalMs);
  timer.unref();

  return {
    append(entries) {
      for (const entry of entries) queue.set(entry.cardUuid, entry);
      if (queue.size >= batchSize) flush().catch(() => undefined);
    },
    pending: (cardUuid) => queue.get(cardUuid),
    accepting: () => queue.size < maxQueued,
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
    size: () => queue.size,
  };
}
