import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Which store the suite runs against: SQLite (a file in the test's folder) unless the run is the
 * PostgreSQL one, whose server's URL the global setup hands over in TEST_POSTGRES_URL.
 */
export function postgresUnderTest(): string | undefined {
  return process.env.TEST_POSTGRES_URL || undefined;
}

/** A new, empty database on the suite's PostgreSQL server, and its URL. */
export async function freshDatabaseUrl(serverUrl: string): Promise<string> {
  const name = `crisis_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The environment that points a bot at the store under test: a fresh database either way. */
export async function databaseEnv(dir: string): Promise<Record<string, string>> {
  const server = postgresUnderTest();
  return server ? { DATABASE_URL: await freshDatabaseUrl(server) } : { DATABASE_PATH: join(dir, 'crisis.db') };
}
