import { Counter } from 'prom-client';
import { metricsRegistry } from './registry.js';

/**
 * Statements that failed, by `database` (`shared`: the PostgreSQL database of `CDS_DATABASE_URL` that the JWT
 * replay store uses; `governance`: the ledger's SQLite file or PostgreSQL tables) and `kind` (`unavailable`: the
 * database could not answer; `statement`: it answered with an error).
 */
export const databaseErrors = new Counter({
  name: 'cds_database_errors_total',
  help: 'Database statements that failed, by database (shared, governance) and kind (unavailable, statement)',
  labelNames: ['database', 'kind'] as const,
  registers: [metricsRegistry],
});

const children = {
  shared: { unavailable: databaseErrors.labels('shared', 'unavailable'), statement: databaseErrors.labels('shared', 'statement') },
  governance: { unavailable: databaseErrors.labels('governance', 'unavailable'), statement: databaseErrors.labels('governance', 'statement') },
} as const;

/** Counts one failed statement. */
export function countDatabaseError(database: keyof typeof children, kind: 'unavailable' | 'statement'): void {
  children[database][kind].inc();
}
