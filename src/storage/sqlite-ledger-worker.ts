import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ledgerInsertsOfValues } from './sql-governance-store.js';
import type { SqlValue } from './sql-driver.js';

/**
 * The worker thread that writes the SQLite card ledger (`sqlite-ledger.ts` starts it): its own connection to the
 * same WAL file, so the INSERTs, the COMMIT and the WAL checkpoints (with their fsyncs) never run on the event loop.
 * Each batch is one transaction at `synchronous=NORMAL` (it survives the process being killed, not a power loss;
 * feedback, committed FULL on the main connection, syncs the WAL file and with it these rows); the answer goes back
 * only after the COMMIT returned.
 */

export interface LedgerWorkerData {
  readonly file: string;
  readonly maxPageCount?: number;
  readonly checkpointMs: number;
}
export interface LedgerBatchMessage {
  readonly id: number;
  /** The batch's rows as `ledgerRowValues` (sql-governance-store.ts) made them. */
  readonly values: readonly SqlValue[];
}
export type LedgerWorkerReply = { readonly id: number; readonly ok: true } | { readonly id: number; readonly ok: false; readonly code: string; readonly message: string };

const port = parentPort;
if (!port) throw new Error('sqlite-ledger-worker runs as a worker thread');
const data = workerData as LedgerWorkerData;
const failure = (err: unknown): { code: string; message: string } => ({
  code: typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '',
  message: err instanceof Error ? err.message : String(err),
});

let db: Database.Database | undefined;
let opening: { code: string; message: string } | undefined;
try {
  db = new Database(data.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Waiting for the main connection's lock blocks this thread only, never the event loop.
  db.pragma('busy_timeout = 5000');
  if (data.maxPageCount !== undefined) db.pragma(`max_page_count = ${data.maxPageCount}`);
} catch (err: unknown) {
  opening = failure(err);
}

const statements = new Map<string, Database.Statement>();
const write = (values: readonly SqlValue[]): void => {
  if (!db) return;
  const connection = db;
  connection
    .transaction(() => {
      for (const { sql, params } of ledgerInsertsOfValues('gov_ledger', values)) {
        let statement = statements.get(sql);
        if (statement === undefined) {
          statement = connection.prepare(sql);
          statements.set(sql, statement);
        }
        // An array binds as the list of anonymous parameters, without spreading 3,000 arguments.
        statement.run(params);
      }
    })
    .immediate();
};

// The main connection does not checkpoint (`wal_autocheckpoint = 0` there): this one does, after its commits
// (SQLite's automatic checkpoint at 1000 pages) and on a timer for a WAL grown by feedback alone.
const timer = setInterval(() => {
  try {
    db?.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A busy or full database: the next commit's automatic checkpoint tries again.
  }
}, data.checkpointMs);

port.on('message', (message: LedgerBatchMessage | 'close') => {
  if (message === 'close') {
    clearInterval(timer);
    db?.close();
    port.close();
    return;
  }
  let reply: LedgerWorkerReply;
  if (opening) reply = { id: message.id, ok: false, ...opening };
  else {
    try {
      write(message.values);
      reply = { id: message.id, ok: true };
    } catch (err: unknown) {
      reply = { id: message.id, ok: false, ...failure(err) };
    }
  }
  port.postMessage(reply);
});
