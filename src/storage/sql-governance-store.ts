import { MIGRATIONS_TABLE, type SqlDriver, type SqlRow, type SqlValue } from './sql-driver.js';
import type {
  FeedbackOutcome,
  GovernanceStore,
  Indicator,
  LedgerEntry,
  ReportRow,
  StoredComment,
  StoredSuppression,
  Suppression,
} from './governance-store.js';

/**
 * The governance store on any `SqlDriver`: the same statements on SQLite and PostgreSQL (times as epoch ms, lists as
 * JSON text), so one test suite covers both databases.
 */

const LEDGER_COLUMNS =
  'card_uuid, suggestion_uuids, service_id, hook, topic, indicator, hook_instance, issuer, tenant, patient_hash, concept_hashes, override_reasons, suppressed, sent_at, knowledge_version';

const text = (row: SqlRow, key: string): string => String(row[key] ?? '');
const millis = (row: SqlRow, key: string): Date => new Date(Number(row[key]));
const list = (row: SqlRow, key: string): readonly string[] => {
  const parsed: unknown = JSON.parse(text(row, key) || '[]');
  return Array.isArray(parsed) ? parsed.map(String) : [];
};
const optional = (row: SqlRow, key: string): string | undefined => (row[key] === null || row[key] === undefined ? undefined : String(row[key]));

function toLedgerEntry(row: SqlRow): LedgerEntry {
  return {
    cardUuid: text(row, 'card_uuid'),
    suggestionUuids: list(row, 'suggestion_uuids'),
    serviceId: text(row, 'service_id'),
    hook: text(row, 'hook'),
    topic: text(row, 'topic'),
    indicator: text(row, 'indicator') as Indicator,
    hookInstance: text(row, 'hook_instance'),
    issuer: text(row, 'issuer'),
    tenant: text(row, 'tenant'),
    patientHash: text(row, 'patient_hash'),
    conceptHashes: list(row, 'concept_hashes'),
    overrideReasons: list(row, 'override_reasons'),
    suppressed: Number(row.suppressed) === 1,
    sentAt: millis(row, 'sent_at'),
    knowledgeVersion: text(row, 'knowledge_version'),
  };
}

const SUPPRESSION_COLUMNS = 'patient_hash, service_id, topic, concept_hashes, created_at, until_at';

function toSuppression(row: SqlRow): Suppression {
  return {
    patientHash: text(row, 'patient_hash'),
    serviceId: text(row, 'service_id'),
    topic: text(row, 'topic'),
    conceptHashes: list(row, 'concept_hashes'),
    createdAt: millis(row, 'created_at'),
    until: millis(row, 'until_at'),
  };
}

/** Values per ledger row: one per column of `LEDGER_COLUMNS`. */
export const LEDGER_VALUES_PER_ROW = LEDGER_COLUMNS.split(',').length;
const LEDGER_PLACEHOLDERS = `(${Array.from({ length: LEDGER_VALUES_PER_ROW }, () => '?').join(', ')})`;
// Rows per INSERT: 200 × 15 = 3,000 parameters, under SQLite's (32,766) and PostgreSQL's (65,535) limits.
const ROWS_PER_INSERT = 200;

/**
 * The SQL values of ledger rows, one row after another in `LEDGER_COLUMNS` order (lists as JSON text, times as epoch
 * ms). The SQLite ledger posts these to its worker thread rather than the entries: an array of strings and numbers
 * is cloned between threads at about a third of the cost of objects holding arrays and dates
 * (bench/results/ledger-rows-2026-12-01.md).
 */
export function ledgerRowValues(entries: readonly LedgerEntry[]): SqlValue[] {
  const values: SqlValue[] = [];
  for (const e of entries) {
    values.push(
      e.cardUuid,
      JSON.stringify(e.suggestionUuids),
      e.serviceId,
      e.hook,
      e.topic,
      e.indicator,
      e.hookInstance,
      e.issuer,
      e.tenant,
      e.patientHash,
      JSON.stringify(e.conceptHashes),
      JSON.stringify(e.overrideReasons),
      e.suppressed ? 1 : 0,
      e.sentAt.getTime(),
      e.knowledgeVersion,
    );
  }
  return values;
}

const insertSql = new Map<string, string>();

/** The INSERT statements of ledger rows given as `ledgerRowValues`, at most 200 rows each; a card already stored is skipped. */
export function ledgerInsertsOfValues(table: string, values: readonly SqlValue[]): { sql: string; params: SqlValue[] }[] {
  const statements: { sql: string; params: SqlValue[] }[] = [];
  const step = ROWS_PER_INSERT * LEDGER_VALUES_PER_ROW;
  for (let i = 0; i < values.length; i += step) {
    const params = values.slice(i, i + step);
    const rows = params.length / LEDGER_VALUES_PER_ROW;
    // The text of a 200-row INSERT is about 9 KiB: made once per table and row count, not once per batch.
    const key = `${table} ${rows}`;
    let sql = insertSql.get(key);
    if (sql === undefined) {
      sql = `INSERT INTO ${table} (${LEDGER_COLUMNS}) VALUES ${Array.from({ length: rows }, () => LEDGER_PLACEHOLDERS).join(', ')} ON CONFLICT (card_uuid) DO NOTHING`;
      insertSql.set(key, sql);
    }
    statements.push({ sql, params });
  }
  return statements;
}

/** The INSERT statements of a ledger batch (`ledgerRowValues`, then `ledgerInsertsOfValues`). */
export function ledgerInserts(table: string, entries: readonly LedgerEntry[]): { sql: string; params: SqlValue[] }[] {
  return ledgerInsertsOfValues(table, ledgerRowValues(entries));
}

/** A `GovernanceStore` on `driver`; call `driver.migrate` first (`open-store.ts` does). */
export function createSqlGovernanceStore(driver: SqlDriver): GovernanceStore {
  const t = (name: string): string => driver.table(name);
  const ledger = t('gov_ledger');
  const feedback = t('gov_feedback');
  const comment = t('gov_comment');
  const suppression = t('gov_suppression');

  return {
    dialect: driver.dialect,

    async writeLedger(entries) {
      if (entries.length === 0) return;
      await driver.transaction(async (tx) => {
        for (const { sql, params } of ledgerInserts(ledger, entries)) await tx.run(sql, params);
        // A sent card survives the process being killed (and a graceful stop), not a power loss: no fsync in the event
        // loop per batch. Feedback, which must be on disk before its 2xx, commits fully and so syncs these rows too.
      }, 'process');
    },

    async findCard(cardUuid) {
      const rows = await driver.all(`SELECT ${LEDGER_COLUMNS} FROM ${ledger} WHERE card_uuid = ?`, [cardUuid]);
      return rows[0] ? toLedgerEntry(rows[0]) : undefined;
    },

    saveFeedback(records) {
      return driver.transaction(async (tx) => {
        let stored = 0;
        for (const r of records) {
          const inserted = await tx.run(
            `INSERT INTO ${feedback} (feedback_key, card_uuid, service_id, outcome, accepted_suggestions, reason_system, reason_code, outcome_at, received_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feedback_key) DO NOTHING`,
            [
              r.key,
              r.cardUuid,
              r.serviceId,
              r.outcome,
              JSON.stringify(r.acceptedSuggestions),
              r.reason?.system ?? null,
              r.reason?.code ?? null,
              r.outcomeAt.getTime(),
              r.receivedAt.getTime(),
            ],
          );
          if (inserted === 0) continue;
          stored += 1;
          if (r.comment !== undefined) {
            await tx.run(`INSERT INTO ${comment} (feedback_key, card_uuid, comment, received_at) VALUES (?, ?, ?, ?)`, [
              r.key,
              r.cardUuid,
              r.comment,
              r.receivedAt.getTime(),
            ]);
          }
          const s = r.suppression;
          if (s) {
            await tx.run(
              `INSERT INTO ${suppression} (feedback_key, patient_hash, service_id, topic, concept_hashes, created_at, until_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
              [r.key, s.patientHash, s.serviceId, s.topic, JSON.stringify(s.conceptHashes), s.createdAt.getTime(), s.until.getTime()],
            );
          }
        }
        return stored;
      });
    },

    async activeSuppressions(patientHash, serviceId, now) {
      const rows = await driver.all(
        `SELECT ${SUPPRESSION_COLUMNS} FROM ${suppression} WHERE patient_hash = ? AND service_id = ? AND until_at > ?`,
        [patientHash, serviceId, now.getTime()],
      );
      return rows.map(toSuppression);
    },

    async suppressionsArmedSince(since, now) {
      const rows = await driver.all(`SELECT feedback_key, ${SUPPRESSION_COLUMNS} FROM ${suppression} WHERE created_at >= ? AND until_at > ?`, [
        since.getTime(),
        now.getTime(),
      ]);
      return rows.map((row): StoredSuppression => ({ key: text(row, 'feedback_key'), suppression: toSuppression(row) }));
    },

    deleteExpired({ recordsBefore, commentsBefore, now }) {
      return driver.transaction(async (tx) => ({
        comments: await tx.run(`DELETE FROM ${comment} WHERE received_at < ?`, [Math.max(commentsBefore.getTime(), 0)]),
        feedback: await tx.run(`DELETE FROM ${feedback} WHERE received_at < ?`, [recordsBefore.getTime()]),
        ledger: await tx.run(`DELETE FROM ${ledger} WHERE sent_at < ?`, [recordsBefore.getTime()]),
        suppressions: await tx.run(`DELETE FROM ${suppression} WHERE until_at <= ?`, [now.getTime()]),
      }));
    },

    async reportRows(since, until) {
      const rows = await driver.all(
        `SELECT c.card_uuid, c.service_id, c.topic, c.knowledge_version, c.suppressed, c.sent_at, f.outcome, f.reason_code, f.outcome_at
         FROM ${ledger} c LEFT JOIN ${feedback} f ON f.card_uuid = c.card_uuid
         WHERE c.sent_at >= ? AND c.sent_at < ? ORDER BY c.sent_at, c.card_uuid, f.outcome_at`,
        [since.getTime(), until.getTime()],
      );
      return rows.map((row): ReportRow => {
        const outcome = optional(row, 'outcome') as FeedbackOutcome | undefined;
        const reasonCode = optional(row, 'reason_code');
        return {
          cardUuid: text(row, 'card_uuid'),
          serviceId: text(row, 'service_id'),
          topic: text(row, 'topic'),
          knowledgeVersion: text(row, 'knowledge_version'),
          suppressed: Number(row.suppressed) === 1,
          sentAt: millis(row, 'sent_at'),
          ...(outcome ? { outcome, outcomeAt: millis(row, 'outcome_at') } : {}),
          ...(reasonCode ? { reasonCode } : {}),
        };
      });
    },

    async comments(since, until) {
      const rows = await driver.all(
        `SELECT k.card_uuid, c.topic, k.comment, k.received_at FROM ${comment} k LEFT JOIN ${ledger} c ON c.card_uuid = k.card_uuid
         WHERE k.received_at >= ? AND k.received_at < ? ORDER BY k.received_at DESC`,
        [since.getTime(), until.getTime()],
      );
      return rows.map(
        (row): StoredComment => ({ cardUuid: text(row, 'card_uuid'), topic: text(row, 'topic'), comment: text(row, 'comment'), receivedAt: millis(row, 'received_at') }),
      );
    },

    async schemaVersion() {
      const rows = await driver.all(`SELECT MAX(version) AS v FROM ${t(MIGRATIONS_TABLE)}`);
      return Number(rows[0]?.v ?? 0);
    },

    close: () => driver.close(),
  };
}
