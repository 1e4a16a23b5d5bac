import { sql, type SQL } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Database, TransactionOptions } from './database.js';
import { migrationsFolder, type Conn, type Db, type Tx } from './db.js';
import * as schema from './schema-pg.js';

// Times are epoch milliseconds in bigint columns: read as numbers, as SQLite gives them (exact
// up to 2^53, some 285,000 years).
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

/** The advisory lock every instance takes to migrate: the first migrates, the others then find nothing to do. */
const MIGRATION_LOCK = 0x63726973; // "cris"

type PgDb = NodePgDatabase<typeof schema>;

/** How many times a transaction that lost a deadlock is run in all (see PostgresDatabase.transaction). */
const TRANSACTION_ATTEMPTS = 5;

export interface PostgresOptions {
  /** Connections this instance may hold at once. */
  poolSize?: number;
  /**
   * A connection the server closed while it sat idle (a restart, a failover, an administrator):
   * the pool drops it and opens a new one when next needed. Told here; never thrown.
   */
  onLostConnection?: (error: Error) => void;
}

/** Connects, and migrates the database under an advisory lock so that instances starting together migrate it once. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // Without a listener the pool's 'error' is thrown, and a database restart took the bot down.
  pool.on('error', (error) => options.onLostConnection?.(error));
  try {
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await migrate(drizzle(client, { schema }), { migrationsFolder: migrationsFolder('pg') });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return new PostgresDatabase(pool);
}

/**
 * PostgreSQL: a pool of connections, several instances of the bot on one database. The
 * repositories' queries are drizzle's pg queries over the same tables (schema-pg.ts), typed by
 * the SQLite schema they equal (see Db).
 */
export class PostgresDatabase implements Database {
  readonly dialect = 'postgres';
  readonly sqlite = undefined;
  readonly db: Db;
  private readonly pg: PgDb;
  /** The transactions (and savepoints) running now: a write handed one that has ended is refused. */
  private readonly live = new WeakSet<object>();
  /** The writes of a transaction inside together(), sent as one statement when it returns. */
  private readonly gathering = new WeakMap<object, SQL[]>();

  /** Connections opened and not yet closed (see close). */
  private readonly connections = new Set<pg.PoolClient>();

  constructor(private readonly pool: pg.Pool) {
    this.pg = drizzle(pool, { schema });
    this.db = this.pg as unknown as Db;
    pool.on('connect', (client) => this.connections.add(client));
    pool.on('remove', (client) => this.connections.delete(client));
  }

  /**
   * A transaction that meets another one in a deadlock (two instances' clicks touching the same
   * rows in another order) is rolled back by PostgreSQL and run again here, a few times, after a
   * short random pause: its body only reads and writes the database, so running it again is safe.
   */
  async transaction<T>(fn: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const body =
      options.durable === false
        ? async (tx: Tx) => {
            await this.exec(tx, sql`set local synchronous_commit = off`);
            return fn(tx);
          }
        : fn;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.pg.transaction((tx) => this.within(tx, body));
      } catch (error) {
        if (!this.isTransient(error) || attempt >= TRANSACTION_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
      }
    }
  }

  /** Deadlock detected (40P01), serialization failure (40001). */
  isTransient(error: unknown): boolean {
    const code =
      (error as { code?: unknown; cause?: { code?: unknown } } | undefined)?.code ??
      (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
    return code === '40P01' || code === '40001';
  }

  private async within<T>(tx: object, fn: (tx: Tx) => Promise<T>): Promise<T> {
    this.live.add(tx);
    try {
      return await fn(tx as unknown as Tx);
    } finally {
      this.live.delete(tx);
    }
  }

  /** drizzle's nested transaction is a savepoint, rolled back alone when `fn` throws. */
  savepoint<T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return (tx as unknown as PgDb).transaction((inner) => this.within(inner, fn));
  }

  /** A failed statement is undone with its savepoint; the transaction itself goes on. */
  inTransaction(): boolean {
    return true;
  }

  /** A commit is durable when it returns. */
  flushed(): Promise<void> {
    return Promise.resolve();
  }

  async rows<T>(conn: Conn, query: SQL): Promise<T[]> {
    if (this.gathering.has(conn)) throw new Error('a read inside together() would not see the writes gathered before it');
    const result = await (conn as unknown as PgDb).execute(query);
    return result.rows as T[];
  }

  async exec(conn: Conn, query: SQL): Promise<void> {
    const gathered = this.gathering.get(conn);
    if (gathered) gathered.push(query);
    else await (conn as unknown as PgDb).execute(query);
  }

  async together(tx: Tx, fn: () => Promise<void>): Promise<void> {
    if (this.gathering.has(tx)) return fn();
    const writes: SQL[] = [];
    this.gathering.set(tx, writes);
    try {
      await fn();
    } finally {
      this.gathering.delete(tx);
    }
    if (writes.length === 1) await this.exec(tx, writes[0]!);
    else if (writes.length > 1)
      await this.exec(
        tx,
        sql`with ${sql.join(
          writes.map((write, i) => sql`${sql.identifier(`w${i}`)} as (${write})`),
          sql`, `,
        )} select 1`,
      );
  }

  /** A transaction-scoped advisory lock: released by the commit or rollback, taken again freely by the same transaction. */
  async serialize(tx: Tx, topic: string): Promise<void> {
    await this.exec(tx, sql`select pg_advisory_xact_lock(hashtext(${topic}))`);
  }

  async ping(): Promise<boolean> {
    const rows = await this.rows<{ one: number }>(this.db, sql`select 1 as one`);
    return rows.length === 1;
  }

  requireTransaction(tx: Tx, what: string): void {
    if (!this.live.has(tx)) throw new Error(`${what} must be written inside a transaction`);
  }

  /**
   * Resolves once every connection is closed: the pool's end() resolves when it has asked them
   * to close, and one the server then ends (the database dropped or restarted) must not find it
   * half-closed.
   */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      const check = () => {
        if (this.connections.size > 0) return;
        this.pool.off('remove', check);
        resolve();
      };
      this.pool.on('remove', check);
      check();
    });
    await this.pool.end();
    await closed;
  }
}
