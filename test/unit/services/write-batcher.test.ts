import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../../src/services/errors.js';
import { WriteBatcher } from '../../../src/services/write-batcher.js';
import { CrisisRepo } from '../../../src/store/crisis-repo.js';
import { openDatabase, type Db } from '../../../src/store/db.js';

let dir: string;
let db: Db;
let repo: CrisisRepo;
let crisisId: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'batcher-'));
  db = openDatabase(join(dir, 't.db'));
  repo = new CrisisRepo(db);
  crisisId = repo.transaction((tx) => repo.insertCrisis(tx, { openKey: 'k', title: 'T', severity: 'sev2', type: 'default', openerId: 'U0X', stage: 1, openedAt: 1 }))!.id;
});
afterEach(async () => {
  await repo.walSync.close();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const eventCount = () => repo.snapshot(crisisId)!.events.length;

describe('WriteBatcher', () => {
  it('commits writes that arrive together in one transaction, each with its own result', async () => {
    const batcher = new WriteBatcher(repo);
    const transaction = vi.spyOn(repo, 'transaction');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        batcher.run((tx) => {
          repo.addEvent(tx, crisisId, i, 'tick', null, `tick ${i}`);
          return i * 2;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(eventCount()).toBe(20);
  });

  it('a refusal undoes only its own writes and reaches only its own caller', async () => {
    const batcher = new WriteBatcher(repo);
    const ok1 = batcher.run((tx) => repo.addEvent(tx, crisisId, 1, 'a', null, 'first'));
    const refused = batcher.run((tx) => {
      repo.addEvent(tx, crisisId, 2, 'b', null, 'half-done');
      throw new UserError('no');
    });
    const ok2 = batcher.run((tx) => repo.addEvent(tx, crisisId, 3, 'c', null, 'third'));
    await expect(refused).rejects.toThrow('no');
    await Promise.all([ok1, ok2]);
    expect(repo.snapshot(crisisId)!.events.map((e) => e.detail)).toEqual(['first', 'third']);
  });

  it('writes in a later turn go into a later transaction', async () => {
    const batcher = new WriteBatcher(repo);
    const transaction = vi.spyOn(repo, 'transaction');
    await batcher.run((tx) => repo.addEvent(tx, crisisId, 1, 'a', null, 'one'));
    await batcher.run((tx) => repo.addEvent(tx, crisisId, 2, 'a', null, 'two'));
    expect(transaction).toHaveBeenCalledTimes(2);
    expect(eventCount()).toBe(2);
  });

  it('with a window, writes from several turns of the event loop share one commit', async () => {
    // Only the window's timer is fake: the turns are real, and no busy machine can close it early.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const batcher = new WriteBatcher(repo, { windowMs: 30 });
      const transaction = vi.spyOn(repo, 'transaction');
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 5; i++) {
        writes.push(batcher.run((tx) => repo.addEvent(tx, crisisId, i, 'tick', null, `tick ${i}`)));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await vi.advanceTimersByTimeAsync(29);
      expect(transaction).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      await Promise.all(writes);
      expect(transaction).toHaveBeenCalledTimes(1);
      expect(eventCount()).toBe(5);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a full batch commits without waiting for its window', async () => {
    // The window's timer is fake and never moves: only a full batch can commit these.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const batcher = new WriteBatcher(repo, { windowMs: 10_000, maxBatch: 3 });
      let settled = 0;
      for (const i of [1, 2, 3]) void batcher.run((tx) => repo.addEvent(tx, crisisId, i, 'tick', null, `tick ${i}`)).then(() => settled++);
      for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(settled).toBe(3);
      expect(eventCount()).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects every caller when the commit itself fails', async () => {
    const batcher = new WriteBatcher(repo);
    vi.spyOn(repo, 'transaction').mockImplementationOnce(() => {
      throw new Error('SQLITE_BUSY');
    });
    const a = batcher.run(() => 1);
    const b = batcher.run(() => 2);
    await expect(a).rejects.toThrow('SQLITE_BUSY');
    await expect(b).rejects.toThrow('SQLITE_BUSY');
  });

  it('off the event loop: commits at once, settles only once the WAL is synced', async () => {
    const batcher = new WriteBatcher(repo, { syncOffLoop: true });
    let sync!: () => void;
    vi.spyOn(repo.walSync, 'flushed').mockReturnValueOnce(new Promise<void>((resolve) => (sync = resolve)));
    const relaxed = vi.spyOn(repo.walSync, 'relaxed');
    let settled = false;
    const write = batcher.run((tx) => repo.addEvent(tx, crisisId, 1, 'tick', null, 'one')).then(() => (settled = true));
    await vi.waitFor(() => expect(relaxed).toHaveBeenCalledTimes(1));
    expect(eventCount()).toBe(1);
    expect(settled).toBe(false);
    sync();
    await write;
    expect(settled).toBe(true);
  });

  it('off the event loop: a failed sync rejects every caller (nobody is told they are recorded)', async () => {
    const batcher = new WriteBatcher(repo, { syncOffLoop: true });
    vi.spyOn(repo.walSync, 'flushed').mockRejectedValueOnce(new Error('EIO: i/o error, fsync'));
    const a = batcher.run((tx) => repo.addEvent(tx, crisisId, 1, 'tick', null, 'one'));
    const b = batcher.run((tx) => repo.addEvent(tx, crisisId, 2, 'tick', null, 'two'));
    await expect(a).rejects.toThrow('EIO');
    await expect(b).rejects.toThrow('EIO');
  });

  it('off the event loop: a batch of refusals changed nothing, owes no sync, and keeps its reasons', async () => {
    const batcher = new WriteBatcher(repo, { syncOffLoop: true });
    const flushed = vi.spyOn(repo.walSync, 'flushed');
    await expect(
      batcher.run(() => {
        throw new UserError('This crisis is closed.');
      }),
    ).rejects.toThrow('This crisis is closed.');
    expect(flushed).not.toHaveBeenCalled();
  });

  it('when SQLite gives up the whole transaction, every caller is refused and nothing is kept', async () => {
    const batcher = new WriteBatcher(repo, { syncOffLoop: true });
    const before = batcher.run((tx) => repo.addEvent(tx, crisisId, 1, 'tick', null, 'before'));
    // As SQLite does on a full disk or an I/O error: the transaction is gone, savepoints too.
    const broken = batcher.run(() => {
      db.$client.exec('ROLLBACK');
      throw new Error('SQLITE_FULL: database or disk is full');
    });
    const after = batcher.run((tx) => repo.addEvent(tx, crisisId, 3, 'tick', null, 'after'));
    await expect(broken).rejects.toThrow('SQLITE_FULL');
    await expect(before).rejects.toThrow('SQLITE_FULL');
    await expect(after).rejects.toThrow('SQLITE_FULL');
    expect(eventCount()).toBe(0);
  });

  it('flushNow commits the waiting writes without waiting for their window', async () => {
    const batcher = new WriteBatcher(repo, { windowMs: 60_000 });
    const write = batcher.run((tx) => repo.addEvent(tx, crisisId, 1, 'tick', null, 'one'));
    await batcher.flushNow();
    await expect(write).resolves.toBeUndefined();
    expect(eventCount()).toBe(1);
  });
});
