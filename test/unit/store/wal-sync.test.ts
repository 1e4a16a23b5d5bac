import { fdatasync, fstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WalSync, type WalSyncOptions } from '../../../src/store/wal-sync.js';

let dir: string;
let sqlite: Database.Database;
const syncs: WalSync[] = [];
const connections: Database.Database[] = [];

function open(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table if not exists t (x integer)');
  connections.push(db);
  return db;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wal-sync-'));
  sqlite = open(join(dir, 't.db'));
});
afterEach(async () => {
  await Promise.all(syncs.splice(0).map((s) => s.close()));
  connections.splice(0).forEach((c) => c.close());
  rmSync(dir, { recursive: true, force: true });
});

type Done = (error: NodeJS.ErrnoException | null) => void;

/** A sync the test finishes by hand, recording which files it was asked to sync. */
function heldSync() {
  const waiting: Done[] = [];
  const fds: number[] = [];
  const sync = (fd: number, done: Done) => {
    fds.push(fd);
    waiting.push(done);
  };
  return { sync, fds, finish: (error: NodeJS.ErrnoException | null = null) => waiting.shift()!(error) };
}

function walSync(options: WalSyncOptions = {}, db = sqlite): WalSync {
  const s = new WalSync(db, options);
  syncs.push(s);
  return s;
}

/** A commit, as `relaxed` takes one: a row written. */
const insertOne = (db: Database.Database) => () => {
  db.prepare('insert into t values (1)').run();
  return Promise.resolve();
};
const synchronous = () => sqlite.pragma('synchronous', { simple: true });
const settle = () => new Promise((resolve) => setImmediate(resolve));
const eio = () => Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });

describe('WalSync', () => {
  it('commits without a sync (NORMAL) and puts FULL back, also when the commit throws', async () => {
    const s = walSync();
    const seen = await s.relaxed(() => {
      sqlite.prepare('insert into t values (1)').run();
      return Promise.resolve(synchronous());
    });
    expect(seen).toBe(1);
    expect(synchronous()).toBe(2);
    await expect(s.relaxed(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(synchronous()).toBe(2);
  });

  it('syncs the WAL file itself, on the thread pool', async () => {
    const fds: number[] = [];
    const s = walSync({ sync: (fd, done) => (fds.push(fd), fdatasync(fd, done)) });
    await s.relaxed(insertOne(sqlite));
    await s.flushed();
    expect(fds).toHaveLength(1);
    expect(fstatSync(fds[0]!).ino).toBe(statSync(join(dir, 't.db-wal')).ino);
  });

  it('finds the WAL beside the real file when the database path is a symbolic link', async () => {
    mkdirSync(join(dir, 'real'));
    const real = open(join(dir, 'real', 'r.db'));
    real.close();
    connections.splice(connections.indexOf(real), 1);
    symlinkSync(join(dir, 'real', 'r.db'), join(dir, 'link.db'));
    const linked = open(join(dir, 'link.db'));
    const fds: number[] = [];
    const s = walSync({ sync: (fd, done) => (fds.push(fd), fdatasync(fd, done)) }, linked);
    await s.relaxed(insertOne(linked));
    await s.flushed();
    expect(fstatSync(fds[0]!).ino).toBe(statSync(join(dir, 'real', 'r.db-wal')).ino);
  });

  it('callers that arrive during a sync share the next one, never the running one', async () => {
    const held = heldSync();
    const s = walSync({ sync: held.sync });
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

  it('a failed sync is final: its callers and every later one are refused, and it is reported once', async () => {
    const held = heldSync();
    const reported: Error[] = [];
    const s = walSync({ sync: held.sync, onFailure: (error) => reported.push(error) });
    const failed = s.flushed();
    const queued = s.flushed();
    held.finish(eio());
    await expect(failed).rejects.toThrow('could not sync');
    // Linux may report the next fsync as a success after dropping the unwritten pages.
    await expect(queued).rejects.toThrow('EIO');
    await expect(s.flushed()).rejects.toThrow('EIO');
    expect(held.fds).toHaveLength(1);
    expect(reported).toHaveLength(1);
  });

  it('close waits for the sync that is owed before it closes the file', async () => {
    const held = heldSync();
    const s = walSync({ sync: held.sync });
    const owed = s.flushed();
    let closed = false;
    const closing = s.close().then(() => (closed = true));
    await settle();
    expect(closed).toBe(false);
    held.finish();
    await owed;
    await closing;
    expect(closed).toBe(true);
  });

  it('an in-memory database, or one not in WAL mode, has nothing to sync', async () => {
    const memory = new Database(':memory:');
    const rollbackJournal = new Database(join(dir, 'plain.db'));
    connections.push(memory, rollbackJournal);
    for (const db of [memory, rollbackJournal]) {
      const held = heldSync();
      const s = walSync({ sync: held.sync }, db);
      expect(await s.relaxed(() => Promise.resolve(7))).toBe(7);
      await s.flushed();
      expect(held.fds).toHaveLength(0);
    }
  });
});
