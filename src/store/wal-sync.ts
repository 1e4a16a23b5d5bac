import { closeSync, fdatasync, openSync } from 'node:fs';
import type Database from 'better-sqlite3';

type Sync = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

export interface WalSyncOptions {
  /** The system call that flushes the WAL file; replaced in tests. */
  sync?: Sync;
  /**
   * Told once when a sync fails. After a failed fsync Linux may drop the unwritten pages and
   * report the next fsync as a success, so the bot cannot know what is on disk: the caller
   * should stop the process and let SQLite recover from the file at the next start.
   */
  onFailure?: (error: Error) => void;
}

/**
 * Durable commits whose disk sync does not stall the event loop.
 *
 * With `synchronous = FULL` SQLite fsyncs the WAL inside COMMIT, on the one thread that also
 * answers Slack: under a burst of clicks each group commit held every other request for the
 * length of a disk sync. `relaxed` commits with `synchronous = NORMAL` (the WAL is written but,
 * except for its header when the WAL starts over after a checkpoint, not synced; a `kill -9`
 * loses nothing, the page cache belongs to the kernel) and `flushed` then syncs the WAL file
 * on libuv's thread pool. A caller that waits for `flushed` to succeed before it answers has
 * the guarantee FULL gives, a power cut included; the event loop meanwhile serves other
 * requests. Unlike FULL, a relaxed commit is visible to other work before its sync: if the
 * sync fails, the WalSync fails for good (see onFailure). Everything else keeps committing
 * with FULL, whose sync also covers any relaxed commit before it (one file).
 *
 * Syncs coalesce: callers that arrive while one runs share the next one (never the running
 * one, which may have started before their commit was written).
 */
export class WalSync {
  private fd: number | undefined;
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  private failure: Error | undefined;
  private readonly sync: Sync;
  private readonly onFailure: ((error: Error) => void) | undefined;

  constructor(
    private readonly sqlite: Database.Database,
    options: WalSyncOptions = {},
  ) {
    this.sync = options.sync ?? fdatasync;
    this.onFailure = options.onFailure;
    // Only a WAL-mode file has a WAL to sync (an in-memory database, in unit tests, has none).
    // The path is SQLite's own, symbolic links resolved: the WAL lies beside the real file.
    if (sqlite.memory || sqlite.pragma('journal_mode', { simple: true }) !== 'wal') return;
    const main = (sqlite.pragma('database_list') as { name: string; file: string }[]).find((d) => d.name === 'main');
    if (!main?.file) return;
    // Opened now, so a database whose WAL cannot be opened fails at start, not at the first
    // click. The WAL exists once the connection has read the database (the migrations did)
    // and stays while this connection is open: SQLite removes it when the last one closes.
    this.fd = openSync(`${main.file}-wal`, 'r');
  }

  /** Runs `commit` (a whole transaction) without a disk sync; call `flushed` before relying on it. */
  async relaxed<T>(commit: () => Promise<T>): Promise<T> {
    if (this.fd === undefined) return commit();
    // Not prepared once: SQLite applies this pragma when the statement is compiled, not run.
    this.sqlite.exec('PRAGMA synchronous = NORMAL');
    try {
      return await commit();
    } finally {
      this.sqlite.exec('PRAGMA synchronous = FULL');
    }
  }

  /** Resolves once every commit made before the call is on disk; rejects for good once a sync failed. */
  flushed(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.fd === undefined) return Promise.resolve();
    if (this.next) return this.next;
    if (!this.running) return (this.running = this.syncOnce());
    this.next = this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return (this.running = this.syncOnce());
      });
    return this.next;
  }

  /** Waits for the syncs owed, then closes the WAL file (the connection is closed separately). */
  async close(): Promise<void> {
    await (this.next ?? this.running)?.catch(() => undefined);
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private syncOnce(): Promise<void> {
    const synced = new Promise<void>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      if (this.fd === undefined) return reject(new Error('the WAL file is closed'));
      this.sync(this.fd, (error) => {
        if (!error) return resolve();
        if (!this.failure) {
          this.failure = new Error(`could not sync the database's WAL file: ${error.message}`, { cause: error });
          this.onFailure?.(this.failure);
        }
        reject(this.failure);
      });
    });
    return synced.finally(() => {
      this.running = undefined;
    });
  }
}
