import { join } from 'node:path';
import { SqliteDatabase, type Database } from '../../src/store/database.js';
import { openSqlite } from '../../src/store/db.js';
import { openPostgres } from '../../src/store/postgres.js';
import { dropDatabase, freshPostgresDatabase } from './test-database.js';

/** Whether this run is the PostgreSQL one (the vitest project `postgres`, see vitest.config.ts). */
export function postgresUnderTest(): boolean {
  return process.env.TEST_STORE === 'postgres';
}

/** The environment that points a bot at the store under test: a new, empty database either way. */
export async function databaseEnv(dir: string): Promise<Record<string, string>> {
  return postgresUnderTest() ? { DATABASE_URL: await freshPostgresDatabase() } : { DATABASE_PATH: join(dir, 'crisis.db') };
}

/** A migrated database of the store under test, opened in this process, and how to put it away. */
export async function openTestDatabase(dir: string): Promise<{ database: Database; close: () => Promise<void> }> {
  if (!postgresUnderTest()) {
    const database = new SqliteDatabase(openSqlite(join(dir, 't.db')));
    return { database, close: () => database.close() };
  }
  const url = await freshPostgresDatabase();
  const database = await openPostgres(url, { poolSize: 4 });
  return {
    database,
    close: async () => {
      await database.close();
      await dropDatabase(url);
    },
  };
}
