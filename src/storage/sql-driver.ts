/**
 * What the governance store needs from a database: parameterised statements written with `?` placeholders, a
 * transaction, and the numbered migrations applied under a lock. `sqlite-driver.ts` and `postgres-driver.ts`
 * implement it.
 */

export type SqlValue = string | number | null;
export type SqlRow = Readonly<Record<string, unknown>>;

/** Statements inside a transaction. */
export interface SqlTx {
  all(sql: string, params?: readonly SqlValue[]): Promise<readonly SqlRow[]>;
  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs a script of several statements without parameters (a migration file). */
  exec(sql: string): Promise<void>;
}

/**
 * How durable a transaction is once it returns. `disk` (the default): on disk, it survives a power loss (SQLite
 * `synchronous=FULL`, PostgreSQL's commit). `process`: written to the operating system, it survives the process
 * being killed but not a power loss (SQLite `synchronous=NORMAL` in WAL mode: no fsync in the event loop; the next
 * `disk` commit or checkpoint syncs it with everything before it). PostgreSQL commits every transaction fully: its
 * fsync waits in the database server, never in our event loop.
 */
export type Durability = 'disk' | 'process';

export interface SqlDriver extends SqlTx {
  readonly dialect: 'sqlite' | 'postgres';
  /** The table name as statements must write it (schema-qualified on PostgreSQL). */
  table(name: string): string;
  transaction<T>(work: (tx: SqlTx) => Promise<T>, durability?: Durability): Promise<T>;
  /** Applies the migrations above the current version (up to `upTo`) in one locked transaction; returns the version. */
  migrate(migrations: readonly Migration[], upTo?: number): Promise<number>;
  close(): Promise<void>;
}

/** One numbered SQL file of `src/storage/migrations/`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The migrations table, created by the driver before the first migration. */
export const MIGRATIONS_TABLE = 'gov_schema_migrations';
export const MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`;

/**
 * Applies each migration above the recorded version, inside the caller's transaction and lock.
 * @returns the schema version afterwards
 */
export async function applyMigrations(tx: SqlTx, migrations: readonly Migration[], upTo: number | undefined, now: number): Promise<number> {
  await tx.run(MIGRATIONS_DDL);
  const rows = await tx.all(`SELECT MAX(version) AS v FROM ${MIGRATIONS_TABLE}`);
  let version = Number(rows[0]?.v ?? 0);
  for (const migration of migrations) {
    if (migration.version <= version || (upTo !== undefined && migration.version > upTo)) continue;
    await tx.exec(migration.sql);
    await tx.run(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES (?, ?, ?)`, [migration.version, migration.name, now]);
    version = migration.version;
  }
  return version;
}
