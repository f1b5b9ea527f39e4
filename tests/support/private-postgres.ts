import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A PostgreSQL instance of the test's own (initdb into a temporary folder, its own random port, a socket in that
 * folder), so a fault test can stop and start a database without touching the machine's PostgreSQL, which other
 * tests share. As root (CI) every PostgreSQL command runs as the `postgres` user, since initdb refuses root.
 */

const run = promisify(execFile);

/** A private instance; `stop` it (or `remove` it) in afterAll, always. */
export interface PrivatePostgres {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  readonly url: string;
  start(): Promise<void>;
  /** Fast shutdown: open connections are terminated, as in a restart or a failover. */
  stop(): Promise<void>;
  isRunning(): boolean;
  /** Stops it when running and deletes its folder. */
  remove(): Promise<void>;
}

/** The folder of PostgreSQL's programs: `CDS_TEST_PG_BIN`, else Debian's newest `/usr/lib/postgresql/<n>/bin`. */
function binDir(): string {
  if (process.env.CDS_TEST_PG_BIN) return process.env.CDS_TEST_PG_BIN;
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) throw new Error('no PostgreSQL programs found: install postgresql or set CDS_TEST_PG_BIN');
  return join('/usr/lib/postgresql', newest, 'bin');
}

/** A port that was free a moment ago (the kernel picks it). */
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

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/** Creates (initdb) a stopped instance on a free port; `start()` it when the test wants it up. */
export async function createPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'cds-private-pg-'));
  const data = join(dir, 'data');
  mkdirSync(data, { mode: 0o700 });
  if (asRoot) {
    const { uid, gid } = await postgresIds();
    chownSync(dir, uid, gid);
    chownSync(data, uid, gid);
  }
  const pg = (program: string, args: readonly string[]): Promise<unknown> =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, program), ...args]) : run(join(bin, program), [...args]);

  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  // Small and unsafe on purpose: a throwaway instance needs no durability.
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c shared_buffers=16MB`;
  let running = false;

  const stop = async (): Promise<void> => {
    if (!running) return;
    await pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    running = false;
  };
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await pg('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', 'start']);
      running = true;
    },
    stop,
    isRunning: () => running,
    async remove() {
      try {
        await stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
