import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { loadGovernanceConfig } from '../../src/governance/governance-config.js';
import { startGovernance, type Governance } from '../../src/governance/start-governance.js';
import { createSecurity } from '../../src/http/security.js';
import type { PostgresDatabase } from '../../src/storage/postgres-database.js';
import { PUBLIC_BASE } from './ehr-tokens.js';
import { captureLog } from './log-capture.js';
import { realKnowledge, testApp, TEST_NOW } from './test-app.js';

/** A folder for a SQLite governance database (and its generated patient-hash key), removed by `remove`. */
export function governanceDir(): { dir: string; file: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gov-app-'));
  return { dir, file: path.join(dir, 'governance.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Where and how the governance of a test app runs. */
export interface GovernanceAppOptions {
  /** The governance clock (feedback age, suppression periods, retention); the hook pipeline keeps `now`. */
  readonly clock?: () => Date;
  /** The shared PostgreSQL database (`CDS_DATABASE_URL`) instead of the SQLite file; its owner closes it. */
  readonly database?: PostgresDatabase;
  /** Production mode: EHR JWTs checked against this trust file (the test signs its calls for `PUBLIC_BASE`). */
  readonly trustFile?: string;
}

/** A patient-hash key for production-mode apps (required there, the same on every replica). */
export const TEST_PATIENT_HASH_KEY = 'test-patient-hash-key-0123456789abcdef';

/** The real app with real governance on the SQLite file `file` (a restart is a second call on the same file). */
export async function governanceApp(file: string, env: NodeJS.ProcessEnv = {}, now: Date = TEST_NOW, options: GovernanceAppOptions = {}) {
  const { log } = captureLog();
  const production = options.trustFile !== undefined;
  const mode = production ? 'production' : 'development';
  const config = loadGovernanceConfig(
    { CDS_GOVERNANCE_SQLITE_FILE: file, CDS_LEDGER_FLUSH_MS: '50', ...(production ? { CDS_PATIENT_HASH_KEY: TEST_PATIENT_HASH_KEY } : {}), ...env },
    mode,
  );
  const governance: Governance = await startGovernance(config, realKnowledge(), log, {
    production,
    now: options.clock ?? (() => now),
    ...(options.database ? { database: options.database } : {}),
  });
  const productionEnv = production ? { NODE_ENV: 'production', CDS_TRUST_FILE: options.trustFile, CDS_PUBLIC_BASE_URL: PUBLIC_BASE } : {};
  const security = production ? await createSecurity(loadConfig(productionEnv), log, { now: () => now }) : undefined;
  const built = testApp({
    governance,
    now,
    ...(env.CDS_ADMIN_TOKEN ? { adminToken: env.CDS_ADMIN_TOKEN } : {}),
    ...(security ? { env: productionEnv, policy: security.fhirServerPolicy, guards: security.guards, preGuards: security.preGuards } : {}),
  });
  return { ...built, governance };
}
