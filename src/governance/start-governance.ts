import pg from 'pg';
import type { Logger } from 'pino';
import { overrideReasonSystem } from '../cards/render-card.js';
import type { Knowledge } from '../knowledge/knowledge-types.js';
import type { GovernanceStore } from '../storage/governance-store.js';
import { openSqliteStore, postgresStore } from '../storage/open-store.js';
import type { FeedbackDeps } from './feedback.js';
import type { GovernanceConfig } from './governance-config.js';
import { createHookGovernance, type HookGovernance } from './hook-governance.js';
import { createLedgerWriter } from './ledger-writer.js';
import { createHasher, loadPatientHashKey } from './patient-hash.js';
import { startRetentionJob } from './retention.js';

/** The running governance of one replica: what the app needs, and the shutdown step that drains the ledger. */
export interface Governance {
  readonly store: GovernanceStore;
  readonly hooks: HookGovernance;
  readonly feedback: FeedbackDeps;
  /** Writes the ledger queue, stops the jobs, closes the database. Run after the server closed. */
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

/**
 * PostgreSQL while it may be down: the pool has an error handler (a lost connection must not kill the process), and
 * the migrations are retried with backoff until the database answers; until then store calls fail (503, queued).
 */
function startPostgres(url: string, log: Logger): { store: GovernanceStore; stop: () => Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 2000, application_name: 'leg-cramps-cds-governance' });
  pool.on('error', (err) => log.warn({ err: err.message }, 'governance database connection lost'));
  const { store, migrate } = postgresStore(pool);
  let stopped = false;
  let delay = 100;
  const attempt = (): void => {
    migrate().then(
      (version) => log.info({ schemaVersion: version }, 'governance database migrated'),
      (err: unknown) => {
        if (stopped) return;
        log.warn({ err: err instanceof Error ? err.message : String(err), retryMs: delay }, 'governance database not available; retrying');
        setTimeout(attempt, delay).unref();
        delay = Math.min(delay * 2, 5000);
      },
    );
  };
  attempt();
  return {
    store,
    stop: async () => {
      stopped = true;
      await pool.end();
    },
  };
}

/** Opens the store (SQLite by default: a read-only or full disk stops start-up), the ledger writer and the jobs. */
export async function startGovernance(
  config: GovernanceConfig,
  knowledge: Knowledge,
  log: Logger,
  options: { readonly production: boolean; readonly now: () => Date },
): Promise<Governance> {
  const { now } = options;
  const postgres = config.databaseUrl ? startPostgres(config.databaseUrl, log) : undefined;
  const store = postgres?.store ?? (await openSqliteStore(config.sqliteFile));
  log.info({ governanceStore: store.dialect, ...(postgres ? {} : { file: config.sqliteFile }) }, 'governance store');
  const hasher = createHasher(loadPatientHashKey(config.patientHashKey, config.keyFile));
  const writer = createLedgerWriter({ store, log, flushIntervalMs: config.ledgerFlushMs });
  const stopRetention = startRetentionJob(
    store,
    { retentionDays: config.retentionDays, commentRetentionDays: config.commentRetentionDays, intervalMs: config.retentionIntervalMs },
    log,
    now,
  );
  return {
    store,
    hooks: createHookGovernance({ store, writer, hasher, knowledge, log }),
    feedback: {
      store,
      writer,
      knowledge,
      overrideReasonSystem: overrideReasonSystem(knowledge),
      lookupRetryMs: config.ledgerFlushMs * 2,
      maxAgeMs: config.feedbackMaxAgeDays * DAY_MS,
      defaultSuppressionDays: config.suppressionDays,
      requireSameIssuer: options.production,
      now,
    },
    async close() {
      stopRetention();
      try {
        await writer.close();
        log.info('governance ledger drained');
      } finally {
        await (postgres ? postgres.stop() : store.close());
      }
    },
  };
}
