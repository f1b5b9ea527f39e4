-- Schema version 2: suppression of a topic for one patient (keyed hash), service and set of concepts, armed by an
-- override whose reason the knowledge marks `suppress`.

CREATE TABLE gov_suppression (
  feedback_key TEXT PRIMARY KEY,
  patient_hash TEXT NOT NULL,
  service_id TEXT NOT NULL,
  topic TEXT NOT NULL,
  concept_hashes TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  until_at BIGINT NOT NULL
);
CREATE INDEX gov_suppression_lookup ON gov_suppression (patient_hash, service_id, until_at);
