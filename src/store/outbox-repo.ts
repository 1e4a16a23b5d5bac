import type { Statement } from 'better-sqlite3';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from './db.js';
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

type Tx = Pick<Db, 'insert' | 'select' | 'update' | 'run' | 'all'>;

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

export class OutboxRepo {
  /**
   * The worker's hot path as prepared statements: drizzle prepares a statement on every call,
   * which under load cost more than the queries themselves (see bench/escalation-lateness.ts).
   */
  private readonly stmt: {
    runnable: Statement<[number, number], OutboxRow>;
    runnableExcept: Statement<[number, string, number], OutboxRow>;
    claim: Statement<[number]>;
    nextRunAfter: Statement<[number], { next: number | null }>;
    insertCoalesced: Statement<
      [{ crisisId: number | null; kind: string; payload: string; lane: string; after: string | null; priority: number; runAt: number }]
    >;
  };

  constructor(private readonly db: Db) {
    const client = db.$client;
    this.stmt = {
      runnable: client.prepare(RUNNABLE.replace('$kinds', '1')),
      runnableExcept: client.prepare(RUNNABLE.replace('$kinds', 'j.kind not in (select value from json_each(?))')),
      claim: client.prepare(`update outbox set state = 'running', attempts = attempts + 1 where id = ? and state = 'pending'`),
      nextRunAfter: client.prepare(
        `select min(run_at) as next from outbox where state in ('pending', 'running') and state = 'pending' and run_at > ?`,
      ),
      // A prerequisite that failed for good fails the job at once, as in insert().
      insertCoalesced: client.prepare(`
        insert into outbox (crisis_id, kind, payload, lane, after, priority, run_at, created_at, state, last_error, done_at)
        select @crisisId, @kind, @payload, @lane, @after, @priority, @runAt, @runAt, doomed.state, doomed.error, doomed.at
        from (select
                case when f.id is null then 'pending' else 'failed' end as state,
                case when f.id is null then null else 'prerequisite failed: ' || @after end as error,
                case when f.id is null then null else @runAt end as at
              from (select 1) left join outbox f on f.key = @after and f.state = 'failed') doomed
        where not exists (select 1 from outbox where lane = @lane and kind = @kind and state = 'pending')`),
    };
  }

  /**
   * Adds a row unless one with the same key exists (retries and restarts enqueue twice). A job
   * whose prerequisite has already failed for good is recorded as failed at once: it could never
   * run, and left pending it would block its lane.
   */
  insert(job: NewJob, tx: Tx = this.db): void {
    const doomed =
      job.after !== undefined && tx.all<{ state: string }>(sql`select state from outbox where key = ${job.after}`)[0]?.state === 'failed';
    tx.insert(outbox)
      .values({
        ...(doomed ? { state: 'failed' as const, lastError: `prerequisite failed: ${job.after}`, doneAt: job.runAt } : {}),
        crisisId: job.crisisId,
        kind: job.kind,
        payload: JSON.stringify(job.payload ?? {}),
        key: job.key,
        after: job.after,
        lane: job.lane,
        priority: job.priority,
        runAt: job.runAt,
        createdAt: job.runAt,
      })
      .onConflictDoNothing()
      .run();
  }

  /**
   * Adds a row unless the same kind is already waiting in its lane: a waiting render reads the
   * database when it runs, so it will include this change too. On the one connection, so inside
   * the caller's transaction.
   */
  insertCoalesced(job: NewJob & { lane: string }): void {
    this.stmt.insertCoalesced.run({
      crisisId: job.crisisId,
      kind: job.kind,
      payload: JSON.stringify(job.payload ?? {}),
      lane: job.lane,
      after: job.after ?? null,
      priority: job.priority,
      runAt: job.runAt,
    });
  }

  /**
   * Jobs that may start now: due, their prerequisite done, and first in their lane. A lane's
   * later jobs wait behind an earlier one that is retrying, so order holds across failures.
   * `exceptKinds` are left for later, without taking the room of the others.
   */
  runnable(now: number, limit: number, exceptKinds?: readonly string[]): OutboxRow[] {
    if (exceptKinds?.length) return this.stmt.runnableExcept.all(now, JSON.stringify(exceptKinds), limit);
    return this.stmt.runnable.all(now, limit);
  }

  /** The conditional update that makes a job run once however many workers race for it. */
  claim(id: number): boolean {
    return this.stmt.claim.run(id).changes === 1;
  }

  /** Claims several in one transaction: one disk sync for a whole batch of due jobs. */
  claimAll(ids: readonly number[]): Set<number> {
    const claimed = new Set<number>();
    if (ids.length === 0) return claimed;
    this.db.$client
      .transaction(() => {
        for (const id of ids) if (this.stmt.claim.run(id).changes === 1) claimed.add(id);
      })
      .immediate();
    return claimed;
  }

  complete(id: number, now: number, tx: Tx = this.db): void {
    tx.update(outbox).set({ state: 'done', doneAt: now, lastError: null }).where(eq(outbox.id, id)).run();
  }

  /** Jobs waiting for a reason that no longer holds (see ChannelUnreachable) are due now. */
  wake(reason: string, now: number): number {
    return this.db
      .update(outbox)
      .set({ runAt: now })
      .where(and(eq(outbox.state, 'pending'), eq(outbox.lastError, reason), gt(outbox.runAt, now)))
      .run().changes;
  }

  /** Back to pending at `runAt`; `notAnAttempt` when the run did nothing (its claim counted one). */
  retryAt(id: number, runAt: number, error: string, o: { notAnAttempt?: boolean } = {}): void {
    this.db
      .update(outbox)
      .set({ state: 'pending', runAt, lastError: error, ...(o.notAnAttempt ? { attempts: sql`max(${outbox.attempts} - 1, 0)` } : {}) })
      .where(eq(outbox.id, id))
      .run();
  }

  /**
   * Gives a job up, and every job waiting on it (transitively): they can never run, and left
   * pending they would block their lanes and read as "still being delivered" forever.
   */
  fail(id: number, now: number, error: string): number {
    let failed = 0;
    this.db.$client
      .transaction(() => {
        this.db.update(outbox).set({ state: 'failed', doneAt: now, lastError: error }).where(eq(outbox.id, id)).run();
        let keys = [this.db.select({ key: outbox.key }).from(outbox).where(eq(outbox.id, id)).get()?.key].filter((k): k is string => !!k);
        while (keys.length) {
          const waiting = this.db
            .update(outbox)
            .set({ state: 'failed', doneAt: now, lastError: `prerequisite failed: ${error}` })
            .where(and(inArray(outbox.after, keys), eq(outbox.state, 'pending')))
            .returning({ key: outbox.key })
            .all();
          failed += waiting.length;
          keys = waiting.map((w) => w.key).filter((k): k is string => !!k);
        }
      })
      .immediate();
    return failed;
  }

  /** After a crash, work that was in flight is owed again. */
  recoverInterrupted(): number {
    return this.db.update(outbox).set({ state: 'pending' }).where(eq(outbox.state, 'running')).run().changes;
  }

  /** When the pending job with this key will run, if there is one. */
  pendingRunAt(key: string): number | undefined {
    return this.db.get<{ runAt: number } | undefined>(sql`select run_at as runAt from outbox where key = ${key} and state = 'pending'`)
      ?.runAt;
  }

  /** The earliest pending job due after `now`: when the worker should look again. */
  nextRunAfter(now: number): number | undefined {
    return this.stmt.nextRunAfter.get(now)?.next ?? undefined;
  }

  /** How many jobs of a kind wait or run now (how backed up, say, the alerts channel is). */
  queued(kind: string): number {
    return (
      this.db.get<{ n: number } | undefined>(sql`select count(*) as n from outbox where state in ('pending', 'running') and kind = ${kind}`)
        ?.n ?? 0
    );
  }

  /** What is still owed or gave up for one crisis, for `/crisis status`; `ignore` are deadlines, not deliveries. */
  backlog(crisisId: number, ignore: readonly string[] = []): { pending: number; failed: number } {
    const kinds = ignore.length
      ? sql`and kind not in (${sql.join(
          ignore.map((k) => sql`${k}`),
          sql`, `,
        )})`
      : sql``;
    const row = this.db.get<{ pending: number; failed: number } | undefined>(sql`
      select coalesce(sum(state in ('pending', 'running')), 0) as pending, coalesce(sum(state = 'failed'), 0) as failed
      from outbox where crisis_id = ${crisisId} ${kinds}`);
    return row ?? { pending: 0, failed: 0 };
  }

  all(): OutboxRow[] {
    return this.db.select().from(outbox).all();
  }
}
