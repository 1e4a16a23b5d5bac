import { Mutex } from 'async-mutex';
import type Sqlite from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import type { Conn, Db, SqliteFile, Tx } from './db.js';
import { WalSync, type WalSyncOptions } from './wal-sync.js';

export interface TransactionOptions {
  /**
   * Commit without the disk sync on the event loop; durable once `flushed()` resolves (see
   * WalSync). A PostgreSQL commit is durable when it returns, so there this changes nothing.
   */
  relaxed?: boolean;
  /**
   * false: a commit nobody will wait to be durable, because losing it in a power cut (not in a
   * crash of the process) costs nothing but a repeat: a job's claim, whose loss leaves the job
   * pending again, to be run once more and adopted (every post carries its tag). SQLite commits
   * it without syncing the WAL (the next synced commit covers it); PostgreSQL without waiting
   * for its WAL flush (`synchronous_commit = off`).
   */
  durable?: boolean;
}

/**
 * One database, whichever engine keeps it: where queries run, and how writes are grouped into
 * transactions. The repositories are written once against it (see Db).
 */
export interface Database {
  readonly dialect: 'sqlite' | 'postgres';
  /** Reads outside a transaction. */
  readonly db: Db;
  /** The one connection, on SQLite: the repositories prepare their hot statements on it once. */
  readonly sqlite: Sqlite.Database | undefined;
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** `fn` inside a savepoint of `tx`: if it throws, only its own changes are undone. */
  savepoint<T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** False once the engine has given up the running transaction by itself (see savepoint). */
  inTransaction(tx: Tx): boolean;
  /** Resolves once every commit made before the call is durable (see TransactionOptions.relaxed). */
  flushed(): Promise<void>;
  /** Rows of a query written in SQL both engines read alike (names quoted where case matters). */
  rows<T>(conn: Conn, query: SQL): Promise<T[]>;
  /** A statement written in SQL both engines read alike. */
  exec(conn: Conn, query: SQL): Promise<void>;
  /**
   * Runs `fn`, whose writes through `exec` on `tx` go to the server together when it returns: one
   * statement on PostgreSQL (each write a data-modifying `with` of it, so one round trip where
   * each was one), one after another as they come on SQLite. The writes must not read what one
   * another wrote, nor rely on their order (on PostgreSQL they see the same snapshot and run in
   * no promised order), and `fn` must not read through `tx` (a `rows` call there is refused).
   */
  together(tx: Tx, fn: () => Promise<void>): Promise<void>;
  /**
   * Makes the rest of `tx` wait for every other transaction that serialized on `topic` (across
   * instances), for a decision that reads what others may be writing (is an alert a duplicate,
   * does a storm need a digest). SQLite's transactions already run one at a time.
   */
  serialize(tx: Tx, topic: string): Promise<void>;
  /** Whether the database answers a query now. */
  ping(): Promise<boolean>;
  /**
   * An error that says nothing about the write, only that its transaction met another one (a
   * deadlock, a serialization failure): the whole transaction is worth running again, and
   * `transaction` does so. Never on SQLite, whose transactions run one at a time.
   */
  isTransient(error: unknown): boolean;
  /** Housekeeping between bursts (SQLite: copy the WAL into the file); nothing where the engine does its own. */
  checkpoint?(): void;
  /** Refuses a write meant to be part of a transaction when none is running. */
  requireTransaction(tx: Tx, what: string): void;
  close(): Promise<void>;
}

/**
 * SQLite: one connection, so a transaction is one `BEGIN IMMEDIATE … COMMIT` on it with nothing
 * else written in between. Its body awaits, so the mutex is what keeps another transaction, or a
 * write outside one, from landing inside it. Reads outside a transaction do not wait: on the one
 * connection they may see a running transaction's writes before it commits, so a decision that
 * must hold is made inside a transaction.
 */
export class SqliteDatabase implements Database {
  readonly dialect = 'sqlite';
  readonly db: Db;
  readonly sqlite: Sqlite.Database;
  readonly walSync: WalSync;
  private readonly lock = new Mutex();
  private readonly stmt: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'undo', Sqlite.Statement>;

  constructor(file: SqliteFile, walSync: WalSyncOptions = {}) {
    this.db = file.db;
    this.sqlite = file.client;
    this.walSync = new WalSync(file.client, walSync);
    // Prepared once: drizzle's transaction builds a new database object and its SQL on every
    // call, which a burst of clicks pays per click.
    const prepare = (sql: string) => file.client.prepare(sql);
    this.stmt = {
      begin: prepare('BEGIN IMMEDIATE'),
      commit: prepare('COMMIT'),
      rollback: prepare('ROLLBACK'),
      savepoint: prepare('SAVEPOINT write'),
      release: prepare('RELEASE write'),
      undo: prepare('ROLLBACK TO write'),
    };
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const relaxed = options.relaxed === true || options.durable === false;
    return this.lock.runExclusive(() => (relaxed ? this.walSync.relaxed(() => this.run(fn)) : this.run(fn)));
  }

  private async run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    this.stmt.begin.run();
    try {
      const value = await fn(this.db as Tx);
      this.stmt.commit.run();
      return value;
    } catch (error) {
      // Some errors (a full disk, an I/O error) make SQLite roll back by itself.
      if (this.sqlite.inTransaction) this.stmt.rollback.run();
      throw error;
    }
  }

  async savepoint<T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
    this.stmt.savepoint.run();
    try {
      const value = await fn(tx);
      this.stmt.release.run();
      return value;
    } catch (error) {
      // When SQLite rolled back the whole transaction there is nothing to undo here, and the
      // caller must not go on (inTransaction says so).
      if (this.sqlite.inTransaction) {
        this.stmt.undo.run();
        this.stmt.release.run();
      }
      throw error;
    }
  }

  inTransaction(): boolean {
    return this.sqlite.inTransaction;
  }

  flushed(): Promise<void> {
    return this.walSync.flushed();
  }

  rows<T>(conn: Conn, query: SQL): Promise<T[]> {
    return Promise.resolve(conn.all<T>(query));
  }

  exec(conn: Conn, query: SQL): Promise<void> {
    conn.run(query);
    return Promise.resolve();
  }

  /** Each write runs as it comes: on the one connection a statement costs no round trip. */
  together(_tx: Tx, fn: () => Promise<void>): Promise<void> {
    return fn();
  }

  serialize(): Promise<void> {
    return Promise.resolve();
  }

  isTransient(): boolean {
    return false;
  }

  async ping(): Promise<boolean> {
    const rows = await this.rows<{ one: number }>(this.db, sql`select 1 as one`);
    return rows.length === 1;
  }

  requireTransaction(_tx: Tx, what: string): void {
    if (!this.sqlite.inTransaction) throw new Error(`${what} must be written inside a transaction`);
  }

  /**
   * Copies committed pages from the WAL into the database file without waiting on readers or
   * writers (PASSIVE); `truncate` also empties the WAL file, for a clean stop.
   */
  checkpoint(truncate = false): void {
    this.sqlite.pragma(`wal_checkpoint(${truncate ? 'TRUNCATE' : 'PASSIVE'})`);
  }

  async close(): Promise<void> {
    // Whatever is running commits first; nothing after it starts.
    await this.lock.waitForUnlock();
    await this.walSync.close();
    if (this.sqlite.open) {
      this.checkpoint(true);
      this.sqlite.close();
    }
  }
}
