import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { postgresUnderTest } from '../../support/store-under-test.js';
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

describe('writes sent together', () => {
  it('all land with their transaction, and a bad one undoes them all, reported by together rather than by the write', async () => {
    await store.transaction((tx) =>
      store.together(tx, async () => {
        await store.timeline.addAll(tx, [{ crisisId, at: T0, actorId: 'U0ANNA', event: { kind: 'update' } }]);
        await store.people.rememberAll(tx, [{ userId: 'U0ANNA', name: 'anna', at: T0 }]);
      }),
    );
    expect((await store.snapshot(crisisId))!.timeline.map((e) => [e.event.kind, e.actorId])).toEqual([['update', 'U0ANNA']]);
    expect(await store.people.all()).toEqual(new Map([['U0ANNA', 'anna']]));

    let written = false;
    await expect(
      store.transaction((tx) =>
        store.together(tx, async () => {
          await store.timeline.addAll(tx, [{ crisisId, at: T0 + 1, actorId: null, event: { kind: 'closed' } }]);
          // A crisis that does not exist: the foreign key refuses the row.
          await store.timeline.addAll(tx, [{ crisisId: crisisId + 99, at: T0 + 1, actorId: null, event: { kind: 'closed' } }]);
          written = true;
        }),
      ),
    ).rejects.toThrow();
    // On PostgreSQL the bad write only reached the server once together() sent them all.
    expect(written).toBe(postgresUnderTest());
    expect((await store.snapshot(crisisId))!.timeline.map((e) => e.event.kind)).toEqual(['update']);
  });

  it('refuses a read through the transaction while writes wait to be sent (PostgreSQL), and reads as usual on SQLite', async () => {
    const read = store.transaction((tx) =>
      store.together(tx, async () => {
        await store.timeline.addAll(tx, [{ crisisId, at: T0, actorId: null, event: { kind: 'update' } }]);
        await store.database.rows(tx, sql`select 1 as one`);
      }),
    );
    if (postgresUnderTest()) await expect(read).rejects.toThrow('would not see the writes gathered before it');
    else await expect(read).resolves.toBeUndefined();
  });
});

describe('what a batch of clicks reads', () => {
  it('is the rows the plain reads give, every column alike (on PostgreSQL one locking statement, mapped from JSON)', async () => {
    const { itemIds, pageIds } = await store.transaction(async (tx) => {
      const items = await store.checklist.insert(tx, [
        { crisisId, position: 0, text: 'Pause «scheduled» posts', role: 'comms', dueAt: T0 + 60_000, doneWhen: 'first_response' },
        { crisisId, position: 1, text: 'Brief the switchboard', role: null, dueAt: null, doneWhen: null },
      ]);
      await store.checklist.setStates(tx, [{ id: items[0]!.id, doneAt: T0 + 5, doneBy: 'U0ANNA' }]);
      const pages = await store.pages.insert(tx, [
        { crisisId, stage: 1, userId: 'U0ANNA', memberName: 'Anna Berg', pagedAt: T0 },
        { crisisId, stage: 2, userId: 'U0OMAR', memberName: 'Omar Nilsson', pagedAt: T0 + 1 },
      ]);
      await store.pages.markSent(tx, pages[0]!.id, 'D0ANNA', '1700000000.000100', true);
      await store.pages.acknowledgeAll(tx, [{ id: pages[0]!.id, at: T0 + 7 }]);
      return { itemIds: items.map((i) => i.id), pageIds: pages.map((p) => p.id) };
    });
    const read = await store.transaction((tx) => store.clickState(tx, itemIds, pageIds));
    const byId = <T extends { id: number }>(rows: T[]) => [...rows].sort((a, b) => a.id - b.id);
    expect(byId(read.items)).toEqual(byId(await store.checklist.byIds(itemIds)));
    expect(byId(read.pages)).toEqual(byId(await store.pages.byIds(pageIds)));
    expect(read.crises).toEqual(await store.crises.byIds([crisisId]));
    expect(read.items.find((i) => i.id === itemIds[0])).toMatchObject({ doneWhen: 'first_response', doneAt: T0 + 5, doneBy: 'U0ANNA' });
    expect(read.pages.find((p) => p.id === pageIds[0])).toMatchObject({ dmHasLink: true, ackedAt: T0 + 7, dmTs: '1700000000.000100' });
    // Nothing named, nothing read.
    expect(await store.transaction((tx) => store.clickState(tx, [], []))).toEqual({ items: [], pages: [], crises: [] });
  });
});
