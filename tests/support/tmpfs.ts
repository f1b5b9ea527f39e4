import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * A small tmpfs of the test's own, for disk faults a file mode cannot make for root (CI runs as root, which ignores
 * permissions): a full disk (`fill`), a read-only one (`ro`, or `remountReadOnly` once no file is open for writing).
 * Mounting needs root, as CI has.
 */

const run = promisify(execFile);

export interface Tmpfs {
  readonly dir: string;
  /** Writes a filler file until the disk is full (ENOSPC). */
  fill(): void;
  /** Deletes the filler: the disk has room again. */
  unfill(): void;
  remountReadOnly(): Promise<void>;
  /** Unmounts and removes the mount point. */
  remove(): Promise<void>;
}

export async function mountTmpfs(options: { readonly sizeKb: number; readonly readOnly?: boolean }): Promise<Tmpfs> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gov-tmpfs-'));
  await run('mount', ['-t', 'tmpfs', '-o', `size=${options.sizeKb}k${options.readOnly === true ? ',ro' : ''}`, 'tmpfs', dir]);
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill() {
      const chunk = Buffer.alloc(4096, 1);
      try {
        for (;;) writeFileSync(filler, chunk, { flag: 'a' });
      } catch (err: unknown) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
    },
    unfill: () => rmSync(filler, { force: true }),
    async remountReadOnly() {
      await run('mount', ['-o', 'remount,ro', dir]);
    },
    async remove() {
      await run('umount', ['-l', dir]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
