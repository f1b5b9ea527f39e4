import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The compiled CLIs and servers as real processes (`npm test` builds dist/ first), as a developer runs them.
 * `--experimental-websocket`: @medplum/* 5.x needs the WebSocket global, which Node 20 has only behind the flag.
 */

export const NODE_FLAGS = ['--experimental-websocket'];

/**
 * Jest timeout for a test that runs these processes: each loads the FHIR definitions and the knowledge (a few
 * seconds of CPU), and the 2-core machines are shared, so jest's default 20 s is too tight when they are busy.
 */
export const PROCESS_TIMEOUT_MS = 120_000;

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function requireBuilt(script: string): void {
  if (!existsSync(script)) throw new Error(`${script} is missing: run npm run build (npm test does)`);
}

/** Runs `node <script> <args>` to its end (killed after `timeoutMs`). */
export function runNode(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = PROCESS_TIMEOUT_MS): Promise<Run> {
  requireBuilt(script);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_FLAGS, script, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningProcess {
  /** The first match of `ready` in stdout. */
  readonly match: RegExpMatchArray;
  stop(): Promise<void>;
}

/** Starts a long-running `node <script>` and resolves once stdout matches `ready`; fails if it exits first. */
export function startNode(script: string, args: readonly string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = PROCESS_TIMEOUT_MS / 2): Promise<RunningProcess> {
  requireBuilt(script);
  const child: ChildProcess = spawn(process.execPath, [...NODE_FLAGS, script, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${script} did not print ${String(ready)} in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = stdout.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ match, stop });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${String(code)} before it was ready: ${stderr}`));
    });
  });
}
