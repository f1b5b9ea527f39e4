-- Schema version 3: suppressions by the time they were armed, so each replica's in-memory suppression index
-- (src/governance/suppression-index.ts) reads only those armed since its last refresh, not the whole table.

CREATE INDEX gov_suppression_created_at ON gov_suppression (created_at);
