import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS_DDL, MIGRATIONS_TABLE, type Durability, type Migration, type SqlDriver, type SqlRow, type SqlTx, type SqlValue } from './sql-driver.js';
import { StorageUnavailableError } from './governance-store.js';
import { countDatabaseError } from '../metrics/database-metrics.js';

/**
 * SQLite through better-sqlite3 (synchronous, in-process): the default database, a file under `./data/` created on
 * first start, in WAL mode so readers do not block the writer and a crash leaves a consistent file.
 */

export interface SqliteDriverOptions {
  readonly file: string;
  /** Test hook: a page limit makes SQLite answer "database or disk is full" as a full disk would. */
  readonly maxPageCount?: number;
}

// SQLite result codes that mean the disk, not the statement, is at fault: https://www.sqlite.org/rescode.html
const DISK_CODES = /^SQLITE_(READONLY|FULL|IOERR|CANTOPEN|PERM|BUSY|LOCKED|NOTADB|CORRUPT)/;

export function unavailable(file: string, err: unknown): unknown {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const disk = DISK_CODES.test(code);
  countDatabaseError('governance', disk ? 'unavailable' : 'statement');
  if (!disk) return err;
  const reason = err instanceof Error ? err.message : code;
  return new StorageUnavailableError(`governance database ${file} cannot be written (${code}: ${reason})`, err);
}

const MAX_CACHED_STATEMENTS = 200;
const BUSY_TIMEOUT_MS = 5000;
const isBusy = (err: unknown): boolean => typeof err === 'object' && err !== null && 'code' in err && /^SQLITE_(BUSY|LOCKED)/.test(String(err.code));

/** Opens (creating folder and file) the SQLite database; throws `StorageUnavailableError` when it cannot. */
export function openSqliteDriver(options: SqliteDriverOptions): SqlDriver {
  const file = options.file;
  let db: Database.Database;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    // WAL with synchronous=FULL: a transaction that returned is on disk (a 2xx for feedback promises that).
    db.pragma('synchronous = FULL');
    // No busy wait inside SQLite: it would block the thread, and with it the connection holding the lock (another
    // store in this process, whose transaction sits at an await). A locked database is retried below instead.
    db.pragma('busy_timeout = 0');
    if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${options.maxPageCount}`);
  } catch (err: unknown) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new StorageUnavailableError(`governance database ${file} cannot be opened for writing: ${reason}`, err);
  }

  // better-sqlite3 is synchronous, but a transaction spans awaits: a chain makes calls take turns so another
  // request's statement never lands inside (or is rolled back with) someone else's transaction.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T> | T): Promise<T> => {
    const next = turn.then(work, work);
    turn = next.catch(() => undefined);
    return next;
  };
  const params = (values: readonly SqlValue[] = []): SqlValue[] => [...values];
  // Statements are prepared once per SQL text and reused: preparing one per call was a tenth of the ledger's cost in
  // issue 11's profile. The texts come from this code (a bounded set); the cap only guards against a future caller
  // building SQL with a varying number of placeholders.
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      if (statements.size >= MAX_CACHED_STATEMENTS) statements.clear();
      statements.set(sql, statement);
    }
    return statement;
  };
  const guarded = <T>(work: () => T): T => {
    try {
      return work();
    } catch (err: unknown) {
      throw unavailable(file, err);
    }
  };
  // Another connection holds the write lock: try again after a pause that lets it finish, for up to 5 s.
  const whenFree = async <T>(work: () => T): Promise<T> => {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      try {
        return work();
      } catch (err: unknown) {
        if (!isBusy(err) || Date.now() >= deadline) throw unavailable(file, err);
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  };
  const direct: SqlTx = {
    all: (sql, values) => Promise.resolve(guarded(() => prepared(sql).all(...params(values)) as SqlRow[])),
    run: (sql, values) => Promise.resolve(guarded(() => prepared(sql).run(...params(values)).changes)),
    exec: (sql) => Promise.resolve(guarded(() => void db.exec(sql))),
  };
  // `synchronous` is per connection, cannot change inside a transaction, and applies to the commits that follow:
  // transactions take turns (`inTurn`), so a `process` one lowers it before its BEGIN and puts FULL back after its end.
  const transaction = <T>(work: (tx: SqlTx) => Promise<T>, durability: Durability = 'disk'): Promise<T> =>
    inTurn(async () => {
      if (durability === 'process') guarded(() => db.exec('PRAGMA synchronous = NORMAL'));
      try {
        await whenFree(() => db.exec('BEGIN IMMEDIATE'));
        try {
          const result = await work(direct);
          guarded(() => db.exec('COMMIT'));
          return result;
        } catch (err: unknown) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      } finally {
        if (durability === 'process') db.exec('PRAGMA synchronous = FULL');
      }
    });

  return {
    dialect: 'sqlite',
    table: (name) => name,
    all: (sql, values) => inTurn(() => whenFree(() => prepared(sql).all(...params(values)) as SqlRow[])),
    run: (sql, values) => inTurn(() => whenFree(() => prepared(sql).run(...params(values)).changes)),
    exec: (sql) => inTurn(() => whenFree(() => void db.exec(sql))),
    transaction,
    // Synchronous from BEGIN to COMMIT: a second connection in the same process (a test's second replica) waiting
    // on the lock would otherwise block the thread while the first one sits at an await inside its transaction.
    migrate: (migrations: readonly Migration[], upTo?: number) =>
      inTurn(() =>
        whenFree(() =>
          db
            .transaction(() => {
              db.exec(MIGRATIONS_DDL);
              let version = Number((db.prepare(`SELECT MAX(version) AS v FROM ${MIGRATIONS_TABLE}`).get() as SqlRow | undefined)?.v ?? 0);
              for (const m of migrations) {
                if (m.version <= version || (upTo !== undefined && m.version > upTo)) continue;
                db.exec(m.sql);
                db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES (?, ?, ?)`).run(m.version, m.name, Date.now());
                version = m.version;
              }
              return version;
            })
            .immediate(),
        ),
      ),
    close: () => inTurn(() => void db.close()),
  };
}
