import type { Logger } from 'pino';
import type { GovernanceStore, StoredSuppression, Suppression } from '../storage/governance-store.js';

/**
 * The active suppressions of every patient in memory, so a hook call holds cards back without a database read (issue
 * 10: the ledger and suppression must cost under 5 % of patient-view throughput; the per-call lookup was a tenth of
 * that cost on SQLite, and a network round trip on PostgreSQL).
 *
 * Loaded in full at start, then refreshed every `refreshMs` with the suppressions armed since the previous refresh
 * (by any replica on the same database), and loaded in full again every ten minutes (which also drops the ended
 * ones). A suppression this replica stores is added before its feedback is answered, so this replica holds the card
 * back at once; another replica sees it within `refreshMs` of its commit (README "Clinical governance"). Until the
 * first load succeeded (PostgreSQL down at start) `active` answers undefined and the caller asks the store.
 */

export interface SuppressionIndexOptions {
  readonly store: GovernanceStore;
  readonly log: Logger;
  readonly now: () => Date;
  /** How often suppressions armed by other replicas are read (ms): how late this replica may see them. */
  readonly refreshMs: number;
}

export interface SuppressionIndex {
  /** The patient's active suppressions for this service; undefined while the index is not loaded. */
  active(patientHash: string, serviceId: string, now: Date): readonly Suppression[] | undefined;
  /** Suppressions this replica just stored; one already indexed under the same feedback key is kept. */
  add(stored: readonly StoredSuppression[]): void;
  /** Reads the database now (a refresh already running is followed by a new one); false if it failed (logged). */
  refresh(): Promise<boolean>;
  /** Number of suppressions held. */
  size(): number;
  stop(): void;
}

const FULL_RELOAD_MS = 10 * 60_000;
// An incremental refresh reads back this far before the previous one started: a suppression's `created_at` is taken
// before its feedback's transaction (which may wait for the card to be written, for a locked database) and by
// another replica's clock. Rows read twice are the same rows (keyed by their feedback).
const OVERLAP_MS = 60_000;

export function createSuppressionIndex(options: SuppressionIndexOptions): SuppressionIndex {
  const { store, log } = options;
  // serviceId + patient hash → feedback key → suppression.
  let byPatient = new Map<string, Map<string, Suppression>>();
  let loaded = false;
  let lastRefreshAt = 0;
  let lastFullAt = 0;
  let failing = false;
  let running: Promise<boolean> | undefined;
  let queued: Promise<boolean> | undefined;
  // Added while a full load runs: put back into the map that load builds.
  let addedDuringLoad: StoredSuppression[] | undefined;

  const patientKey = (patientHash: string, serviceId: string): string => `${serviceId}\u0000${patientHash}`;
  const put = (into: Map<string, Map<string, Suppression>>, { key, suppression }: StoredSuppression, replace: boolean): void => {
    const k = patientKey(suppression.patientHash, suppression.serviceId);
    let own = into.get(k);
    if (own === undefined) {
      own = new Map();
      into.set(k, own);
    }
    if (replace || !own.has(key)) own.set(key, suppression);
  };

  async function load(): Promise<boolean> {
    const started = options.now().getTime();
    // In full at first, every ten minutes, and when the clock went back.
    const full = !loaded || started - lastFullAt >= FULL_RELOAD_MS || started < lastRefreshAt;
    try {
      if (full) addedDuringLoad = [];
      const rows = await store.suppressionsArmedSince(new Date(full ? 0 : lastRefreshAt - OVERLAP_MS), new Date(started));
      const into = full ? new Map<string, Map<string, Suppression>>() : byPatient;
      // The database's row wins over one added here (a repeated feedback keeps the suppression first stored).
      for (const row of rows) put(into, row, true);
      for (const row of addedDuringLoad ?? []) put(into, row, false);
      byPatient = into;
      loaded = true;
      lastRefreshAt = started;
      if (full) lastFullAt = started;
      if (failing) log.info({ suppressions: countAll() }, 'suppression index refreshed again');
      failing = false;
      return true;
    } catch (err: unknown) {
      if (!failing) log.warn({ err: err instanceof Error ? err.message : String(err), loaded }, 'suppression index cannot be refreshed; retrying');
      failing = true;
      return false;
    } finally {
      if (full) addedDuringLoad = undefined;
    }
  }

  function countAll(): number {
    let n = 0;
    for (const own of byPatient.values()) n += own.size;
    return n;
  }

  // One read at a time; a refresh asked for while one runs starts after it (it must see rows committed meanwhile).
  function refresh(): Promise<boolean> {
    if (running === undefined) {
      running = load().finally(() => (running = undefined));
      return running;
    }
    queued ??= running.then(() => {
      queued = undefined;
      return refresh();
    });
    return queued;
  }

  const timer = setInterval(() => void refresh(), options.refreshMs);
  timer.unref();

  return {
    active(patientHash, serviceId, now) {
      if (!loaded) return undefined;
      const own = byPatient.get(patientKey(patientHash, serviceId));
      if (own === undefined) return [];
      const at = now.getTime();
      return [...own.values()].filter((s) => s.until.getTime() > at);
    },
    add(stored) {
      for (const row of stored) {
        put(byPatient, row, false);
        addedDuringLoad?.push(row);
      }
    },
    refresh,
    size: countAll,
    stop: () => clearInterval(timer),
  };
}
