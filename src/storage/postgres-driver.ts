import type { Pool, PoolClient } from 'pg';
import { applyMigrations, type Migration, type SqlDriver, type SqlRow, type SqlTx, type SqlValue } from './sql-driver.js';
import { StorageUnavailableError } from './governance-store.js';
import { countDatabaseError } from '../metrics/database-metrics.js';

/**
 * PostgreSQL through a `pg.Pool` that the caller owns (replicas share the database). Tables live in `schema`
 * (default: the connection's search_path; tests use a schema of their own). Migrations run in one transaction under an advisory lock,
 * so replicas starting together take turns instead of racing.
 */

export interface PostgresDriverOptions {
  readonly pool: Pool;
  /** A plain identifier. */
  readonly schema?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

// Statements are written with `?`; PostgreSQL numbers its parameters. None of our statements holds a literal '?'.
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

// A connection or server failure, as opposed to a bad statement: SQLSTATE classes 08 (connection), 53 (resources),
// 57 (operator intervention), and errors without SQLSTATE (socket errors, timeouts).
function unavailable(err: unknown): unknown {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const statement = /^[0-9A-Z]{5}$/.test(code) && !/^(08|53|57)/.test(code);
  countDatabaseError('governance', statement ? 'statement' : 'unavailable');
  if (statement) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new StorageUnavailableError(`governance database (PostgreSQL) cannot be reached: ${reason}`, err);
}

function onClient(client: Pool | PoolClient): SqlTx {
  return {
    all: async (sql, values: readonly SqlValue[] = []) => {
      try {
        return (await client.query(numbered(sql), [...values])).rows as SqlRow[];
      } catch (err: unknown) {
        throw unavailable(err);
      }
    },
    run: async (sql, values: readonly SqlValue[] = []) => {
      try {
        return (await client.query(numbered(sql), [...values])).rowCount ?? 0;
      } catch (err: unknown) {
        throw unavailable(err);
      }
    },
    exec: async (sql) => {
      try {
        await client.query(sql);
      } catch (err: unknown) {
        throw unavailable(err);
      }
    },
  };
}

/** A driver on `pool`; the pool is not ended by `close` (its owner ends it). */
export function createPostgresDriver(options: PostgresDriverOptions): SqlDriver {
  // Without a schema, names stay unqualified and follow the connection's search_path (the URL may set one).
  const schema = options.schema;
  if (schema !== undefined && !IDENTIFIER.test(schema)) throw new Error(`governance store: schema '${schema}' is not a plain identifier`);
  const pool = options.pool;

  async function transaction<T>(work: (tx: SqlTx) => Promise<T>, setup?: (tx: SqlTx) => Promise<void>): Promise<T> {
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (err: unknown) {
      throw unavailable(err);
    }
    const tx = onClient(client);
    try {
      await tx.exec('BEGIN');
      await setup?.(tx);
      const result = await work(tx);
      await tx.exec('COMMIT');
      return result;
    } catch (err: unknown) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  return {
    dialect: 'postgres',
    table: (name) => (schema ? `${schema}.${name}` : name),
    ...onClient(pool),
    transaction: (work) => transaction(work),
    migrate: (migrations: readonly Migration[], upTo?: number) =>
      transaction(
        (tx) => applyMigrations(tx, migrations, upTo, Date.now()),
        async (tx) => {
          // The lock first, then the schema: concurrent CREATE SCHEMA IF NOT EXISTS can still collide in the catalog.
          await tx.all('SELECT pg_advisory_xact_lock(hashtext(?))', [`cds-governance-migrations:${schema ?? ''}`]);
          if (schema) await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET LOCAL search_path TO ${schema}`);
        },
      ),
    close: () => Promise.resolve(),
  };
}
