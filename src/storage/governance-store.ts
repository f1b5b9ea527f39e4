/**
 * The storage interface of clinical governance: the card ledger, feedback (with comments kept apart) and
 * suppressions. One implementation (`sql-governance-store.ts`) runs on two drivers, SQLite and PostgreSQL, so the
 * same statements and the same test suite cover both.
 */

export type Indicator = 'info' | 'warning' | 'critical';
export type FeedbackOutcome = 'accepted' | 'overridden';

/** One card the service returned (or held back by suppression). No clinical text, no direct identifier. */
export interface LedgerEntry {
  readonly cardUuid: string;
  readonly suggestionUuids: readonly string[];
  readonly serviceId: string;
  readonly hook: string;
  readonly topic: string;
  readonly indicator: Indicator;
  readonly hookInstance: string;
  /** The verified JWT issuer; '' for an unauthenticated development call. */
  readonly issuer: string;
  readonly tenant: string;
  /** HMAC of issuer, tenant and patient id (`governance/patient-hash.ts`). */
  readonly patientHash: string;
  /** Keyed hashes of the concepts behind the card (ingredient, order code, lab + criterion), for suppression. */
  readonly conceptHashes: readonly string[];
  /** Codes of the override reasons the card offered. */
  readonly overrideReasons: readonly string[];
  /** True: held back by a suppression, never sent (counted so the report shows what was held back). */
  readonly suppressed: boolean;
  readonly sentAt: Date;
  readonly knowledgeVersion: string;
}

/** A suppression armed by an override; active while `until` is in the future. */
export interface Suppression {
  readonly patientHash: string;
  readonly serviceId: string;
  readonly topic: string;
  readonly conceptHashes: readonly string[];
  readonly createdAt: Date;
  readonly until: Date;
}

/** A stored suppression with the key of the feedback that armed it (one suppression per feedback). */
export interface StoredSuppression {
  readonly key: string;
  readonly suppression: Suppression;
}

/** One feedback item, checked against the ledger; `key` makes a repeat idempotent. */
export interface FeedbackRecord {
  readonly key: string;
  readonly cardUuid: string;
  readonly serviceId: string;
  readonly outcome: FeedbackOutcome;
  readonly acceptedSuggestions: readonly string[];
  readonly reason?: { readonly system: string; readonly code: string };
  readonly outcomeAt: Date;
  readonly receivedAt: Date;
  /** Free text: stored in its own table with its own retention, shown only on the admin page. */
  readonly comment?: string;
  /** Armed only if this feedback is stored for the first time. */
  readonly suppression?: Suppression;
}

/** One card of a report window with its feedback (one row per feedback; none: outcome undefined). */
export interface ReportRow {
  readonly cardUuid: string;
  readonly serviceId: string;
  readonly topic: string;
  readonly knowledgeVersion: string;
  readonly suppressed: boolean;
  readonly sentAt: Date;
  readonly outcome?: FeedbackOutcome;
  readonly reasonCode?: string;
  readonly outcomeAt?: Date;
}

export interface StoredComment {
  readonly cardUuid: string;
  readonly topic: string;
  readonly comment: string;
  readonly receivedAt: Date;
}

export interface RetentionCutoffs {
  /** Ledger rows and feedback older than this are deleted. */
  readonly recordsBefore: Date;
  /** Comments older than this are deleted. */
  readonly commentsBefore: Date;
  /** Suppressions that ended before this are deleted. */
  readonly now: Date;
}

export interface RetentionResult {
  readonly ledger: number;
  readonly feedback: number;
  readonly comments: number;
  readonly suppressions: number;
}

export interface GovernanceStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** Writes a batch of ledger entries in one transaction (a repeated uuid is ignored). */
  writeLedger(entries: readonly LedgerEntry[]): Promise<void>;
  findCard(cardUuid: string): Promise<LedgerEntry | undefined>;
  /** Stores the items in one transaction; returns how many were new (repeats are ignored). */
  saveFeedback(records: readonly FeedbackRecord[]): Promise<number>;
  /** Suppressions of this patient and service still active at `now`. */
  activeSuppressions(patientHash: string, serviceId: string, now: Date): Promise<readonly Suppression[]>;
  /** Suppressions armed at or after `since` and still active at `now`, every patient and service (`new Date(0)`: all active). */
  suppressionsArmedSince(since: Date, now: Date): Promise<readonly StoredSuppression[]>;
  deleteExpired(cutoffs: RetentionCutoffs): Promise<RetentionResult>;
  /** Cards sent in [since, until), each joined to its feedback. */
  reportRows(since: Date, until: Date): Promise<readonly ReportRow[]>;
  /** Comments received in [since, until), newest first. */
  comments(since: Date, until: Date): Promise<readonly StoredComment[]>;
  /** The schema version applied (the highest migration number). */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}

/** The database cannot be written or read (read-only or full disk, database down): answer 503, never lose silently. */
export class StorageUnavailableError extends Error {
  static readonly code = 'ERR_STORAGE_UNAVAILABLE';
  readonly code = StorageUnavailableError.code;
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'StorageUnavailableError';
  }
}
