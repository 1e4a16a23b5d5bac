import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../../src/services/errors.js';
import { WriteBatcher } from '../../../src/outbox/write-batcher.js';
import type { SqliteDatabase } from '../../../src/store/database.js';
import type { Tx } from '../../../src/store/db.js';
import type { Store } from '../../../src/store/store.js';
import { insertCrisis, tempSqlite } from '../support.js';

let close: () => Promise<void>;
let database: SqliteDatabase;
let store: Store;
let crisisId: number;

beforeEach(async () => {
  ({ database, store, close } = tempSqlite('batcher'));
  crisisId = await insertCrisis(store, 1);
});
afterEach(() => close());

const eventCount = async () => (await store.snapshot(crisisId))!.timeline.length;
/** A write inside the batch's transaction: a timeline entry carrying `text`. */
const note = (tx: Tx, at: number, text: string) => store.timeline.add(tx, crisisId, at, null, { kind: 'item_done', item: text });
const notes = async () =>
  (await store.snapshot(crisisId))!.timeline.map((e) => (e.event.kind === 'item_done' ? e.event.item : e.event.kind));

describe('WriteBatcher', () => {
  it('commits writes that arrive together in one transaction, each with its own result', async () => {
    const batcher = new WriteBatcher(store);
    const transaction = vi.spyOn(store, 'transaction');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        batcher.run(async (tx) => {
          await note(tx, i, `tick ${i}`);
          return i * 2;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(await eventCount()).toBe(20);
  });

  it('a refusal undoes only its own writes and reaches only its own caller', async () => {
    const batcher = new WriteBatcher(store);
    const ok1 = batcher.run((tx) => note(tx, 1, 'first'));
    const refused = batcher.run(async (tx) => {
      await note(tx, 2, 'half-done');
      throw new UserError({ code: 'crisis_closed' });
    });
    const ok2 = batcher.run((tx) => note(tx, 3, 'third'));
    await expect(refused).rejects.toThrow('crisis_closed');
    await Promise.all([ok1, ok2]);
    expect(await notes()).toEqual(['first', 'third']);
  });

  it('writes in a later turn go into a later transaction', async () => {
    const batcher = new WriteBatcher(store);
    const transaction = vi.spyOn(store, 'transaction');
    await batcher.run((tx) => note(tx, 1, 'one'));
    await batcher.run((tx) => note(tx, 2, 'two'));
    expect(transaction).toHaveBeenCalledTimes(2);
    expect(await eventCount()).toBe(2);
  });

  it('with a window, writes from several turns of the event loop share one commit', async () => {
    // Only the window's timer is fake: the turns are real, and no busy machine can close it early.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const batcher = new WriteBatcher(store, { windowMs: 30 });
      const transaction = vi.spyOn(store, 'transaction');
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 5; i++) {
        writes.push(batcher.run((tx) => note(tx, i, `tick ${i}`)));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await vi.advanceTimersByTimeAsync(29);
      expect(transaction).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      await Promise.all(writes);
      expect(transaction).toHaveBeenCalledTimes(1);
      expect(await eventCount()).toBe(5);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a full batch commits without waiting for its window', async () => {
    // The window's timer is fake and never moves: only a full batch can commit these.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const batcher = new WriteBatcher(store, { windowMs: 10_000, maxBatch: 3 });
      let settled = 0;
      for (const i of [1, 2, 3]) void batcher.run((tx) => note(tx, i, `tick ${i}`)).then(() => settled++);
      for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(settled).toBe(3);
      expect(await eventCount()).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects every caller when the commit itself fails', async () => {
    const batcher = new WriteBatcher(store);
    vi.spyOn(store, 'transaction').mockImplementationOnce(() => Promise.reject(new Error('SQLITE_BUSY')));
    const a = batcher.run(() => Promise.resolve(1));
    const b = batcher.run(() => Promise.resolve(2));
    await expect(a).rejects.toThrow('SQLITE_BUSY');
    await expect(b).rejects.toThrow('SQLITE_BUSY');
  });

  it('off the event loop: commits at once, settles only once the WAL is synced', async () => {
    const batcher = new WriteBatcher(store, { syncOffLoop: true });
    let sync!: () => void;
    vi.spyOn(database.walSync, 'flushed').mockReturnValueOnce(new Promise<void>((resolve) => (sync = resolve)));
    const relaxed = vi.spyOn(database.walSync, 'relaxed');
    let settled = false;
    const write = batcher.run((tx) => note(tx, 1, 'one')).then(() => (settled = true));
    await vi.waitFor(() => expect(relaxed).toHaveBeenCalledTimes(1));
    expect(await eventCount()).toBe(1);
    expect(settled).toBe(false);
    sync();
    await write;
    expect(settled).toBe(true);
  });

  it('off the event loop: a failed sync rejects every caller (nobody is told they are recorded)', async () => {
    const batcher = new WriteBatcher(store, { syncOffLoop: true });
    vi.spyOn(database.walSync, 'flushed').mockRejectedValueOnce(new Error('EIO: i/o error, fsync'));
    const a = batcher.run((tx) => note(tx, 1, 'one'));
    const b = batcher.run((tx) => note(tx, 2, 'two'));
    await expect(a).rejects.toThrow('EIO');
    await expect(b).rejects.toThrow('EIO');
  });

  it('off the event loop: a batch of refusals changed nothing, owes no sync, and keeps its reasons', async () => {
    const batcher = new WriteBatcher(store, { syncOffLoop: true });
    const flushed = vi.spyOn(database.walSync, 'flushed');
    await expect(batcher.run(() => Promise.reject(new UserError({ code: 'crisis_closed' })))).rejects.toThrow('crisis_closed');
    expect(flushed).not.toHaveBeenCalled();
  });

  it('when SQLite gives up the whole transaction, every caller is refused and nothing is kept', async () => {
    const batcher = new WriteBatcher(store, { syncOffLoop: true });
    const before = batcher.run((tx) => note(tx, 1, 'before'));
    // As SQLite does on a full disk or an I/O error: the transaction is gone, savepoints too.
    const broken = batcher.run(() => {
      database.sqlite.exec('ROLLBACK');
      return Promise.reject(new Error('SQLITE_FULL: database or disk is full'));
    });
    const after = batcher.run((tx) => note(tx, 3, 'after'));
    await expect(broken).rejects.toThrow('SQLITE_FULL');
    await expect(before).rejects.toThrow('SQLITE_FULL');
    await expect(after).rejects.toThrow('SQLITE_FULL');
    expect(await eventCount()).toBe(0);
  });

  it('flushNow commits the waiting writes without waiting for their window', async () => {
    const batcher = new WriteBatcher(store, { windowMs: 60_000 });
    const write = batcher.run((tx) => note(tx, 1, 'one'));
    await batcher.flushNow();
    await expect(write).resolves.toBeUndefined();
    expect(await eventCount()).toBe(1);
  });
});
