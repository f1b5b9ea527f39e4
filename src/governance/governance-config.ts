import path from 'node:path';
import { ConfigError, type Mode } from '../config.js';

/**
 * Governance settings from the environment (kept apart from `config.ts` so the two grow independently). Every value
 * has a default so `npm start` works on a fresh checkout; production requires `CDS_PATIENT_HASH_KEY`.
 */
export interface GovernanceConfig {
  /** The SQLite file used when `CDS_DATABASE_URL` (the database replicas share, `config.ts`) is not set. */
  readonly sqliteFile: string;
  /** `CDS_PATIENT_HASH_KEY`; absent in development: a generated key in `keyFile` beside the SQLite database. */
  readonly patientHashKey?: string;
  readonly keyFile: string;
  readonly ledgerFlushMs: number;
  /** Most cards the ledger queue holds while the database does not take them; beyond it hook calls answer 503. */
  readonly ledgerMaxQueued: number;
  /** How often each replica reads the suppressions other replicas armed (its in-memory index). */
  readonly suppressionRefreshMs: number;
  readonly feedbackMaxAgeDays: number;
  readonly suppressionDays: number;
  readonly retentionDays: number;
  readonly commentRetentionDays: number;
  /** How often the retention job runs. */
  readonly retentionIntervalMs: number;
  /** `CDS_ADMIN_TOKEN`: enables `GET /admin/governance`, required there as the bearer token. */
  readonly adminToken?: string;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(name, `must be an integer between ${min} and ${max}`);
  return value;
}

/** Reads and checks the governance settings; throws `ConfigError` naming the variable. */
export function loadGovernanceConfig(env: NodeJS.ProcessEnv, mode: Mode): GovernanceConfig {
  const sqliteFile = env.CDS_GOVERNANCE_SQLITE_FILE ?? path.join('data', 'governance.db');
  const key = env.CDS_PATIENT_HASH_KEY;
  if (key !== undefined && key.length < 32) throw new ConfigError('CDS_PATIENT_HASH_KEY', 'must be at least 32 characters');
  // Every replica must hash a patient alike, or suppression and the report split one patient in several.
  if (mode === 'production' && key === undefined) throw new ConfigError('CDS_PATIENT_HASH_KEY', 'is required in production (the same on every replica)');
  const token = env.CDS_ADMIN_TOKEN;
  if (token !== undefined && token.length < 16) throw new ConfigError('CDS_ADMIN_TOKEN', 'must be at least 16 characters');
  return {
    sqliteFile,
    ...(key !== undefined ? { patientHashKey: key } : {}),
    keyFile: path.join(path.dirname(sqliteFile), 'patient-hash.key'),
    ledgerFlushMs: intFrom(env, 'CDS_LEDGER_FLUSH_MS', 200, 10, 10_000),
    ledgerMaxQueued: intFrom(env, 'CDS_LEDGER_MAX_QUEUED', 50_000, 1, 1_000_000),
    suppressionRefreshMs: intFrom(env, 'CDS_SUPPRESSION_REFRESH_MS', 1000, 50, 60_000),
    feedbackMaxAgeDays: intFrom(env, 'CDS_FEEDBACK_MAX_AGE_DAYS', 30, 1, 400),
    suppressionDays: intFrom(env, 'CDS_SUPPRESSION_DAYS', 30, 1, 365),
    retentionDays: intFrom(env, 'CDS_RETENTION_DAYS', 400, 1, 3650),
    commentRetentionDays: intFrom(env, 'CDS_COMMENT_RETENTION_DAYS', 90, 1, 3650),
    retentionIntervalMs: intFrom(env, 'CDS_RETENTION_INTERVAL_MS', 3_600_000, 1000, 86_400_000),
    ...(token !== undefined ? { adminToken: token } : {}),
  };
}
