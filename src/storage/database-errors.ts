import pg from 'pg';

/**
 * Which database failures mean "the database cannot answer now" (the caller fails closed and retries later)
 * rather than "this statement is wrong". SQLSTATE classes from the PostgreSQL manual, Appendix A "PostgreSQL Error
 * Codes" (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 */

/** Thrown by `PostgresDatabase.query` while the database is unreachable or did not answer in time. */
export class DatabaseUnavailableError extends Error {
  static readonly code = 'ERR_DATABASE_UNAVAILABLE';
  readonly code = DatabaseUnavailableError.code;
  constructor(cause?: unknown) {
    super('database unavailable', cause === undefined ? undefined : { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

// 08 connection exception, 53 insufficient resources (too many connections), 57 operator intervention
// (57P01 admin_shutdown from pg_terminate_backend, 57P03 cannot_connect_now while starting, 57014 query_canceled
// by statement_timeout), 58 system error.
const UNAVAILABLE_CLASSES = new Set(['08', '53', '57', '58']);

/**
 * True when `err` says the database could not answer: a server error of a class above, or any error that is not a
 * server error at all (refused or reset connection, "Connection terminated unexpectedly", a connect or query
 * timeout of the driver).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  if (err instanceof pg.DatabaseError) return UNAVAILABLE_CLASSES.has((err.code ?? '').slice(0, 2));
  return true;
}

/** A short reason for logs: the SQLSTATE or system code, else the driver's message (never statement values). */
export function failureReason(err: unknown): string {
  if (err instanceof pg.DatabaseError) return err.code ?? 'database-error';
  if (typeof err === 'object' && err !== null) {
    const { code, message } = err as { code?: unknown; message?: unknown };
    if (typeof code === 'string') return code;
    if (typeof message === 'string') return message.slice(0, 120);
  }
  return 'unknown';
}
