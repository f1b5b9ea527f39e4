import type pg from 'pg';
import type { PostgresDatabase } from '../../storage/postgres-database.js';
import type { ReplayStore } from './replay-store.js';

/**
 * A replay store shared by every replica of the service: seen `(iss, jti)` pairs live in one PostgreSQL table, so a
 * token replayed to another replica is refused too (CDS Hooks best practices: "jti has not been seen").
 * It runs on the resilient database of `src/storage/postgres-database.ts`: while the database cannot answer,
 * `checkAndRemember` throws `DatabaseUnavailableError` and the token is refused (503, see `ehr-auth.ts`).
 */

/** Options of the PostgreSQL store; `now` is injected as everywhere else. */
export interface PostgresReplayStoreOptions {
  readonly database: Pick<PostgresDatabase, 'query' | 'onAvailable'>;
  readonly now: () => Date;
  /** Table name (a plain SQL identifier), created when the database first answers; default `cds_jwt_replay`. */
  readonly table?: string;
}

/** The default table; it lives in the connection's `search_path` (a schema may be chosen in the URL). */
export const DEFAULT_REPLAY_TABLE = 'cds_jwt_replay';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const SWEEP_EVERY = 1024;

function checkedTable(table: string): string {
  if (!IDENTIFIER.test(table)) throw new Error(`replay store: table name '${table}' is not a plain identifier`);
  return table;
}

/**
 * Creates the table if it does not exist. Replicas start together, and concurrent CREATE TABLE IF NOT EXISTS can
 * still collide in PostgreSQL's catalog: an advisory lock makes them take turns.
 */
export async function createReplayTable(pool: pg.Pool, table: string = DEFAULT_REPLAY_TABLE): Promise<void> {
  const name = checkedTable(table);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
    await client.query(`CREATE TABLE IF NOT EXISTS ${name} (iss text NOT NULL, jti text NOT NULL, expires_at timestamptz NOT NULL, PRIMARY KEY (iss, jti))`);
    await client.query('COMMIT');
  } catch (err: unknown) {
    // The connection may be the thing that failed; a failed ROLLBACK must not hide the first error.
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * A `ReplayStore` on PostgreSQL: one atomic statement per check, so concurrent replicas agree. Registers the
 * table's creation as a set-up step of `database`.
 */
export function createPostgresReplayStore(options: PostgresReplayStoreOptions): ReplayStore {
  const table = checkedTable(options.table ?? DEFAULT_REPLAY_TABLE);
  // The pair is inserted, or its expired row taken over; a live row makes the statement return nothing.
  const remember = `INSERT INTO ${table} (iss, jti, expires_at) VALUES ($1, $2, $3)
    ON CONFLICT (iss, jti) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE ${table}.expires_at <= $4
    RETURNING 1`;
  const sweep = `DELETE FROM ${table} WHERE expires_at <= $1`;
  let checks = 0;
  options.database.onAvailable(`replay table ${table}`, (pool) => createReplayTable(pool, table));

  return {
    async checkAndRemember(iss, jti, expiresAt) {
      const now = options.now();
      checks += 1;
      if (checks % SWEEP_EVERY === 0) await options.database.query(sweep, [now]);
      const result = await options.database.query(remember, [iss, jti, new Date(expiresAt), now]);
      return result.rowCount === 1;
    },
  };
}
