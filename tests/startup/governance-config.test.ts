import path from 'node:path';
import { ConfigError } from '../../src/config.js';
import { loadGovernanceConfig } from '../../src/governance/governance-config.js';

// The governance settings (README "Configuration"): every default as documented, each bound refused naming its
// variable, and the patient-hash key required in production (the same on every replica).

const KEY = 'k'.repeat(32);

test('with nothing set: the documented defaults', () => {
  expect(loadGovernanceConfig({}, 'development')).toEqual({
    sqliteFile: path.join('data', 'governance.db'),
    keyFile: path.join('data', 'patient-hash.key'),
    ledgerFlushMs: 200,
    ledgerMaxQueued: 50_000,
    suppressionRefreshMs: 1000,
    feedbackMaxAgeDays: 30,
    suppressionDays: 30,
    retentionDays: 400,
    commentRetentionDays: 90,
    retentionIntervalMs: 3_600_000,
  });
});

test('every setting is read from its variable', () => {
  const env = {
    CDS_GOVERNANCE_SQLITE_FILE: '/var/lib/cds/gov.db',
    CDS_PATIENT_HASH_KEY: KEY,
    CDS_LEDGER_FLUSH_MS: '50',
    CDS_LEDGER_MAX_QUEUED: '10',
    CDS_SUPPRESSION_REFRESH_MS: '250',
    CDS_FEEDBACK_MAX_AGE_DAYS: '7',
    CDS_SUPPRESSION_DAYS: '14',
    CDS_RETENTION_DAYS: '365',
    CDS_COMMENT_RETENTION_DAYS: '30',
    CDS_RETENTION_INTERVAL_MS: '60000',
    CDS_ADMIN_TOKEN: 'admin-token-0123456789',
  };
  expect(loadGovernanceConfig(env, 'production')).toEqual({
    sqliteFile: '/var/lib/cds/gov.db',
    patientHashKey: KEY,
    keyFile: '/var/lib/cds/patient-hash.key',
    ledgerFlushMs: 50,
    ledgerMaxQueued: 10,
    suppressionRefreshMs: 250,
    feedbackMaxAgeDays: 7,
    suppressionDays: 14,
    retentionDays: 365,
    commentRetentionDays: 30,
    retentionIntervalMs: 60_000,
    adminToken: 'admin-token-0123456789',
  });
});

test.each([
  { env: {}, mode: 'production' as const, message: 'CDS_PATIENT_HASH_KEY: is required in production (the same on every replica)' },
  { env: { CDS_PATIENT_HASH_KEY: 'short' }, mode: 'development' as const, message: 'CDS_PATIENT_HASH_KEY: must be at least 32 characters' },
  { env: { CDS_ADMIN_TOKEN: 'short' }, mode: 'development' as const, message: 'CDS_ADMIN_TOKEN: must be at least 16 characters' },
  { env: { CDS_FEEDBACK_MAX_AGE_DAYS: '0' }, mode: 'development' as const, message: 'CDS_FEEDBACK_MAX_AGE_DAYS: must be an integer between 1 and 400' },
  { env: { CDS_COMMENT_RETENTION_DAYS: 'ninety' }, mode: 'development' as const, message: 'CDS_COMMENT_RETENTION_DAYS: must be an integer between 1 and 3650' },
  { env: { CDS_LEDGER_MAX_QUEUED: '0' }, mode: 'development' as const, message: 'CDS_LEDGER_MAX_QUEUED: must be an integer between 1 and 1000000' },
  { env: { CDS_SUPPRESSION_REFRESH_MS: '10' }, mode: 'development' as const, message: 'CDS_SUPPRESSION_REFRESH_MS: must be an integer between 50 and 60000' },
  { env: { CDS_RETENTION_INTERVAL_MS: '10' }, mode: 'development' as const, message: 'CDS_RETENTION_INTERVAL_MS: must be an integer between 1000 and 86400000' },
])('refuses $message', ({ env, mode, message }) => {
  expect(() => loadGovernanceConfig(env, mode)).toThrow(ConfigError);
  expect(() => loadGovernanceConfig(env, mode)).toThrow(message);
});
