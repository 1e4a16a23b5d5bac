import type { Statement } from 'better-sqlite3';
import { and, asc, eq, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from './database.js';
import { first, type Conn, type Tx } from './db.js';
import { outbox, type OutboxRow } from './schema.js';

/** A row to add, as the outbox stores it (a job kind's declaration builds it: see outbox/outbox.ts). */
export interface NewJob {
  crisisId: number | null;
  kind: string;
  payload?: unknown;
  key?: string | undefined;
  after?: string | undefined;
  lane?: string | undefined;
  /** Lower runs first (outbox/priority). */
  priority: number;
  runAt: number;
}

/**
 * Due, prerequisite done, first in its lane, most urgent first; `$kinds` narrows the kinds (see
 * runnable). The `in` term repeats the partial index's condition so SQLite uses it: the outbox
 * keeps every done job, and without it each drain scanned them all and sorted what was due.
 */
const RUNNABLE = `
        select id, crisis_id as crisisId, kind, payload, key, after, lane, priority, state, attempts,
               run_at as runAt, last_error as lastError, created_at as createdAt, done_at as doneAt
        from outbox j
        where j.state in ('pending', 'running') and j.state = 'pending' and j.run_at <= ? and $kinds
          and (j.after is null or exists (select 1 from outbox d where d.key = j.after and d.state = 'done'))
          and (j.lane is null or not exists (
            select 1 from outbox o where o.lane = j.lane and o.id < j.id and o.state in ('pending', 'running')))
        order by j.priority, j.run_at, j.id
        limit ?`;

/** A render job added unless the same kind already waits in its lane (see insertCoalescedAll). */
const INSERT_COALESCED = `
        insert into outbox (crisis_id, kind, payload, lane, after, priority, run_at, created_at, state, last_error, done_at)
        select @crisisId, @kind, @payload, @lane, @after, @priority, @runAt, @runAt, doomed.state, doomed.error, doomed.at
        from (select
                case when f.id is null then 'pending' else 'failed' end as state,
                case when f.id is null then null else 'prerequisite failed: ' || @after end as error,
                case when f.id is null then null else @runAt end as at
              from (select 1) one left join outbox f on f.key = @after and f.state = 'failed') doomed
        where not exists (select 1 from outbox where lane = @lane and kind = @kind and state = 'pending')`;

type JobValues = {
  crisisId: number | null;
  kind: string;
  payload: string;
  key: string | null;
  lane: string | null;
  after: string | null;
  priority: number;
  runAt: number;
};

/**
 * A job's row as a select (INSERT_COALESCED's, with its parameters bound by drizzle and typed for
 * PostgreSQL): failed at once when its prerequisite has failed for good, in the same statement.
 */
function jobSelect(v: JobValues, where: SQL): SQL {
  const after = sql`cast(${v.after} as text)`;
  const runAt = sql`cast(${v.runAt} as bigint)`;
  return sql`
    select cast(${v.crisisId} as integer), cast(${v.kind} as text), cast(${v.payload} as text), cast(${v.key} as text),
           cast(${v.lane} as text), ${after}, cast(${v.priority} as integer), ${runAt}, ${runAt}, doomed.state, doomed.error, doomed.at
    from (select
            case when f.id is null then 'pending' else 'failed' end as state,
            case when f.id is null then null else 'prerequisite failed: ' || ${after} end as error,
            case when f.id is null then null else ${runAt} end as at
          from (select 1) one left join outbox f on f.key = ${after} and f.state = 'failed') doomed
    where ${where}`;
}

const JOB_COLUMNS = sql.raw('(crisis_id, kind, payload, key, lane, after, priority, run_at, created_at, state, last_error, done_at)');

type CoalescedValues = JobValues & { lane: string };

/**
 * On PostgreSQL the waiting render is also locked until the change commits: another instance's
 * claim skips it meanwhile (SKIP LOCKED). Unlocked, it could start at once and read the state
 * from before the change it stood in for, and the change would never show (SQLite's
 * transactions run one at a time, so a claim there waits for the commit anyway).
 */
function coalescedSelect(v: CoalescedValues): SQL {
  return jobSelect(v, sql`not exists (select 1 from outbox where lane = ${v.lane} and kind = ${v.kind} and state = 'pending' for share)`);
}

/** Several coalescing renders in one statement (one round trip to PostgreSQL). */
function insertCoalescedSql(rows: readonly CoalescedValues[]): SQL {
  return sql`
    insert into outbox ${JOB_COLUMNS}
    ${sql.join(rows.map(coalescedSelect), sql` union all `)}`;
}

/** Rows per statement: far below SQLite's 500 terms of a compound select and PostgreSQL's 65535 parameters. */
const COALESCED_PER_STATEMENT = 100;

/**
 * A claim (or its renewal) is committed without waiting for the disk: lost in a power cut, the
 * job is pending again and runs once more, its posts adopted by their tags, as after a crash.
 * (A claim on PostgreSQL is one statement committed by itself, as usual: see claimAll.)
 */
const CLAIM = { durable: false } as const;

/** An instance's claim on the jobs it runs (see OutboxRepo.claimAll). */
export interface Lease {
  readonly token: string;
  readonly until: number;
}

export class OutboxRepo {
  /**
   * The worker's hot path as prepared statements on SQLite: drizzle prepares a statement on every
   * call, which under load cost more than the queries themselves (see bench/escalation-lateness.ts).
   */
  private readonly stmt:
    | {
        runnable: Statement<[number, number], OutboxRow>;
        runnableExcept: Statement<[number, string, number], OutboxRow>;
        claim: Statement<[string, number, number]>;
        nextRunAfter: Statement<[number], { next: number | null }>;
        insertCoalesced: Statement<
          [{ crisisId: number | null; kind: string; payload: string; lane: string; after: string | null; priority: number; runAt: number }]
        >;
      }
    | undefined;

  constructor(private readonly d: Database) {
    const client = d.sqlite;
    this.stmt = client && {
      runnable: client.prepare(RUNNABLE.replace('$kinds', '1')),
      runnableExcept: client.prepare(RUNNABLE.replace('$kinds', 'j.kind not in (select value from json_each(?))')),
      claim: client.prepare(
        `update outbox set state = 'running', attempts = attempts + 1, lease = ?, locked_until = ? where id = ? and state = 'pending'`,
      ),
      nextRunAfter: client.prepare(
        `select min(run_at) as next from outbox where state in ('pending', 'running') and state = 'pending' and run_at > ?`,
      ),
      // A prerequisite that failed for good fails the job at once, as in insert().
      insertCoalesced: client.prepare(INSERT_COALESCED),
    };
  }

  /**
   * Adds a row unless one with the same key exists (retries and restarts enqueue twice). A job
   * whose prerequisite has already failed for good is recorded as failed at once: it could never
   * run, and left pending it would block its lane.
   */
  async insert(tx: Tx, job: NewJob): Promise<void> {
    const values: JobValues = {
      crisisId: job.crisisId,
      kind: job.kind,
      payload: JSON.stringify(job.payload ?? {}),
      key: job.key ?? null,
      lane: job.lane ?? null,
      after: job.after ?? null,
      priority: job.priority,
      runAt: job.runAt,
    };
    // `where true`: SQLite would read a bare select's `on` as a join's.
    await this.d.exec(tx, sql`insert into outbox ${JOB_COLUMNS} ${jobSelect(values, sql`true`)} on conflict do nothing`);
  }

  /**
   * Adds each row unless the same kind is already waiting in its lane: a waiting render reads the
   * database when it runs, so it will include this change too. Inside the caller's transaction.
   */
  async insertCoalescedAll(tx: Tx, jobs: readonly (NewJob & { lane: string })[]): Promise<void> {
    // One statement does not see its own rows: a second render of a lane is left out here.
    const waiting = new Set<string>();
    const rows: CoalescedValues[] = [];
    for (const job of jobs) {
      const id = `${job.kind}\u0000${job.lane}`;
      if (waiting.has(id)) continue;
      waiting.add(id);
      rows.push({
        crisisId: job.crisisId,
        kind: job.kind,
        payload: JSON.stringify(job.payload ?? {}),
        key: null,
        lane: job.lane,
        after: job.after ?? null,
        priority: job.priority,
        runAt: job.runAt,
      });
    }
    if (this.stmt) {
      for (const { key: _key, ...values } of rows) this.stmt.insertCoalesced.run(values);
      return;
    }
    for (let i = 0; i < rows.length; i += COALESCED_PER_STATEMENT)
      await this.d.exec(tx, insertCoalescedSql(rows.slice(i, i + COALESCED_PER_STATEMENT)));
  }

  /**
   * Jobs that may start now: due, their prerequisite done, and first in their lane. A lane's
   * later jobs wait behind an earlier one that is retrying, so order holds across failures.
   * `exceptKinds` are left for later, without taking the room of the others.
   */
  async runnable(now: number, limit: number, exceptKinds?: readonly string[]): Promise<OutboxRow[]> {
    if (this.stmt) {
      if (exceptKinds?.length) return this.stmt.runnableExcept.all(now, JSON.stringify(exceptKinds), limit);
      return this.stmt.runnable.all(now, limit);
    }
    const kinds = exceptKinds?.length
      ? sql`j.kind not in (${sql.join(
          exceptKinds.map((k) => sql`${k}`),
          sql`, `,
        )})`
      : sql`true`;
    return this.d.rows<OutboxRow>(
      this.d.db,
      sql`
        select id, crisis_id as "crisisId", kind, payload, key, after, lane, priority, state, attempts,
               run_at as "runAt", last_error as "lastError", created_at as "createdAt", done_at as "doneAt"
        from outbox j
        where j.state = 'pending' and j.run_at <= ${now} and ${kinds}
          and (j.after is null or exists (select 1 from outbox d where d.key = j.after and d.state = 'done'))
          and (j.lane is null or not exists (
            select 1 from outbox o where o.lane = j.lane and o.id < j.id and o.state in ('pending', 'running')))
        order by j.priority, j.run_at, j.id
        limit ${limit}`,
    );
  }

  /**
   * Claims jobs for one instance, in one transaction (one disk sync for a whole batch): those that
   * were still pending, under the instance's lease until `until`. On PostgreSQL a row another
   * instance is claiming at the same moment is skipped (SKIP LOCKED), not waited for.
   */
  async claimAll(ids: readonly number[], lease: Lease): Promise<Set<number>> {
    const claimed = new Set<number>();
    if (ids.length === 0) return claimed;
    const stmt = this.stmt;
    if (stmt) {
      await this.d.transaction(() => {
        for (const id of ids) if (stmt.claim.run(lease.token, lease.until, id).changes === 1) claimed.add(id);
        return Promise.resolve();
      }, CLAIM);
      return claimed;
    }
    // One statement is its own transaction: one round trip, where begin, set and commit made it
    // four, on every hop between two Slack calls (bench/open.ts). It waits for the disk, which
    // costs the server a flush, not this process any work.
    const rows = await this.d.rows<{ id: number }>(
      this.d.db,
      sql`update outbox set state = 'running', attempts = attempts + 1, lease = ${lease.token}, locked_until = ${lease.until}
          where id in (select id from outbox where id in (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )}) and state = 'pending' for update skip locked)
          returning id`,
    );
    for (const row of rows) claimed.add(row.id);
    return claimed;
  }

  /** Keeps the instance's claim on the jobs it is still running; how many it still held. */
  renew(token: string, ids: readonly number[], until: number): Promise<number> {
    if (ids.length === 0) return Promise.resolve(0);
    return this.d.transaction(async (tx) => {
      const renewed = await tx
        .update(outbox)
        .set({ lockedUntil: until })
        .where(and(inArray(outbox.id, [...ids]), eq(outbox.lease, token), eq(outbox.state, 'running')))
        .returning({ id: outbox.id });
      return renewed.length;
    }, CLAIM);
  }

  /** Done, if this instance still holds the job: false when its lease ran out and another took it over. */
  async complete(tx: Tx, id: number, now: number, token: string): Promise<boolean> {
    const done = await tx
      .update(outbox)
      .set({ state: 'done', doneAt: now, lastError: null, lease: null, lockedUntil: null })
      .where(and(eq(outbox.id, id), eq(outbox.lease, token)))
      .returning({ id: outbox.id });
    return done.length === 1;
  }

  /** Jobs waiting for a reason that no longer holds (see ChannelUnreachable) are due now. */
  wake(reason: string, now: number): Promise<number> {
    return this.d.transaction(async (tx) => {
      const woken = await tx
        .update(outbox)
        .set({ runAt: now })
        .where(and(eq(outbox.state, 'pending'), eq(outbox.lastError, reason), gt(outbox.runAt, now)))
        .returning({ id: outbox.id });
      return woken.length;
    });
  }

  /** Back to pending at `runAt`; `notAnAttempt` when the run did nothing (its claim counted one). */
  async retryAt(id: number, token: string, runAt: number, error: string, o: { notAnAttempt?: boolean } = {}): Promise<void> {
    await this.d.transaction(async (tx) => {
      await tx
        .update(outbox)
        .set({
          state: 'pending',
          runAt,
          lastError: error,
          lease: null,
          lockedUntil: null,
          ...(o.notAnAttempt ? { attempts: sql`case when ${outbox.attempts} > 0 then ${outbox.attempts} - 1 else 0 end` } : {}),
        })
        .where(and(eq(outbox.id, id), eq(outbox.lease, token)));
    });
  }

  /**
   * Gives a job up, and every job waiting on it (transitively): they can never run, and left
   * pending they would block their lanes and read as "still being delivered" forever.
   */
  fail(id: number, token: string, now: number, error: string): Promise<number> {
    return this.d.transaction(async (tx) => {
      let failed = 0;
      const [row] = await tx
        .update(outbox)
        .set({ state: 'failed', doneAt: now, lastError: error, lease: null, lockedUntil: null })
        .where(and(eq(outbox.id, id), eq(outbox.lease, token)))
        .returning({ key: outbox.key });
      let keys = [row?.key].filter((k): k is string => !!k);
      while (keys.length) {
        const waiting = await tx
          .update(outbox)
          .set({ state: 'failed', doneAt: now, lastError: `prerequisite failed: ${error}` })
          .where(and(inArray(outbox.after, keys), eq(outbox.state, 'pending')))
          .returning({ key: outbox.key });
        failed += waiting.length;
        keys = waiting.map((w) => w.key).filter((k): k is string => !!k);
      }
      return failed;
    });
  }

  /**
   * Work whose instance stopped renewing its lease (it died, or its event loop stalled past the
   * lease) is owed again; `everything`: all running work, for a start on a database only this
   * process uses (SQLite).
   */
  takeOver(now: number, everything = false): Promise<number> {
    return this.d.transaction(async (tx) => {
      const rows = await tx
        .update(outbox)
        .set({ state: 'pending', lease: null, lockedUntil: null })
        .where(and(eq(outbox.state, 'running'), everything ? undefined : lt(outbox.lockedUntil, now)))
        .returning({ id: outbox.id });
      return rows.length;
    });
  }

  /** When the pending job with this key will run, if there is one. */
  async pendingRunAt(key: string, conn: Conn = this.d.db): Promise<number | undefined> {
    const row = await first(
      conn
        .select({ runAt: outbox.runAt })
        .from(outbox)
        .where(and(eq(outbox.key, key), eq(outbox.state, 'pending'))),
    );
    return row?.runAt;
  }

  /** The earliest pending job due after `now`: when the worker should look again. */
  async nextRunAfter(now: number): Promise<number | undefined> {
    if (this.stmt) return this.stmt.nextRunAfter.get(now)?.next ?? undefined;
    const [row] = await this.d.rows<{ next: number | null }>(
      this.d.db,
      sql`select min(run_at) as next from outbox where state = 'pending' and run_at > ${now}`,
    );
    return row?.next ?? undefined;
  }

  /** How many jobs of a kind wait or run now (how backed up, say, the alerts channel is). */
  async queued(kind: string, conn: Conn = this.d.db): Promise<number> {
    const [row] = await this.d.rows<{ n: number }>(
      conn,
      sql`select cast(count(*) as integer) as n from outbox where state in ('pending', 'running') and kind = ${kind}`,
    );
    return row?.n ?? 0;
  }

  /** What is still owed or gave up for one crisis, for `/crisis status`; `ignore` are deadlines, not deliveries. */
  async backlog(crisisId: number, ignore: readonly string[] = []): Promise<{ pending: number; failed: number }> {
    const kinds = ignore.length
      ? sql`and kind not in (${sql.join(
          ignore.map((k) => sql`${k}`),
          sql`, `,
        )})`
      : sql``;
    const [row] = await this.d.rows<{ pending: number; failed: number }>(
      this.d.db,
      sql`
        select cast(count(*) filter (where state in ('pending', 'running')) as integer) as pending,
               cast(count(*) filter (where state = 'failed') as integer) as failed
        from outbox where crisis_id = ${crisisId} ${kinds}`,
    );
    return row ?? { pending: 0, failed: 0 };
  }

  all(): Promise<OutboxRow[]> {
    return this.d.db.select().from(outbox).orderBy(asc(outbox.id));
  }
}
