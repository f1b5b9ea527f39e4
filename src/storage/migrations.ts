import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Migration } from './sql-driver.js';

/**
 * The numbered SQL files of `src/storage/migrations/` (`001-name.sql`, …), one set for both databases. Read from
 * the source folder, which lies two levels above both `src/storage/` and `dist/storage/`, so the compiled service
 * and the tests read the same files.
 */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../src/storage/migrations/', import.meta.url));

const FILE = /^(\d{3})-([a-z0-9-]+)\.sql$/;

/** The migrations in version order; a gap or a duplicate number stops start-up. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): readonly Migration[] {
  const migrations = readdirSync(dir)
    .flatMap((file): Migration[] => {
      const match = FILE.exec(file);
      return match?.[1] && match[2] ? [{ version: Number(match[1]), name: match[2], sql: readFileSync(`${dir}/${file}`, 'utf8') }] : [];
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`storage migrations: expected version ${i + 1}, found ${m.version} (${m.name})`);
  });
  return migrations;
}
