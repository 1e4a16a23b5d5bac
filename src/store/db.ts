import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { inArray, sql, type Column, type SQL } from 'drizzle-orm';
import * as schema from './schema.js';

/**
 * The query builder the repositories write with. It is typed by the SQLite schema, and on
 * PostgreSQL it is drizzle's pg database over the same tables (schema-pg.ts, held equal by a
 * test), so the repositories only `await` a query and read rows: `.all()`, `.get()`, `.run()`
 * and a statement's `changes` exist on SQLite alone (a changed row is counted with `returning`).
 */
export type Db = BetterSQLite3Database<typeof schema>;
declare const inTransaction: unique symbol;
/** The transaction a write is part of (see Store.transaction): only a transaction hands one out. */
export type Tx = Db & { readonly [inTransaction]: true };
/** Where a read runs: inside a transaction, or on the database as committed. */
export type Conn = Db | Tx;

/** The first row a query returns, if any: `.get()` is SQLite's alone. */
export async function first<T>(rows: PromiseLike<T[]>): Promise<T | undefined> {
  return (await rows)[0];
}

/** The one row an insert or update `returning` gives back; its absence is a bug, not a state. */
export async function only<T>(rows: PromiseLike<T[]>): Promise<T> {
  const [row] = await rows;
  if (row === undefined) throw new Error('the write returned no row');
  return row;
}

/**
 * A value per row in one update: `case id when 1 then … when 2 then … end`. Each value is cast,
 * since PostgreSQL cannot tell a bare parameter's type inside a case (both engines read the cast).
 */
export function caseById<R extends { id: number }>(
  id: Column,
  rows: readonly R[],
  value: (row: R) => number | string | null,
  type: 'bigint' | 'text',
): SQL {
  const whens = rows.map((row) => sql`when ${row.id} then cast(${value(row)} as ${sql.raw(type)})`);
  return sql`case ${id} ${sql.join(whens, sql` `)} end`;
}

/**
 * One PostgreSQL array parameter of a column's values, for `= any(…)` and `unnest(…)`: a batch's
 * statement then has the same few parameters and the same text whatever its size, where one
 * parameter per value made drizzle build, and the server parse, a statement per batch size.
 */
export function pgArray(values: readonly (number | string | null)[], type: 'integer' | 'bigint' | 'text'): SQL {
  return sql`${sql.param([...values])}::${sql.raw(type)}[]`;
}

/** Rows from one array parameter per column (see pgArray): PostgreSQL's `unnest(a, b, …)`. */
export function pgUnnest(...columns: [values: readonly (number | string | null)[], type: 'integer' | 'bigint' | 'text'][]): SQL {
  return sql`unnest(${sql.join(
    columns.map(([values, type]) => pgArray(values, type)),
    sql`, `,
  )})`;
}

/** `column in (ids)`: on PostgreSQL one array parameter (see pgArray), on SQLite a list. */
export function idIn(dialect: 'sqlite' | 'postgres', column: Column, ids: readonly number[]): SQL {
  return dialect === 'postgres' ? sql`${column} = any(${pgArray(ids, 'integer')})` : inArray(column, [...ids]);
}

/**
 * The committed migrations of a dialect: `drizzle/` (SQLite) or `drizzle/pg/`, two levels up from
 * this module whether it runs from src/store (tsx) or dist/store (the build). Looked up there
 * only, never further up the tree.
 */
export function migrationsFolder(sub = ''): string {
  const folder = fileURLToPath(new URL(`../../drizzle/${sub}`, import.meta.url));
  if (!existsSync(join(folder, 'meta', '_journal.json'))) throw new Error(`migrations not found in ${folder}`);
  return folder;
}

/** An open, migrated SQLite database: drizzle's view of it and the one connection beneath. */
export interface SqliteFile {
  db: Db;
  client: Database.Database;
}

/** Opens (creating if needed) and migrates the database. */
export function openSqlite(path: string): SqliteFile {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const client = new Database(path);
  // WAL lets status reads run beside writes; FULL sync because a lost tick is worse than a slow one
  // (clicks keep that guarantee with their sync moved off the event loop: see WalSync); the busy
  // timeout covers a second process on the same file.
  client.pragma('journal_mode = WAL');
  client.pragma('synchronous = FULL');
  client.pragma('foreign_keys = ON');
  client.pragma('busy_timeout = 5000');
  // SQLite's automatic checkpoint runs inside whichever commit crosses the threshold; under a
  // burst of clicks that commit stalls everyone queued behind it. The scheduler checkpoints instead.
  client.pragma('wal_autocheckpoint = 0');
  const db = drizzle(client, { schema });
  migrate(db, { migrationsFolder: migrationsFolder() });
  return { db, client };
}
