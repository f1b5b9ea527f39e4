import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';

/** The processes the benchmark starts (service replicas, bare server, FHIR server, balancer) and their memory. */

/** A port the kernel just handed out (closed again, so the child can bind it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A started server process. */
export interface Started {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** Milliseconds from spawn to the first 200 from its ready path. */
  readonly readyMs: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly port: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Polled until it answers 200 (`/readyz` by default). */
  readonly readyPath?: string;
  /** How to probe readiness: HTTP GET (default) or a TCP connect (the balancer). */
  readonly readyBy?: 'http' | 'tcp';
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

/** Spawns a server (stdout and stderr to /dev/null unless it fails to start) and waits until it is ready. */
export async function startServer(options: StartOptions): Promise<Started> {
  const started = performance.now();
  const child = spawn(options.command, [...options.args], { env: { ...process.env, ...options.env, PORT: String(options.port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const url = `http://127.0.0.1:${options.port}`;
  for (;;) {
    if (exited !== undefined) throw new Error(`${options.name} exited with ${exited} before it was ready:\n${stderr}`);
    const ready = options.readyBy === 'tcp' ? await connects(options.port) : await answers(`${url}${options.readyPath ?? '/readyz'}`);
    if (ready) break;
    if (performance.now() - started > 30_000) throw new Error(`${options.name} not ready after 30 s:\n${stderr}`);
    await sleep(5);
  }
  const readyMs = performance.now() - started;
  return {
    name: options.name,
    port: options.port,
    url,
    child,
    readyMs,
    stop: () =>
      new Promise((resolve) => {
        if (exited !== undefined) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Resident memory of a process in MiB (VmRSS), 0 when it is gone. */
export function rssMib(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 102.4) / 10 : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU time (user + system) of some processes so far, in milliseconds, from /proc/<pid>/stat (clock ticks of 10 ms):
 * on a machine shared with other work, CPU per request is steadier than requests per second.
 */
export function cpuMs(pids: readonly (number | undefined)[]): number {
  return pids.reduce<number>((sum, pid) => {
    if (pid === undefined) return sum;
    try {
      // Fields after the command name (which may hold spaces), from field 3 on: utime and stime are fields 14 and 15.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return sum + (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return sum;
    }
  }, 0);
}

/** Samples the summed RSS of some processes every 200 ms until stopped; returns the peak. */
export function rssPeak(pids: readonly (number | undefined)[]): () => number {
  let peak = 0;
  const sample = (): void => {
    peak = Math.max(peak, pids.reduce<number>((sum, pid) => sum + rssMib(pid), 0));
  };
  sample();
  const timer = setInterval(sample, 200);
  return () => {
    clearInterval(timer);
    sample();
    return Math.round(peak * 10) / 10;
  };
}

/**
 * Installs a Debian package when its command is missing (the set-up step of `npm run bench`): `apt-get install -y`,
 * after `apt-get update` if the first attempt fails. Throws when the command is still missing.
 */
export function ensureCommand(command: string, debianPackage: string): void {
  const has = (): boolean => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
  if (has()) return;
  console.log(`${command} is missing: apt-get install -y ${debianPackage}`);
  const install = (): number | null => spawnSync('apt-get', ['install', '-y', debianPackage], { stdio: 'inherit' }).status;
  if (install() !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    install();
  }
  if (!has()) throw new Error(`${command} is still missing: install the Debian package ${debianPackage}`);
}
