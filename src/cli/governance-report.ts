import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../config.js';
import { loadGovernanceConfig } from '../governance/governance-config.js';
import { buildReport, type GovernanceReport } from '../governance/report.js';
import type { GovernanceStore } from '../storage/governance-store.js';
import { openSqliteStore, postgresStore } from '../storage/open-store.js';

/**
 * `npm run governance:report [-- --since 2026-01-01 --until 2026-02-01 --json]`: the governance report of the
 * database the service uses (the same environment: `CDS_DATABASE_URL`, else the SQLite file). Default period: the
 * last 30 days. Clinicians' comments are never printed (they are on the admin page only).
 */

const DAY_MS = 86_400_000;

function dateArg(name: string, raw: string | undefined, fallback: Date): Date {
  if (raw === undefined) return fallback;
  const date = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(date.getTime())) throw new Error(`--${name}: expected a date such as 2026-01-01`);
  return date;
}

const pct = (rate: number): string => `${(rate * 100).toFixed(1)}%`;

function asText(report: GovernanceReport): string {
  const out = [`Governance report ${report.since} .. ${report.until}`, ''];
  if (report.lines.length === 0) out.push('No cards in this period.');
  for (const l of report.lines) {
    out.push(`${l.serviceId}  ${l.topic}  knowledge ${l.knowledgeVersion}`);
    out.push(`  shown ${l.shown}, suppressed ${l.suppressed}`);
    out.push(
      `  accepted ${l.accepted} (${pct(l.rates.accepted)}), overridden with reason ${l.overriddenWithReason} (${pct(l.rates.overriddenWithReason)}), ` +
        `overridden without reason ${l.overriddenWithoutReason} (${pct(l.rates.overriddenWithoutReason)}), no feedback ${l.noFeedback} (${pct(l.rates.noFeedback)})`,
    );
    if (l.topOverrideReasons.length > 0) out.push(`  top override reasons: ${l.topOverrideReasons.map((r) => `${r.code} ${r.count}`).join(', ')}`);
    if (l.medianMinutesToFeedback !== undefined) out.push(`  median time to feedback: ${l.medianMinutesToFeedback} min`);
  }
  for (const s of report.silentTopics) {
    out.push('', `WARNING: ${s.serviceId} ${s.topic} fired ${s.previousShown} times in the previous period and not at all in this one`);
  }
  return `${out.join('\n')}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { since: { type: 'string' }, until: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const config = loadConfig();
  const governance = loadGovernanceConfig(process.env, config.mode);
  const until = dateArg('until', values.until, new Date());
  const since = dateArg('since', values.since, new Date(until.getTime() - 30 * DAY_MS));
  let pool: pg.Pool | undefined;
  let store: GovernanceStore;
  if (config.databaseUrl) {
    pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
    const pgStore = postgresStore(pool);
    await pgStore.migrate();
    store = pgStore.store;
  } else {
    store = await openSqliteStore(governance.sqliteFile);
  }
  try {
    const report = await buildReport(store, since, until);
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : asText(report));
  } finally {
    await store.close();
    await pool?.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`governance report failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
