import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { T0, tempDatabase } from '../support.js';

let store: Store;
let close: () => Promise<void>;
let crisisId: number;

beforeEach(() => {
  ({ store, close } = tempDatabase('store'));
  crisisId = store.transaction(
    (tx) =>
      store.crises.insert(tx, { openKey: 'k', title: 'T', severity: 'sev2', type: 'default', openerId: 'U0X', stage: 1, openedAt: T0 })!.id,
  );
});
afterEach(() => close());

describe('writes that must be part of a transaction', () => {
  it('are refused outside one, and change nothing', () => {
    // The transaction of an earlier call, kept past its end: what a forgotten `transaction` looks like.
    const stale = store.transaction((tx) => tx);
    expect(() => store.timeline.add(stale, crisisId, T0, null, { kind: 'update' })).toThrow(
      'a timeline event must be written inside a transaction',
    );
    expect(() => store.people.remember(stale, 'U0X', 'olle', T0)).toThrow('inside a transaction');
    expect(store.snapshot(crisisId)!.timeline).toEqual([]);
  });

  it('are written with the transaction they are part of, and undone with it', () => {
    store.transaction((tx) => store.timeline.add(tx, crisisId, T0, null, { kind: 'update' }));
    expect(() =>
      store.transaction((tx) => {
        store.timeline.add(tx, crisisId, T0 + 1, null, { kind: 'closed' });
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(store.snapshot(crisisId)!.timeline.map((e) => e.event.kind)).toEqual(['update']);
  });
});
