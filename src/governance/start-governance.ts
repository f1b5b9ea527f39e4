import type { Logger } from 'pino';
import { overrideReasonSystem } from '../cards/render-card.js';
import type { Knowledge } from '../knowledge/knowledge-types.js';
import type { GovernanceStore } from '../storage/governance-store.js';
import { openSqliteStore, postgresStore } from '../storage/open-store.js';
import type { PostgresDatabase } from '../storage/postgres-database.js';
import type { FeedbackDeps } from './feedback.js';
import type { GovernanceConfig } from './governance-config.js';
import { createHookGovernance, type HookGovernance } from './hook-governance.js';
import { createLedgerWriter } from './ledger-writer.js';
import { createHasher, loadPatientHashKey } from './patient-hash.js';
import { startRetentionJob } from './retention.js';
import { createSuppressionIndex } from './suppression-index.js';

/** The running governance of one replica: what the app needs, and the shutdown step that drains the ledger. */
export interface Governance {
  readonly store: GovernanceStore;
  readonly hooks: HookGovernance;
  readonly feedback: FeedbackDeps;
  /** Writes the ledger queue now. */
  flush(): Promise<void>;
  /** Writes the ledger queue, stops the jobs, closes the database. Run after the server closed. */
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

/**
 * Opens the store (SQLite by default, or PostgreSQL on the shared `database`, whose owner closes it), the ledger
 * writer and the retention job.
 */
export async function startGovernance(
  config: GovernanceConfig,
  knowledge: Knowledge,
  log: Logger,
  options: { readonly production: boolean; readonly now: () => Date; readonly database?: PostgresDatabase },
): Promise<Governance> {
  const { now, database } = options;
  // PostgreSQL may be down at start: the migrations run as soon as it answers (the database is not ready until then,
  // and store calls fail with 503 meanwhile). SQLite is opened and migrated now: a disk that cannot be written stops start-up.
  const postgres = database ? postgresStore(database.pool) : undefined;
  if (database && postgres) database.onAvailable('governance migrations', async () => void (await postgres.migrate()));
  const store = postgres?.store ?? (await openSqliteStore(config.sqliteFile));
  log.info({ governanceStore: store.dialect, ...(postgres ? {} : { file: config.sqliteFile }) }, 'governance store');
  const hasher = createHasher(loadPatientHashKey(config.patientHashKey, config.keyFile));
  const writer = createLedgerWriter({ store, log, flushIntervalMs: config.ledgerFlushMs, maxQueued: config.ledgerMaxQueued });
  const suppressions = createSuppressionIndex({ store, log, now, refreshMs: config.suppressionRefreshMs });
  // SQLite is migrated: loaded before the first call. PostgreSQL may not be: its timer loads it once it answers.
  if (!postgres) await suppressions.refresh();
  const stopRetention = startRetentionJob(
    store,
    { retentionDays: config.retentionDays, commentRetentionDays: config.commentRetentionDays, intervalMs: config.retentionIntervalMs },
    log,
    now,
  );
  return {
    store,
    hooks: createHookGovernance({ store, writer, hasher, suppressions, knowledge, log }),
    feedback: {
      store,
      writer,
      suppressions,
      knowledge,
      overrideReasonSystem: overrideReasonSystem(knowledge),
      lookupRetryMs: config.ledgerFlushMs * 2,
      maxAgeMs: config.feedbackMaxAgeDays * DAY_MS,
      defaultSuppressionDays: config.suppressionDays,
      requireSameIssuer: options.production,
      now,
    },
    flush: () => writer.flush(),
    async close() {
      stopRetention();
      suppressions.stop();
      try {
        await writer.close();
        log.info('governance ledger drained');
      } finally {
        await store.close();
      }
    },
  };
}
