// The transaction's `begin` held back and sent with its first statement (src/store/pg-begin.ts),
// on a real PostgreSQL server. Runs in the postgres project only (vitest.config.ts).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgres, type PostgresDatabase } from '../../../src/store/postgres.js';
import { dropDatabase, freshPostgresDatabase } from '../../support/test-database.js';

let url: string;
let database: PostgresDatabase;

beforeAll(async () => {
  url = await freshPostgresDatabase();
  database = await openPostgres(url, { poolSize: 2 });
  await database.exec(database.db, sql`create table notes (id integer primary key, body text not null)`);
});
afterAll(async () => {
  await database.close();
  await dropDatabase(url);
});

/** Where the server says this connection is: the transaction's id, or null outside one. */
const inTransaction = sql.raw(`select txid_current_if_assigned()::text as xid, now() = statement_timestamp() as fresh`);

it('runs a first statement without parameters inside the transaction, which a rollback undoes', async () => {
  await expect(
    database.transaction(async (tx) => {
      await database.exec(tx, sql.raw(`insert into notes values (1, 'held')`));
      // Held apart from the first statement, now() would still be the statement's own time.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const [state] = await database.rows<{ xid: string | null; fresh: boolean }>(tx, inTransaction);
      expect(state!.xid).not.toBeNull();
      expect(state!.fresh).toBe(false);
      throw new Error('undo');
    }),
  ).rejects.toThrow('undo');
  expect(await database.rows(database.db, sql`select * from notes`)).toEqual([]);
});

it('sends the begin on its own before a first statement with parameters, and commits both', async () => {
  await database.transaction(async (tx) => {
    await database.exec(tx, sql`insert into notes values (${2}, ${'with a parameter'})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const [state] = await database.rows<{ fresh: boolean }>(tx, inTransaction);
    expect(state!.fresh).toBe(false);
  });
  expect(await database.rows(database.db, sql`select id, body from notes`)).toEqual([{ id: 2, body: 'with a parameter' }]);
});

it('returns the first statement’s rows, not the begin’s', async () => {
  const rows = await database.transaction((tx) => database.rows<{ n: number }>(tx, sql.raw('select 41 + 1 as n')));
  expect(rows).toEqual([{ n: 42 }]);
});

it('leaves a connection usable after a held begin whose statement failed', async () => {
  await expect(database.transaction((tx) => database.exec(tx, sql.raw('select * from no_such_table')))).rejects.toThrow(/no_such_table/);
  for (let i = 0; i < 4; i++)
    expect(await database.transaction((tx) => database.rows(tx, sql.raw('select 1 as one')))).toEqual([{ one: 1 }]);
});

it('refuses an array that is not all integers, so nothing but digits is written into a statement', async () => {
  const { pgIntegers } = await import('../../../src/store/db.js');
  expect(() => pgIntegers([1, 2.5])).toThrow(/not an integer/);
  expect(() => pgIntegers([Number.NaN])).toThrow(/not an integer/);
});
