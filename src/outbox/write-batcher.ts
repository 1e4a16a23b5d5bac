import type { Tx } from '../store/db.js';
import type { Store } from '../store/store.js';

/** What a batch commits through: the store's transactions and savepoints. */
export type Transactions = Pick<Store, 'transaction' | 'savepoint' | 'inTransaction' | 'flushed' | 'serialize' | 'isTransient'>;

/** The topic batches serialize on (see Store.serialize). */
const BATCHES = 'batched-writes';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Pending {
  write: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  settled: Promise<unknown>;
}

export interface BatchOptions {
  /**
   * How long the first write of a batch may wait for others, in ms. 0 commits at the end of the
   * current turn of the event loop. Under a burst, requests reach the process one per turn, so
   * a turn-sized batch holds one click; a window of a few ms gathers the clicks of a burst.
   */
  windowMs?: number;
  /** A batch this large commits at once, without waiting for the window to close. */
  maxBatch?: number;
  /**
   * Commit without syncing on the event loop and settle once the WAL is synced on the thread
   * pool (WalSync): as durable when settled, and other requests are served during the sync.
   */
  syncOffLoop?: boolean;
}

/**
 * Group commit: writes that arrive together go into one transaction, so a burst of 200 ticks
 * costs a few disk syncs, not 200 (bench/ack.ts). Each write runs in its own savepoint: a
 * refusal undoes only its own changes and reaches only its own caller.
 */
export class WriteBatcher {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private readonly syncOffLoop: boolean;

  constructor(
    private readonly store: Transactions,
    options: BatchOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 0;
    this.maxBatch = options.maxBatch ?? 256;
    this.syncOffLoop = options.syncOffLoop ?? false;
  }

  run<T>(write: (tx: Tx) => Promise<T>): Promise<T> {
    let resolve!: (value: unknown) => void;
    let reject!: (error: unknown) => void;
    const settled = new Promise<T>((res, rej) => {
      resolve = res as (value: unknown) => void;
      reject = rej;
    });
    this.queue.push({ write, resolve, reject, settled });
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
    const batch = this.queue.splice(0);
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = await this.store.transaction(
        async (tx) => {
          // One write alone needs no savepoint: if it fails, its transaction is undone with it.
          if (batch.length === 1) return [{ ok: true, value: await batch[0]!.write(tx) }];
          // Batches of several instances on one database commit one after another: their
          // writes touch the same rows (a crisis, its pages) in no particular order.
          await this.store.serialize(tx, BATCHES);
          const results: Outcome[] = [];
          for (const { write } of batch) {
            try {
              results.push({ ok: true, value: await this.store.savepoint(tx, write) });
            } catch (error) {
              // The engine gave up the whole transaction, or it met another one (a deadlock):
              // the whole batch is run again or refused, not this write alone.
              if (!this.store.inTransaction(tx) || this.store.isTransient(error)) throw error;
              results.push({ ok: false, error });
            }
          }
          return results;
        },
        { relaxed: this.syncOffLoop },
      );
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
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
}
