import type { Logger } from 'pino';

/**
 * Work that must finish before the process exits (closing the database pool, flushing a queued ledger), run in the
 * order registered, after the HTTP server has closed (no call can still write) and before the log is flushed.
 */

/** One named step; a failing step is logged and the next one still runs. */
export interface ShutdownStep {
  readonly name: string;
  readonly run: () => Promise<void>;
}

/** The ordered list `main.ts` runs on shutdown. */
export interface ShutdownSteps {
  /** Appends a step. */
  add(name: string, run: () => Promise<void>): void;
  /** Runs every step in order; resolves true when none failed. */
  run(log: Logger): Promise<boolean>;
}

/** An empty list of shutdown steps. */
export function createShutdownSteps(): ShutdownSteps {
  const steps: ShutdownStep[] = [];
  return {
    add(name, run) {
      steps.push({ name, run });
    },
    async run(log) {
      let ok = true;
      for (const step of steps) {
        try {
          await step.run();
        } catch (err: unknown) {
          ok = false;
          log.error({ event: 'shutdown-step-failed', step: step.name, error: err instanceof Error ? err.name : 'unknown' }, 'shutdown step failed');
        }
      }
      return ok;
    },
  };
}
