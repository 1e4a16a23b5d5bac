import { closeSync, fsync, openSync } from 'node:fs';
import type Database from 'better-sqlite3';

type Fsync = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

/**
 * Durable commits whose disk sync does not stall the event loop.
 *
 * With `synchronous = FULL` SQLite fsyncs the WAL inside COMMIT, on the one thread that also
 * answers Slack: under a burst of clicks each group commit held every other request for the
 * length of a disk sync. `relaxed` commits with `synchronous = NORMAL` (the WAL is written, not
 * synced: a `kill -9` loses nothing, the page cache belongs to the kernel) and `flushed` then
 * fsyncs the WAL file on libuv's thread pool. A caller that waits for `flushed` before it
 * answers has the same guarantee as FULL, a power cut included; the event loop meanwhile
 * serves other requests. Everything else keeps committing with FULL, whose sync also covers
 * any relaxed commit before it (one file).
 *
 * Syncs coalesce: callers that arrive while one runs share the next one (never the running
 * one, which may have started before their commit was written).
 */
export class WalSync {
  private fd: number | undefined;
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  private readonly walPath: string | undefined;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly fsyncFd: Fsync = fsync,
  ) {
    // An in-memory database (unit tests) has no file to sync.
    if (sqlite.memory) return;
    this.walPath = `${sqlite.name}-wal`;
  }

  /** Runs `commit` (a whole transaction) without a disk sync; call `flushed` before relying on it. */
  relaxed<T>(commit: () => T): T {
    if (!this.walPath) return commit();
    // Not prepared once: SQLite applies this pragma when the statement is compiled, not run.
    this.sqlite.exec('PRAGMA synchronous = NORMAL');
    try {
      return commit();
    } finally {
      this.sqlite.exec('PRAGMA synchronous = FULL');
    }
  }

  /** Resolves once every commit made before the call is on disk. */
  flushed(): Promise<void> {
    if (!this.walPath) return Promise.resolve();
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

  /** Closes the file the syncs go through (the database connection is closed separately). */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private syncOnce(): Promise<void> {
    const synced = new Promise<void>((resolve, reject) => {
      try {
        // Opened on first use: the WAL file exists once anything was committed, and stays while
        // this connection is open (SQLite removes it only when the last connection closes).
        this.fd ??= openSync(this.walPath!, 'r+');
      } catch (error) {
        return reject(error);
      }
      this.fsyncFd(this.fd, (error) => (error ? reject(error) : resolve()));
    });
    return synced.finally(() => {
      this.running = undefined;
    });
  }
}
