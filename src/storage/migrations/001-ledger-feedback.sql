-- Schema version 1: the card ledger, feedback, and clinicians' comments kept apart (shorter retention).
-- One file for SQLite and PostgreSQL: only types both accept (BIGINT, SMALLINT, TEXT); times are epoch
-- milliseconds and lists are JSON text, so the same statements run on both.

CREATE TABLE gov_ledger (
  card_uuid TEXT PRIMARY KEY,
  suggestion_uuids TEXT NOT NULL,
  service_id TEXT NOT NULL,
  hook TEXT NOT NULL,
  topic TEXT NOT NULL,
  indicator TEXT NOT NULL,
  hook_instance TEXT NOT NULL,
  issuer TEXT NOT NULL,
  tenant TEXT NOT NULL,
  patient_hash TEXT NOT NULL,
  concept_hashes TEXT NOT NULL,
  override_reasons TEXT NOT NULL,
  suppressed SMALLINT NOT NULL,
  sent_at BIGINT NOT NULL,
  knowledge_version TEXT NOT NULL
);
CREATE INDEX gov_ledger_sent_at ON gov_ledger (sent_at);

CREATE TABLE gov_feedback (
  feedback_key TEXT PRIMARY KEY,
  card_uuid TEXT NOT NULL,
  service_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  accepted_suggestions TEXT NOT NULL,
  reason_system TEXT,
  reason_code TEXT,
  outcome_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE INDEX gov_feedback_card ON gov_feedback (card_uuid);
CREATE INDEX gov_feedback_received_at ON gov_feedback (received_at);

CREATE TABLE gov_comment (
  feedback_key TEXT PRIMARY KEY,
  card_uuid TEXT NOT NULL,
  comment TEXT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE INDEX gov_comment_received_at ON gov_comment (received_at);

-- One row per replica start: a real write, so a read-only database stops start-up instead of failing later.
CREATE TABLE gov_startup (
  replica TEXT PRIMARY KEY,
  started_at BIGINT NOT NULL
);
