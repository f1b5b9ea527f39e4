import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import type { GovernanceStore } from '../../src/storage/governance-store.js';
import { openSqliteStore, postgresStore } from '../../src/storage/open-store.js';
import { testPool, uniqueTable } from './postgres.js';

/**
 * The two real databases the governance store runs on, behind one shape so a suite runs against both: SQLite in a
 * temporary folder, and the machine's PostgreSQL in a schema of its own (dropped at the end).
 */
export interface StoreBackend {
  readonly name: 'sqlite' | 'postgres';
  /** A store on a fresh database (a new file or schema), or on `place` to reopen one. */
  open(options?: { readonly upTo?: number; readonly place?: string }): Promise<{ store: GovernanceStore; place: string }>;
  cleanup(): Promise<void>;
}

export function sqliteBackend(): StoreBackend {
  const dir = mkdtempSync(path.join(tmpdir(), 'gov-store-'));
  let n = 0;
  return {
    name: 'sqlite',
    async open(options = {}) {
      const place = options.place ?? path.join(dir, `db-${++n}`, 'governance.db');
      return { store: await openSqliteStore(place, options.upTo !== undefined ? { upTo: options.upTo } : {}), place };
    },
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
}

export function postgresBackend(): StoreBackend {
  const pools: pg.Pool[] = [];
  const schemas: string[] = [];
  return {
    name: 'postgres',
    async open(options = {}) {
      const place = options.place ?? uniqueTable('gov_test');
      if (!options.place) schemas.push(place);
      // A pool per store, as each replica has its own.
      const pool = testPool();
      pools.push(pool);
      const { store, migrate } = postgresStore(pool, { schema: place, ...(options.upTo !== undefined ? { upTo: options.upTo } : {}) });
      await migrate();
      return { store, place };
    },
    async cleanup() {
      const pool = testPool();
      for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
      await Promise.all(pools.map((p) => p.end()));
    },
  };
}
