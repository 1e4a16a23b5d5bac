// The test PostgreSQL server (test/support/global-setup.ts) and the per-file databases
// (test/support/test-database.ts). Runs in the postgres project only: vitest.config.ts leaves it out
// of the sqlite one.
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { openPostgres } from '../../../src/store/postgres.js';
import { dropDatabase, freshPostgresDatabase, postgresServerUrl } from '../../support/test-database.js';

let url: string;
let client: pg.Client;

beforeAll(async () => {
  url = await freshPostgresDatabase();
  client = new pg.Client({ connectionString: url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await dropDatabase(url);
});

it('gives each caller a new, empty database of its own on the server', async () => {
  expect(new URL(url).host).toBe(new URL(postgresServerUrl()).host);
  const other = await freshPostgresDatabase();
  try {
    expect(new URL(other).pathname).not.toBe(new URL(url).pathname);
  } finally {
    await dropDatabase(other);
  }
  const database = await client.query<{ name: string; tables: string }>(
    "SELECT current_database() AS name, (SELECT count(*)::text FROM pg_tables WHERE schemaname = 'public') AS tables",
  );
  expect(database.rows).toEqual([{ name: new URL(url).pathname.slice(1), tables: '0' }]);
});

it('is PostgreSQL 12 or later', async () => {
  const { rows } = await client.query<{ version: string }>('SELECT version()');
  const major = Number(/^PostgreSQL (\d+)/.exec(rows[0]!.version)?.[1]);
  expect(major).toBeGreaterThanOrEqual(12);
});

it('stores a table and reads it back', async () => {
  await client.query('CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)');
  await client.query('INSERT INTO notes VALUES ($1, $2), ($3, $4)', [1, 'première', 2, '🚨 sev1']);
  const { rows } = await client.query<{ id: number; body: string }>('SELECT id, body FROM notes ORDER BY id');
  expect(rows).toEqual([
    { id: 1, body: 'première' },
    { id: 2, body: '🚨 sev1' },
  ]);
});

it('drops a database with a connection still open to it, and refuses one it did not make', async () => {
  const doomed = await freshPostgresDatabase();
  const lingering = new pg.Client({ connectionString: doomed });
  lingering.on('error', () => undefined); // the drop ends this connection from the server's side
  await lingering.connect();
  await dropDatabase(doomed);
  const name = new URL(doomed).pathname.slice(1);
  const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  expect(rows).toEqual([]);
  await lingering.end().catch(() => undefined);
  await expect(dropDatabase(postgresServerUrl())).rejects.toThrow(/Not a database freshPostgresDatabase made: postgres/);
});

it('a connection the server closes while idle is told, not thrown, and the next query opens a new one; close waits for every connection', async () => {
  const lost: string[] = [];
  const own = await freshPostgresDatabase();
  const database = await openPostgres(own, {
    poolSize: 3,
    onLostConnection: (error) => lost.push((error as Error & { code?: string }).code ?? error.message),
  });
  try {
    // Three idle connections in the pool, as after a burst.
    await Promise.all([1, 2, 3].map(() => database.rows(database.db, sql`select pg_sleep(0.05)`)));
    // What a restart or failover of the server does to them.
    const { rows } = await client.query<{ ended: boolean }>(
      'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1',
      [new URL(own).pathname.slice(1)],
    );
    expect(rows.length).toBe(3);
    await vi.waitFor(() => expect(lost).toEqual(['57P01', '57P01', '57P01']));
    expect(await database.ping()).toBe(true);
  } finally {
    await database.close();
  }
  // Closed means closed: nothing left on the server for a drop to cut off.
  const left = await client.query('SELECT 1 FROM pg_stat_activity WHERE datname = $1', [new URL(own).pathname.slice(1)]);
  expect(left.rows).toEqual([]);
  await dropDatabase(own);
});
