import type { Tx } from '../store/db.js';
import type { Store } from '../store/store.js';

/** What a batch commits through: the store's transactions and savepoints. */
export type Transactions = Pick<Store, 'transaction' | 'savepoint' | 'inTransaction' | 'flushed' | 'serialize' | 'isTransient'>;

/** What one request of a batch came to: its own result, or its own refusal. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface BatchOptions {
  /**
   * How long the first request of a batch may wait for others, in ms. 0 commits at the end of
   * the current turn of the event loop. Under a burst, requests reach the process one per turn,
   * so a turn-sized batch holds one click; a window of a few ms gathers the clicks of a burst.
   */
  windowMs?: number;
  /** A batch this large commits at once, without waiting for the window to close. */
  maxBatch?: number;
  /**
   * Commit without syncing on the event loop and settle once the WAL is synced on the thread
   * pool (WalSync): as durable when settled, and other requests are served during the sync.
   */
  syncOffLoop?: boolean;
  /**
   * One transaction at a time: requests that arrive while a batch commits wait for it and form
   * the next batch, so the batch grows with the load instead of the number of transactions
   * (each of which costs the event loop its round trips, whatever its size).
   */
  oneAtATime?: boolean;
}

/** Applies a whole batch inside its transaction: one outcome per request, in order. */
export type ApplyBatch<Req, Res> = (tx: Tx, requests: readonly Req[]) => Promise<Outcome<Res>[]>;

interface Pending<Req, Res> {
  request: Req;
  resolve: (value: Res) => void;
  reject: (error: unknown) => void;
  settled: Promise<Res>;
}

/**
 * Group commit: requests that arrive together are applied in one transaction, so a burst of 200
 * ticks costs a few commits, not 200 (bench/ack.ts). `apply` decides what each request comes to;
 * a failed transaction reaches every caller of its batch.
 */
export class GroupCommit<Req, Res> {
  private queue: Pending<Req, Res>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private readonly syncOffLoop: boolean;
  private readonly oneAtATime: boolean;
  /** A batch's transaction is running (see oneAtATime). */
  private committing = false;

  constructor(
    private readonly store: Pick<Transactions, 'transaction' | 'flushed'>,
    private readonly apply: ApplyBatch<Req, Res>,
    options: BatchOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 0;
    this.maxBatch = options.maxBatch ?? 256;
    this.syncOffLoop = options.syncOffLoop ?? false;
    this.oneAtATime = options.oneAtATime ?? false;
  }

  submit(request: Req): Promise<Res> {
    let resolve!: (value: Res) => void;
    let reject!: (error: unknown) => void;
    const settled = new Promise<Res>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.queue.push({ request, resolve, reject, settled });
    // The batch committing now starts the next one when it is done.
    if (this.committing) return settled;
    if (this.queue.length === this.maxBatch) {
      clearTimeout(this.timer);
      this.timer = undefined;
      setImmediate(() => void this.flush());
    } else if (this.queue.length === 1) {
      if (this.windowMs > 0) this.timer = setTimeout(() => void this.flush(), this.windowMs);
      else setImmediate(() => void this.flush());
    }
    return settled;
  }

  /** Commits what is waiting now, without waiting for the window; resolves once it is settled. */
  async flushNow(): Promise<void> {
    clearTimeout(this.timer);
    const batch = this.queue.slice();
    void this.flush();
    await Promise.allSettled(batch.map((pending) => pending.settled));
  }

  /** Never rejects: every outcome, a failed commit included, reaches the callers' promises. */
  private async flush(): Promise<void> {
    this.timer = undefined;
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    // More than a batch waited (a commit ran long): the rest goes next, or at once side by side.
    if (this.queue.length > 0 && !this.oneAtATime) setImmediate(() => void this.flush());
    let outcomes: Outcome<Res>[];
    if (this.oneAtATime) this.committing = true;
    try {
      outcomes = await this.store.transaction(
        (tx) =>
          this.apply(
            tx,
            batch.map((pending) => pending.request),
          ),
        { relaxed: this.syncOffLoop },
      );
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    } finally {
      this.committed();
    }
    const settle = () =>
      outcomes.forEach((outcome, i) => (outcome.ok ? batch[i]!.resolve(outcome.value) : batch[i]!.reject(outcome.error)));
    // Refusals change nothing: a batch of them owes no sync and answers with its own reasons.
    if (!this.syncOffLoop || outcomes.every((outcome) => !outcome.ok)) return settle();
    // A failed sync leaves the writes' durability unknown: nobody is told they are recorded.
    await this.store.flushed().then(settle, (error: unknown) => {
      for (const pending of batch) pending.reject(error);
    });
  }

  /** What arrived during a commit has waited for one already: it goes next, without a window. */
  private committed(): void {
    if (!this.committing) return;
    this.committing = false;
    if (this.queue.length === 0) return;
    clearTimeout(this.timer);
    setImmediate(() => void this.flush());
  }
}
