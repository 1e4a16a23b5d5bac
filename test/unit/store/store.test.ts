import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { insertCrisis, T0, tempDatabase } from '../support.js';

let store: Store;
let close: () => Promise<void>;
let crisisId: number;

beforeEach(async () => {
  ({ store, close } = await tempDatabase('store'));
  crisisId = await insertCrisis(store, T0);
});
afterEach(() => close());

describe('writes that must be part of a transaction', () => {
  it('are refused outside one, and change nothing', async () => {
    // The transaction of an earlier call, kept past its end: what a forgotten `transaction` looks like.
    const stale = await store.transaction((tx) => Promise.resolve(tx));
    await expect(store.timeline.add(stale, crisisId, T0, null, { kind: 'update' })).rejects.toThrow(
      'a timeline event must be written inside a transaction',
    );
    await expect(store.people.rememberAll(stale, [{ userId: 'U0X', name: 'olle', at: T0 }])).rejects.toThrow('inside a transaction');
    expect((await store.snapshot(crisisId))!.timeline).toEqual([]);
  });

  it('are written with the transaction they are part of, and undone with it', async () => {
    await store.transaction((tx) => store.timeline.add(tx, crisisId, T0, null, { kind: 'update' }));
    await expect(
      store.transaction(async (tx) => {
        await store.timeline.add(tx, crisisId, T0 + 1, null, { kind: 'closed' });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect((await store.snapshot(crisisId))!.timeline.map((e) => e.event.kind)).toEqual(['update']);
  });
});
