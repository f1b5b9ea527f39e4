import pg from 'pg';

/**
 * A private PostgreSQL database for the horizontal-scale scenario (replay store and ledger shared by the replicas),
 * on the server of `CDS_BENCH_POSTGRES_URL` (default: the machine's, postgres://postgres@127.0.0.1:5432/postgres).
 */

export interface BenchDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const admin = process.env.CDS_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `bench_${process.pid}_${Date.now()}`;
  const run = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
