import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The transaction a write is part of (see Store.transaction). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Where a read runs: inside a transaction, or on the database as committed. */
export type Conn = Db | Tx;

/**
 * For writes through statements prepared once on the one connection (see the repositories'
 * `prepare`): they run in whatever transaction the connection is in, which is the caller's `tx`.
 * A write that must be part of a transaction is refused outside one rather than committed alone.
 */
export function requireTransaction(db: Db, what: string): void {
  if (!db.$client.inTransaction) throw new Error(`${what} must be written inside a transaction`);
}

/**
 * The committed drizzle/ folder: two levels up from this module, whether it runs from src/store
 * (tsx) or dist/store (the build). Looked up there only, never further up the tree.
 */
function migrationsFolder(): string {
  const folder = fileURLToPath(new URL('../../drizzle', import.meta.url));
  if (!existsSync(join(folder, 'meta', '_journal.json'))) throw new Error(`migrations not found in ${folder}`);
  return folder;
}

/** Opens (creating if needed) and migrates the database. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets status reads run beside writes; FULL sync because a lost tick is worse than a slow one
  // (clicks keep that guarantee with their sync moved off the event loop: see WalSync); the busy
  // timeout covers a second process on the same file.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's automatic checkpoint runs inside whichever commit crosses the threshold; under a
  // burst of clicks that commit stalls everyone queued behind it. The scheduler checkpoints instead.
  sqlite.pragma('wal_autocheckpoint = 0');
  const db: Db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsFolder() });
  return db;
}

/**
 * Copies committed pages from the WAL into the database file without waiting on readers or
 * writers (PASSIVE); `truncate` also empties the WAL file, for a clean stop.
 */
export function checkpoint(db: Db, truncate = false): void {
  db.$client.pragma(`wal_checkpoint(${truncate ? 'TRUNCATE' : 'PASSIVE'})`);
}
