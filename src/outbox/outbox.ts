import type { Tx } from '../store/db.js';
import type { NewJob, OutboxRepo } from '../store/outbox-repo.js';

/** Which job, for what: what a kind's key, lane and prerequisite are computed from. */
export interface JobTarget<P> {
  readonly crisisId: number | null;
  readonly payload: P;
  readonly runAt: number;
}

/** What the outbox must know of a job kind to file one (defineJob declares it). */
export interface JobFiling<P> {
  readonly kind: string;
  readonly priority: number;
  /** Filed only when no job of this kind waits in its lane: a waiting render will show this change too. */
  readonly coalesce: boolean;
  key?(target: JobTarget<P>): string;
  lane?(target: JobTarget<P>): string | undefined;
  after?(target: JobTarget<P>): string | undefined;
}

/** A kind without a payload is filed without one. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "does an empty object satisfy P": {} is exactly the type meant
export type Enqueue<P> = { readonly crisisId: number | null; readonly runAt: number } & ({} extends P
  ? { readonly payload?: P }
  : { readonly payload: P });

/**
 * Files jobs of the kinds in `Registered` (the union of the registry's declarations, see
 * jobs/index.ts): a kind declared but not registered is refused by the type checker here, where
 * it is filed, instead of failing at run time for want of a handler.
 */
export class Outbox<Registered extends JobFiling<never>> {
  constructor(private readonly repo: OutboxRepo) {}

  /**
   * Files a job inside the caller's transaction: its key, lane, prerequisite and priority come
   * from its kind, so every job of a kind is filed alike wherever it is owed.
   */
  async enqueue<P>(tx: Tx, kind: Registered & JobFiling<P>, job: Enqueue<P>): Promise<void> {
    await this.fileAll(tx, [this.filing(kind, job)]);
  }

  /** The row a job is filed as, and whether it joins one already waiting (see fileAll). */
  filing<P>(kind: Registered & JobFiling<P>, job: Enqueue<P>): Filing {
    const target: JobTarget<P> = { crisisId: job.crisisId, runAt: job.runAt, payload: (job.payload ?? {}) as P };
    const lane = kind.lane?.(target);
    const row: NewJob = {
      crisisId: job.crisisId,
      kind: kind.kind,
      payload: target.payload,
      key: kind.key?.(target),
      after: kind.after?.(target),
      lane,
      priority: kind.priority,
      runAt: job.runAt,
    };
    return kind.coalesce && lane !== undefined ? { coalesce: true, row: { ...row, lane } } : { coalesce: false, row };
  }

  /** Files several jobs (see filing); coalescing renders together, in one statement. */
  async fileAll(tx: Tx, filings: readonly Filing[]): Promise<void> {
    // In the order given: a job's id is its place in its lane.
    let run: (NewJob & { lane: string })[] = [];
    for (const f of filings) {
      if (f.coalesce) {
        run.push(f.row);
        continue;
      }
      if (run.length > 0) await this.repo.insertCoalescedAll(tx, run);
      run = [];
      await this.repo.insert(tx, f.row);
    }
    if (run.length > 0) await this.repo.insertCoalescedAll(tx, run);
  }
}

/** A job as it will be filed (Outbox.filing). */
export type Filing = { coalesce: true; row: NewJob & { lane: string } } | { coalesce: false; row: NewJob };
