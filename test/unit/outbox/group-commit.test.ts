import { describe, expect, it } from 'vitest';
import { GroupCommit, type Outcome } from '../../../src/outbox/group-commit.js';
import type { Tx } from '../../../src/store/db.js';

// One transaction at a time: what arrives while a batch commits waits for it and goes next,
// all together, whether the batch before it committed or failed.

/** Transactions that take `ms` each and fail when told to; records each batch it was given. */
function slowStore(ms: number, failFirst = false) {
  const batches: number[][] = [];
  const seen = { calls: 0, running: 0, mostAtOnce: 0 };
  const store = {
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const call = ++seen.calls;
      seen.mostAtOnce = Math.max(seen.mostAtOnce, ++seen.running);
      try {
        const result = await fn({} as Tx);
        await new Promise((resolve) => setTimeout(resolve, ms));
        if (failFirst && call === 1) throw new Error('lost the connection');
        return result;
      } finally {
        seen.running--;
      }
    },
    flushed: () => Promise.resolve(),
  };
  const apply = (_tx: Tx, requests: readonly number[]): Promise<Outcome<number>[]> => {
    batches.push([...requests]);
    return Promise.resolve(requests.map((n) => ({ ok: true as const, value: n * 10 })));
  };
  return { store, apply, batches, seen };
}

describe('GroupCommit, one transaction at a time', () => {
  it('gathers what arrives during a commit into the next batch', async () => {
    const { store, apply, batches, seen } = slowStore(30);
    const group = new GroupCommit(store, apply, { oneAtATime: true });
    const first = group.submit(1);
    await new Promise((resolve) => setTimeout(resolve, 10)); // the first batch is committing now
    const later = [2, 3].map((n) => group.submit(n));
    await new Promise((resolve) => setTimeout(resolve, 5));
    later.push(group.submit(4));
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    expect(seen.mostAtOnce).toBe(1);
  });

  it('without it, batches commit side by side', async () => {
    const { store, apply, batches, seen } = slowStore(30);
    const group = new GroupCommit(store, apply);
    const first = group.submit(1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const later = [2, 3].map((n) => group.submit(n));
    await new Promise((resolve) => setTimeout(resolve, 5));
    later.push(group.submit(4));
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[1], [2, 3], [4]]);
    expect(seen.mostAtOnce).toBe(3);
  });

  it('after a failed commit the waiting requests still go, and only the failed batch is told', async () => {
    const { store, apply, batches } = slowStore(30, true);
    const group = new GroupCommit(store, apply, { oneAtATime: true });
    const first = group.submit(1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const later = group.submit(2);
    await expect(first).rejects.toThrow('lost the connection');
    expect(await later).toBe(20);
    expect(batches).toEqual([[1], [2]]);
  });

  it('takes at most maxBatch requests a transaction, however many waited', async () => {
    const { store, apply, batches } = slowStore(30);
    const group = new GroupCommit(store, apply, { oneAtATime: true, maxBatch: 3 });
    const first = group.submit(0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const later = [1, 2, 3, 4, 5, 6, 7].map((n) => group.submit(n));
    expect(await Promise.all([first, ...later])).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
    expect(batches).toEqual([[0], [1, 2, 3], [4, 5, 6], [7]]);
  });
});
