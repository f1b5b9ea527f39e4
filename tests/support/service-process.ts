import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The compiled service (`dist/main.js`, which `npm test` builds first) as a real child process, for fault tests:
 * started with an environment of the test's choosing on a free port, its JSON log lines kept, stopped by signal.
 */

export const MAIN = 'dist/main.js';

/** A running service process. */
export interface ServiceProcess {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything written to stdout so far (pino JSON lines). */
  stdout(): string;
  stderr(): string;
  /** True until the process has exited. */
  alive(): boolean;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  /** Sends `signal` (default SIGTERM) and waits for the exit; SIGKILL after `forceAfterMs` (default 15 s). */
  stop(signal?: NodeJS.Signals, forceAfterMs?: number): Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
}

/** Options of `startService`. */
export interface StartServiceOptions {
  /** Added to a minimal environment (`PATH`, `PORT=0`, `LOG_LEVEL=info`). */
  readonly env?: NodeJS.ProcessEnv;
  /** How long to wait for the "listening" line (default 15 s). */
  readonly startTimeoutMs?: number;
  readonly nodeArgs?: readonly string[];
}

/** Starts the service and resolves once it logs "listening" (rejects with its stderr if it exits first). */
export function startService(options: StartServiceOptions = {}): Promise<ServiceProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build (npm test does)`);
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), MAIN], {
    env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', forceAfterMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> => {
    if (running) child.kill(signal);
    const force = setTimeout(() => child.kill('SIGKILL'), forceAfterMs);
    try {
      return await exited;
    } finally {
      clearTimeout(force);
    }
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`service did not log "listening" within the start timeout; stderr: ${err}`));
    }, options.startTimeoutMs ?? 15_000);
    const onData = (): void => {
      const port = /"port":(\d+)[^\n]*"msg":"listening"/.exec(out)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve({
        url: `http://127.0.0.1:${port}`,
        port: Number(port),
        child,
        stdout: () => out,
        stderr: () => err,
        alive: () => running,
        exited,
        stop,
      });
    };
    child.stdout?.on('data', onData);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`service exited (${String(code)}) before listening; stderr: ${err}`));
    });
  });
}

/** The parsed JSON log lines of a service's stdout (lines that are not JSON are skipped). */
export function logLines(service: Pick<ServiceProcess, 'stdout'>): Record<string, unknown>[] {
  return service
    .stdout()
    .split('\n')
    .flatMap((line) => {
      try {
        const parsed: unknown = JSON.parse(line);
        return typeof parsed === 'object' && parsed !== null ? [parsed as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
}
