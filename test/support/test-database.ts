// Empty PostgreSQL databases for tests: each test file (or each bot a test starts) takes its own,
// so files running side by side never see each other's rows. The server is the postgres project's
// (test/support/global-setup.ts): TEST_DATABASE_URL, or the one started for the run.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The names this file gives; dropDatabase drops nothing else, so a wrong URL cannot cost a real database. */
const TEST_NAME = /^test_\d+_[0-9a-f]{10}$/;

/** The server's own URL (its `postgres` database, or whatever TEST_DATABASE_URL names). */
export function postgresServerUrl(): string {
  const url = inject('postgresUrl');
  if (url === undefined) {
    throw new Error('No PostgreSQL server here: only the postgres project (TEST_STORE=postgres) starts one, in its globalSetup');
  }
  return url;
}

/** Creates a new empty database with a name of its own and returns its URL. */
export async function freshPostgresDatabase(): Promise<string> {
  const server = postgresServerUrl();
  const name = `test_${process.pid}_${randomBytes(5).toString('hex')}`;
  await withClient(server, async (client) => {
    // FILE_COPY copies template1's files instead of writing them through the WAL (the default since
    // PostgreSQL 15). On the test server, whose fsync is off, it measured 13-15 ms against 60-70 ms on
    // a quiet machine, and about the same as the default (70 ms) with fewer slow outliers on a busy one.
    const version = await client.query<{ server_version_num: string }>('SHOW server_version_num');
    const fileCopy = Number(version.rows[0]?.server_version_num) >= 150000;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${fileCopy ? ' STRATEGY FILE_COPY' : ''}`);
  });
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database that freshPostgresDatabase made, closing any connection still open to it. */
export async function dropDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!TEST_NAME.test(name)) throw new Error(`Not a database freshPostgresDatabase made: ${name}`);
  await withClient(postgresServerUrl(), async (client) => {
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)}`);
  });
}

async function withClient(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
