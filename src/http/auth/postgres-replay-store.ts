import type { Pool } from 'pg';
import type { ReplayStore } from './replay-store.js';

/**
 * A replay store shared by every replica of the service: seen `(iss, jti)` pairs live in one PostgreSQL table, so a
 * token replayed to another replica is refused too (CDS Hooks best practices: "jti has not been seen").
 */

/** Options of the PostgreSQL store; `now` is injected as everywhere else. */
export interface PostgresReplayStoreOptions {
  readonly pool: Pool;
  readonly now: () => Date;
  /** Table name (a plain SQL identifier); created if missing by `init`. */
  readonly table?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const SWEEP_EVERY = 1024;

/** The store plus its start-up step. */
export interface PostgresReplayStore extends ReplayStore {
  /** Creates the table if it does not exist; call once at start-up. */
  init(): Promise<void>;
}

/** A `ReplayStore` on PostgreSQL: one atomic statement per check, so concurrent replicas agree. */
export function createPostgresReplayStore(options: PostgresReplayStoreOptions): PostgresReplayStore {
  const table = options.table ?? 'cds_jwt_replay';
  if (!IDENTIFIER.test(table)) throw new Error(`replay store: table name '${table}' is not a plain identifier`);
  // The pair is inserted, or its expired row taken over; a live row makes the statement return nothing.
  const remember = `INSERT INTO ${table} (iss, jti, expires_at) VALUES ($1, $2, $3)
    ON CONFLICT (iss, jti) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE ${table}.expires_at <= $4
    RETURNING 1`;
  const sweep = `DELETE FROM ${table} WHERE expires_at <= $1`;
  let checks = 0;

  return {
    async init() {
      // Replicas start together, and concurrent CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL's
      // catalog: an advisory lock makes them take turns.
      const client = await options.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [table]);
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${table} (iss text NOT NULL, jti text NOT NULL, expires_at timestamptz NOT NULL, PRIMARY KEY (iss, jti))`,
        );
        await client.query('COMMIT');
      } catch (err: unknown) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
    async checkAndRemember(iss, jti, expiresAt) {
      const now = options.now();
      checks += 1;
      if (checks % SWEEP_EVERY === 0) await options.pool.query(sweep, [now]);
      const result = await options.pool.query(remember, [iss, jti, new Date(expiresAt), now]);
      return result.rowCount === 1;
    },
  };
}

/** Connects to `url` (a `postgres://` URL), creates the table if needed, and returns the store with its closer. */
export async function connectPostgresReplayStore(
  url: string,
  now: () => Date,
): Promise<{ readonly store: PostgresReplayStore; readonly close: () => Promise<void> }> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 2000 });
  const store = createPostgresReplayStore({ pool, now });
  try {
    await store.init();
  } catch (err: unknown) {
    await pool.end();
    throw err;
  }
  return { store, close: () => pool.end() };
}
