import type { Logger } from 'pino';
import type { GovernanceStore } from '../storage/governance-store.js';

const DAY_MS = 86_400_000;

/** Deletes what is past its retention once (ledger and feedback after `retentionDays`, comments sooner). */
export function runRetention(store: GovernanceStore, retentionDays: number, commentRetentionDays: number, now: Date) {
  return store.deleteExpired({
    recordsBefore: new Date(now.getTime() - retentionDays * DAY_MS),
    commentsBefore: new Date(now.getTime() - commentRetentionDays * DAY_MS),
    now,
  });
}

/** Runs `runRetention` every `intervalMs` (first run at start); returns the stopper. */
export function startRetentionJob(
  store: GovernanceStore,
  settings: { readonly retentionDays: number; readonly commentRetentionDays: number; readonly intervalMs: number },
  log: Logger,
  now: () => Date,
): () => void {
  const run = (): void => {
    runRetention(store, settings.retentionDays, settings.commentRetentionDays, now()).then(
      (deleted) => log.info({ deleted }, 'governance retention'),
      (err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'governance retention failed; retried next interval'),
    );
  };
  const first = setTimeout(run, 1000);
  const timer = setInterval(run, settings.intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
