import pg from 'pg';
import type { Logger } from 'pino';
import { countDatabaseError } from '../metrics/database-metrics.js';
import { DatabaseUnavailableError, failureReason, isDatabaseUnavailable } from './database-errors.js';

/**
 * The one PostgreSQL connection of the service (`CDS_DATABASE_URL`), shared by every store that replicas share (the
 * JWT replay store, later the governance ledger). It is built to lose the database and carry on:
 *
 * - the process starts while PostgreSQL is down, and never dies of it: the pool and every client have an `error`
 *   handler (node-postgres: "you must attach an error handler to the pool", https://node-postgres.com/apis/pool);
 * - every statement is bounded (`statement_timeout` on the server, `query_timeout` in the driver, and
 *   `connectionTimeoutMillis` for connecting or waiting for a pooled connection), all shorter than the hook deadline;
 * - a background probe (`SELECT 1`) finds the database again with exponential backoff after a loss, then runs the
 *   registered set-up steps; `isReady()` is what `/readyz` reports.
 *
 * While the database is not ready, `query` fails at once with `DatabaseUnavailableError` rather than making each
 * call wait for a connection that will not come; callers fail closed.
 */

/** A set-up step: creates its tables (idempotently: `CREATE TABLE IF NOT EXISTS`, migrations that check first). */
export type SetUpStep = (pool: pg.Pool) => Promise<void>;

/** Options of `createPostgresDatabase`. */
export interface PostgresDatabaseOptions {
  /** `postgres://…`; parameters in it (`application_name`, `options=-c search_path=…`) win over the ones below. */
  readonly url: string;
  readonly log: Logger;
  /** `application_name` of every connection, so an operator (or a test) can find them in `pg_stat_activity`. */
  readonly applicationName?: string;
  /** Bound on connecting, and on waiting for a free pooled connection. */
  readonly connectTimeoutMs: number;
  /** Server-side `statement_timeout`; the driver gives up a little later if the server does not answer at all. */
  readonly statementTimeoutMs: number;
  /** Pool size (default 10). */
  readonly maxConnections?: number;
  /** Backoff of the probe after a failure: first retry after `initialMs`, doubling up to `maxMs` (100 ms, 2 s). */
  readonly retry?: { readonly initialMs?: number; readonly maxMs?: number };
  /** While ready, how often the probe checks an otherwise idle database (default 5 s). */
  readonly healthIntervalMs?: number;
}

/** The database handle every shared store uses. */
export interface PostgresDatabase {
  /** The node-postgres pool, for set-up steps and transactions; serving code should prefer `query`. */
  readonly pool: pg.Pool;
  /** True once the database answered and every registered step succeeded; false again while it cannot be reached. */
  isReady(): boolean;
  /**
   * Registers a set-up step. Steps run in registration order as soon as the database answers, and are retried with
   * backoff until each has succeeded once; registering one makes the database not ready until it has.
   */
  onAvailable(name: string, step: SetUpStep): void;
  /**
   * Runs one statement. Throws `DatabaseUnavailableError` (at once while not ready, or when the database fails to
   * answer in time or the connection is lost, which also starts the probe); other errors (a bad statement, a
   * constraint) are thrown unchanged.
   */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: readonly unknown[]): Promise<pg.QueryResult<R>>;
  /** Stops the probe and closes the pool (waits for checked-out connections to be released). */
  close(): Promise<void>;
}

/** The service's `application_name` unless the URL names another. */
export const DEFAULT_APPLICATION_NAME = 'leg-cramps-cds';

// The driver gives the server this long past statement_timeout (at most a quarter more) to report the
// cancellation itself, so a slow statement costs an error rather than the connection.
const driverGraceMs = (statementTimeoutMs: number): number => Math.min(100, Math.ceil(statementTimeoutMs / 4));

interface Step {
  readonly name: string;
  readonly run: SetUpStep;
  done: boolean;
}

/** Builds the pool and starts probing at once; never throws for an unreachable database. */
export function createPostgresDatabase(options: PostgresDatabaseOptions): PostgresDatabase {
  const { log } = options;
  const initialMs = options.retry?.initialMs ?? 100;
  const maxMs = options.retry?.maxMs ?? 2000;
  const healthIntervalMs = options.healthIntervalMs ?? 5000;
  const pool = new pg.Pool({
    connectionString: options.url,
    application_name: options.applicationName ?? DEFAULT_APPLICATION_NAME,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    query_timeout: options.statementTimeoutMs + driverGraceMs(options.statementTimeoutMs),
    idleTimeoutMillis: 10_000,
    // TCP keep-alive notices a peer that vanished without closing (a failover, a cut network) on idle connections.
    keepAlive: true,
  });

  const steps: Step[] = [];
  let ready = false;
  let closed = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let probing: Promise<void> | undefined;

  const schedule = (delayMs: number): void => {
    clearTimeout(timer);
    if (closed) return;
    timer = setTimeout(() => void probe(), delayMs);
    // The probe alone never keeps the process alive (a CLI or a test ends when its work is done).
    timer.unref();
  };

  // Only a loss seen while ready starts an immediate probe; while not ready the backoff schedule stands.
  const markLost = (err: unknown): void => {
    if (closed || !ready) return;
    log.warn({ event: 'database-lost', reason: failureReason(err) }, 'database connection lost; probing');
    ready = false;
    if (!probing) schedule(0);
  };

  const runSteps = async (): Promise<void> => {
    for (const step of steps) {
      if (step.done) continue;
      try {
        await step.run(pool);
      } catch (err: unknown) {
        // A step that fails while the database answers is a real problem (permissions, a bad migration): say which.
        if (!isDatabaseUnavailable(err)) log.error({ event: 'database-setup-failed', step: step.name, reason: failureReason(err) }, 'database set-up step failed');
        throw err;
      }
      step.done = true;
    }
  };

  const probe = (): Promise<void> => {
    if (closed) return Promise.resolve();
    probing ??= (async () => {
      try {
        await pool.query('SELECT 1');
        await runSteps();
        failures = 0;
        // A step registered while this probe ran is still pending: go round again at once.
        if (steps.some((step) => !step.done)) return schedule(0);
        if (!ready) log.info({ event: 'database-ready' }, 'database ready');
        ready = true;
        schedule(healthIntervalMs);
      } catch (err: unknown) {
        if (ready || failures === 0) log.warn({ event: 'database-unavailable', reason: failureReason(err) }, 'database unavailable; retrying');
        ready = false;
        failures += 1;
        schedule(Math.min(maxMs, initialMs * 2 ** (failures - 1)));
      } finally {
        probing = undefined;
      }
    })();
    return probing;
  };

  // An idle pooled client whose backend is terminated emits 'error' on the pool; a checked-out client emits it on
  // itself, and node-postgres removes the pool's listener while a client is checked out. Without these two
  // handlers either event is an unhandled 'error' and ends the process.
  pool.on('error', markLost);
  pool.on('connect', (client) => {
    client.on('error', markLost);
  });

  schedule(0);

  return {
    pool,
    isReady: () => ready,
    onAvailable(name, step) {
      steps.push({ name, run: step, done: false });
      ready = false;
      if (!probing) schedule(0);
    },
    async query<R extends pg.QueryResultRow>(text: string, values?: readonly unknown[]) {
      if (!ready) {
        countDatabaseError('shared', 'unavailable');
        throw new DatabaseUnavailableError();
      }
      try {
        return await pool.query<R>(text, values === undefined ? undefined : [...values]);
      } catch (err: unknown) {
        const unavailable = isDatabaseUnavailable(err);
        countDatabaseError('shared', unavailable ? 'unavailable' : 'statement');
        if (!unavailable) throw err;
        markLost(err);
        throw new DatabaseUnavailableError(err);
      }
    },
    async close() {
      closed = true;
      ready = false;
      clearTimeout(timer);
      await probing;
      await pool.end();
    },
  };
}

/** The shared database named by the configuration (`CDS_DATABASE_URL`), or undefined when none is configured. */
export function databaseFromConfig(
  config: { readonly databaseUrl?: string; readonly databaseConnectTimeoutMs: number; readonly databaseStatementTimeoutMs: number },
  log: Logger,
): PostgresDatabase | undefined {
  if (config.databaseUrl === undefined) return undefined;
  return createPostgresDatabase({
    url: config.databaseUrl,
    log,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    statementTimeoutMs: config.databaseStatementTimeoutMs,
  });
}
