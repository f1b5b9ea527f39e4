import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadGovernanceConfig } from '../../src/governance/governance-config.js';
import { startGovernance, type Governance } from '../../src/governance/start-governance.js';
import { realKnowledge, testApp, TEST_NOW } from './test-app.js';
import { captureLog } from './log-capture.js';

/** A folder for a SQLite governance database (and its generated patient-hash key), removed by `remove`. */
export function governanceDir(): { dir: string; file: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gov-app-'));
  return { dir, file: path.join(dir, 'governance.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The real app with real governance on the SQLite file `file` (a restart is a second call on the same file). */
export async function governanceApp(file: string, env: NodeJS.ProcessEnv = {}, now: Date = TEST_NOW) {
  const { log } = captureLog();
  const config = loadGovernanceConfig({ CDS_GOVERNANCE_SQLITE_FILE: file, CDS_LEDGER_FLUSH_MS: '50', ...env }, 'development');
  const governance: Governance = await startGovernance(config, realKnowledge(), log, { production: false, now: () => now });
  const built = testApp({ governance, now, ...(env.CDS_ADMIN_TOKEN ? { adminToken: env.CDS_ADMIN_TOKEN } : {}) });
  return { ...built, governance };
}
