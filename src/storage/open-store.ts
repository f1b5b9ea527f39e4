import { hostname } from 'node:os';
import type { Pool } from 'pg';
import type { GovernanceStore } from './governance-store.js';
import { loadMigrations } from './migrations.js';
import { createPostgresDriver } from './postgres-driver.js';
import type { SqlDriver } from './sql-driver.js';
import { createSqlGovernanceStore } from './sql-governance-store.js';
import { openSqliteDriver } from './sqlite-driver.js';
import { startSqliteLedgerWorker } from './sqlite-ledger.js';

/** Opening the governance store: migrations applied, then one real write, so a read-only database stops start-up. */

export interface MigrateOptions {
  /** Test hook: stop at this schema version (to test migrating from the previous one). */
  readonly upTo?: number;
}

/** Applies the migrations and records this replica's start (a real write). */
export async function migrateAndProbe(driver: SqlDriver, options: MigrateOptions = {}): Promise<number> {
  const version = await driver.migrate(loadMigrations(), options.upTo);
  if (version === 0) return version;
  await driver.run(
    `INSERT INTO ${driver.table('gov_startup')} (replica, started_at) VALUES (?, ?) ON CONFLICT (replica) DO UPDATE SET started_at = excluded.started_at`,
    [`${hostname()}:${process.pid}`, Date.now()],
  );
  return version;
}

/**
 * The SQLite store in `file` (created with its folder on first start), migrated; its ledger batches are written by a
 * worker thread (`sqlite-ledger.ts`), everything else on this connection.
 */
export async function openSqliteStore(file: string, options: MigrateOptions & { readonly maxPageCount?: number } = {}): Promise<GovernanceStore> {
  const driver = openSqliteDriver({ file, ...(options.maxPageCount !== undefined ? { maxPageCount: options.maxPageCount } : {}) });
  try {
    await migrateAndProbe(driver, options);
  } catch (err: unknown) {
    await driver.close();
    throw err;
  }
  const store = createSqlGovernanceStore(driver);
  // The ledger's batches go to a worker thread with its own connection, which also does the WAL checkpoints: this
  // connection (feedback, reads, retention) never checkpoints, so the event loop never fsyncs for the ledger.
  await driver.exec('PRAGMA wal_autocheckpoint = 0');
  const ledger = startSqliteLedgerWorker(file, options.maxPageCount !== undefined ? { maxPageCount: options.maxPageCount } : {});
  return {
    ...store,
    writeLedger: (entries) => ledger.write(entries),
    async close() {
      try {
        await ledger.close();
      } finally {
        await store.close();
      }
    },
  };
}

/**
 * The PostgreSQL store on `pool` (owned by the caller) and the step that migrates it, to be run once the database
 * answers (the service registers it with the shared database's `onAvailable`).
 */
export function postgresStore(pool: Pool, options: MigrateOptions & { readonly schema?: string } = {}): {
  readonly store: GovernanceStore;
  readonly migrate: () => Promise<number>;
} {
  const driver = createPostgresDriver({ pool, ...(options.schema ? { schema: options.schema } : {}) });
  return { store: createSqlGovernanceStore(driver), migrate: () => migrateAndProbe(driver, options) };
}
