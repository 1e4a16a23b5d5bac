import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CrisisRepo } from '../../../src/store/crisis-repo.js';
import { openDatabase } from '../../../src/store/db.js';
import { OutboxRepo } from '../../../src/store/outbox-repo.js';

const DRIZZLE = fileURLToPath(new URL('../../../drizzle', import.meta.url));
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'migrations-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A database as the version before events were facts left it: the first two migrations only. */
function databaseOfTheLastVersion(file: string): void {
  const folder = join(dir, 'drizzle-then');
  cpSync(DRIZZLE, folder, { recursive: true });
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8'));
  journal.entries = journal.entries.filter((e: { tag: string }) => ['0000_init', '0001_alerts'].includes(e.tag));
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(journal));
  const sqlite = new Database(file);
  migrate(drizzle(sqlite), { migrationsFolder: folder });
  sqlite.prepare(`insert into crises (open_key, title, severity, type, opener_id, stage, opened_at) values ('k', 'Old crisis', 'sev2', 'default', 'U0X', 1, 1000)`).run();
  sqlite.prepare(`insert into events (crisis_id, at, kind, actor_id, detail) values (1, 1000, 'opened', 'U0X', 'Opened by Olle (sev2, type default)')`).run();
  sqlite.prepare(`insert into outbox (crisis_id, kind, payload, run_at, created_at) values (1, 'post_notice', '{"text":"⏰ No status update for 30m."}', 1000, 1000)`).run();
  sqlite.close();
}

describe('upgrading a database', () => {
  it('keeps the words of events written before events were facts, and gives waiting jobs a priority', async () => {
    const file = join(dir, 'crisis.db');
    databaseOfTheLastVersion(file);
    const db = openDatabase(file);
    const repo = new CrisisRepo(db);
    try {
      const [entry] = repo.snapshot(1)!.timeline;
      expect(entry).toMatchObject({ at: 1000, actorId: 'U0X', event: { kind: 'legacy', text: 'Opened by Olle (sev2, type default)' } });
      repo.addEvent(1, 2000, null, { kind: 'update_overdue', sinceMs: 60_000 });
      expect(repo.snapshot(1)!.timeline.map((e) => e.event.kind)).toEqual(['legacy', 'update_overdue']);
      expect(new OutboxRepo(db).all().map((r) => [r.kind, r.priority, r.state])).toEqual([['post_notice', 2, 'pending']]);
    } finally {
      await repo.walSync.close();
      db.$client.close();
    }
  });
});
