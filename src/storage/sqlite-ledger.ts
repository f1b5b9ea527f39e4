import { Worker } from 'node:worker_threads';
import { StorageUnavailableError, type LedgerEntry } from './governance-store.js';
import { ledgerRowValues } from './sql-governance-store.js';
import { unavailable } from './sqlite-driver.js';
import type { LedgerBatchMessage, LedgerWorkerData, LedgerWorkerReply } from './sqlite-ledger-worker.js';

/**
 * The SQLite card ledger written on a worker thread (`sqlite-ledger-worker.ts`), so its INSERTs, COMMITs and WAL
 * checkpoints leave the event loop. `write` resolves once the worker's COMMIT returned and rejects as the main
 * connection would (`StorageUnavailableError` naming the file for a read-only or full disk), so the ledger writer
 * above keeps a batch queued until it is in the database, as before.
 */
export interface SqliteLedgerWorker {
  write(entries: readonly LedgerEntry[]): Promise<void>;
  /** Waits for the batches sent, closes the worker's connection and ends the thread. */
  close(): Promise<void>;
}

// The compiled worker: from dist/storage/ (the service) and from src/storage/ (jest, which runs the sources after
// `npm test` built them) this is the same file, as `http/admin-routes.ts` finds the chart script.
const WORKER_FILE = new URL('../../dist/storage/sqlite-ledger-worker.js', import.meta.url);

export function startSqliteLedgerWorker(file: string, options: { readonly maxPageCount?: number; readonly checkpointMs?: number } = {}): SqliteLedgerWorker {
  const data: LedgerWorkerData = {
    file,
    checkpointMs: options.checkpointMs ?? 10_000,
    ...(options.maxPageCount !== undefined ? { maxPageCount: options.maxPageCount } : {}),
  };
  const waiting = new Map<number, { resolve: () => void; reject: (err: unknown) => void }>();
  let nextId = 1;
  let worker: Worker | undefined;
  let closing: Promise<void> | undefined;

  const failAll = (err: unknown): void => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  // The thread keeps the process alive only while a batch is out: an idle ledger never delays an exit, and a
  // drain awaiting the last COMMIT is never cut short.
  const settled = (w: Worker): void => {
    if (waiting.size === 0) w.unref();
  };
  const spawn = (): Worker => {
    const w = new Worker(WORKER_FILE, { workerData: data });
    w.on('message', (reply: LedgerWorkerReply) => {
      const pending = waiting.get(reply.id);
      if (!pending) return;
      waiting.delete(reply.id);
      settled(w);
      if (reply.ok) pending.resolve();
      else pending.reject(unavailable(file, Object.assign(new Error(reply.message), { code: reply.code })));
    });
    w.on('error', (err) => failAll(new StorageUnavailableError(`governance ledger writer for ${file} stopped: ${err.message}`, err)));
    // A thread that ended (closed, or crashed): the batches it held are rejected, stay queued, and the next write starts a new one.
    w.on('exit', () => {
      if (worker === w) worker = undefined;
      failAll(new StorageUnavailableError(`governance ledger writer for ${file} stopped`));
    });
    w.unref();
    return w;
  };

  return {
    write(entries) {
      if (entries.length === 0) return Promise.resolve();
      if (closing) return Promise.reject(new StorageUnavailableError(`governance ledger writer for ${file} is closed`));
      const w = (worker ??= spawn());
      const id = nextId++;
      const message: LedgerBatchMessage = { id, values: ledgerRowValues(entries) };
      return new Promise<void>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        w.ref();
        w.postMessage(message);
      });
    },
    close() {
      closing ??= (async () => {
        const w = worker;
        if (!w) return;
        w.ref();
        const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
        // Messages are handled in order: the batches already sent are committed (and answered) before the close.
        w.postMessage('close');
        await exited;
      })();
      return closing;
    },
  };
}
