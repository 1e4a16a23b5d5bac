import { fstatSync, fsync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WalSync } from '../../../src/store/wal-sync.js';

let dir: string;
let sqlite: Database.Database;
const syncs: WalSync[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wal-sync-'));
  sqlite = new Database(join(dir, 't.db'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.exec('create table t (x integer)');
});
afterEach(() => {
  syncs.splice(0).forEach((s) => s.close());
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

type Done = (error: NodeJS.ErrnoException | null) => void;

/** An fsync the test finishes by hand, recording which files it was asked to sync. */
function heldFsync() {
  const waiting: Done[] = [];
  const fds: number[] = [];
  const fake = (fd: number, done: Done) => {
    fds.push(fd);
    waiting.push(done);
  };
  return { fake, fds, waiting, finish: (error: NodeJS.ErrnoException | null = null) => waiting.shift()!(error) };
}

function walSync(fake?: (fd: number, done: Done) => void): WalSync {
  const s = fake ? new WalSync(sqlite, fake) : new WalSync(sqlite);
  syncs.push(s);
  return s;
}

const synchronous = () => sqlite.pragma('synchronous', { simple: true });
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('WalSync', () => {
  it('commits without a sync (NORMAL) and puts FULL back, also when the commit throws', () => {
    const s = walSync();
    const seen = s.relaxed(() => {
      sqlite.prepare('insert into t values (1)').run();
      return synchronous();
    });
    expect(seen).toBe(1);
    expect(synchronous()).toBe(2);
    expect(() =>
      s.relaxed(() => {
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(synchronous()).toBe(2);
  });

  it('syncs the WAL file itself, on the thread pool', async () => {
    const held = heldFsync();
    const s = walSync((fd, done) => {
      held.fds.push(fd);
      fsync(fd, done);
    });
    s.relaxed(() => sqlite.prepare('insert into t values (1)').run());
    await s.flushed();
    expect(held.fds).toHaveLength(1);
    expect(fstatSync(held.fds[0]!).ino).toBe(statSync(join(dir, 't.db-wal')).ino);
  });

  it('callers that arrive during a sync share the next one, never the running one', async () => {
    const held = heldFsync();
    const s = walSync(held.fake);
    let first = false;
    let later = 0;
    void s.flushed().then(() => (first = true));
    for (let i = 0; i < 5; i++) void s.flushed().then(() => later++);
    await settle();
    expect(held.fds).toHaveLength(1);
    held.finish();
    await settle();
    expect(first).toBe(true);
    // Their commits may have come after the first sync began: they wait for a second one.
    expect(later).toBe(0);
    expect(held.fds).toHaveLength(2);
    held.finish();
    await settle();
    expect(later).toBe(5);
    expect(held.fds).toHaveLength(2);
  });

  it('a failed sync rejects its callers, and the next caller gets a fresh sync', async () => {
    const held = heldFsync();
    const s = walSync(held.fake);
    const failed = s.flushed();
    held.finish(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    await expect(failed).rejects.toThrow('EIO');
    const next = s.flushed();
    await settle();
    expect(held.fds).toHaveLength(2);
    held.finish();
    await expect(next).resolves.toBeUndefined();
  });

  it('an in-memory database has nothing to sync', async () => {
    const memory = new Database(':memory:');
    const held = heldFsync();
    const s = new WalSync(memory, held.fake);
    expect(s.relaxed(() => 7)).toBe(7);
    await s.flushed();
    expect(held.fds).toHaveLength(0);
    memory.close();
  });
});
