import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * The database a benchmark's bot keeps its state in: SQLite in the run's folder, or with
 * BENCH_DATABASE_URL (a PostgreSQL server, a role that may create databases) a new database
 * there. `query` reads it from outside as an operator would, in SQL both engines read alike
 * (`?` placeholders; counts cast to integer).
 */
export interface BenchDatabase {
  env: Record<string, string>;
  engine: 'sqlite' | 'postgres';
  query<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function benchDatabase(dir: string): Promise<BenchDatabase> {
  const server = process.env.BENCH_DATABASE_URL;
  if (!server) {
    const path = join(dir, 'crisis.db');
    let db: Database.Database | undefined;
    return {
      env: { DATABASE_PATH: path },
      engine: 'sqlite',
      // Opened at the first read: the bot creates the file.
      query: <T>(sql: string, ...params: unknown[]) => {
        db ??= new Database(path, { readonly: true });
        return Promise.resolve(db.prepare(sql).all(...params) as T[]);
      },
      close: () => {
        db?.close();
        return Promise.resolve();
      },
    };
  }
  const name = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    env: { DATABASE_URL: url.toString() },
    engine: 'postgres',
    query: async <T>(sql: string, ...params: unknown[]) => {
      let n = 0;
      return (
        await client.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows as T[];
    },
    close: async () => {
      await client.end();
      const drop = new pg.Client({ connectionString: server });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}
