import type { Tx } from '../store/db.js';
import { GroupCommit, type BatchOptions, type Outcome, type Transactions } from './group-commit.js';

export type { BatchOptions, Transactions } from './group-commit.js';

/** The topic batches serialize on (see Store.serialize). */
const BATCHES = 'batched-writes';

type Write = (tx: Tx) => Promise<unknown>;

/**
 * Group commit of any writes: each runs in its own savepoint, so a refusal undoes only its own
 * changes and reaches only its own caller (see GroupCommit).
 */
export class WriteBatcher {
  private readonly group: GroupCommit<Write, unknown>;

  constructor(
    private readonly store: Transactions,
    options: BatchOptions = {},
  ) {
    this.group = new GroupCommit(store, (tx, writes) => this.apply(tx, writes), options);
  }

  run<T>(write: (tx: Tx) => Promise<T>): Promise<T> {
    return this.group.submit(write) as Promise<T>;
  }

  /** Commits what is waiting now, without waiting for the window; resolves once it is settled. */
  flushNow(): Promise<void> {
    return this.group.flushNow();
  }

  private async apply(tx: Tx, writes: readonly Write[]): Promise<Outcome<unknown>[]> {
    // One write alone needs no savepoint: if it fails, its transaction is undone with it.
    if (writes.length === 1) return [{ ok: true, value: await writes[0]!(tx) }];
    // Batches of several instances on one database commit one after another: their writes
    // touch the same rows (a crisis, its pages) in no particular order.
    await this.store.serialize(tx, BATCHES);
    const results: Outcome<unknown>[] = [];
    for (const write of writes) {
      try {
        results.push({ ok: true, value: await this.store.savepoint(tx, write) });
      } catch (error) {
        // The engine gave up the whole transaction, or it met another one (a deadlock): the
        // whole batch is run again or refused, not this write alone.
        if (!this.store.inTransaction(tx) || this.store.isTransient(error)) throw error;
        results.push({ ok: false, error });
      }
    }
    return results;
  }
}
