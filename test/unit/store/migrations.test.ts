import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOB_KINDS } from '../../../src/jobs/index.js';

import { SqliteDatabase } from '../../../src/store/database.js';
import { openSqlite } from '../../../src/store/db.js';
import { Store } from '../../../src/store/store.js';

const DRIZZLE = fileURLToPath(new URL('../../../drizzle', import.meta.url));
/** Every job kind a database of that version can hold. */
const KINDS_THEN = [
  'create_channel',
  'set_topic',
  'invite',
  'post_summary',
  'post_checklist',
  'render_checklist',
  'send_page',
  'refresh_page',
  'post_update',
  'post_debrief',
  'upload_debrief',
  'post_notice',
  'post_triage',
  'refresh_triage',
  'refresh_summary',
  'escalation_deadline',
  'update_cadence',
  'item_due',
];
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'migrations-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A database as the version before events were facts left it: the first two migrations only. */
function databaseOfTheLastVersion(file: string): void {
  const folder = join(dir, 'drizzle-then');
  cpSync(DRIZZLE, folder, { recursive: true });
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((e) => ['0000_init', '0001_alerts'].includes(e.tag));
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(journal));
  const sqlite = new Database(file);
  migrate(drizzle(sqlite), { migrationsFolder: folder });
  sqlite
    .prepare(
      `insert into crises (open_key, title, severity, type, opener_id, stage, opened_at) values ('k', 'Old crisis', 'sev2', 'default', 'U0X', 1, 1000)`,
    )
    .run();
  sqlite
    .prepare(
      `insert into events (crisis_id, at, kind, actor_id, detail) values (1, 1000, 'opened', 'U0X', 'Opened by Olle (sev2, type default)')`,
    )
    .run();
  const job = sqlite.prepare(`insert into outbox (crisis_id, kind, payload, state, run_at, created_at) values (1, ?, ?, ?, 1000, 1000)`);
  for (const kind of KINDS_THEN)
    job.run(kind, kind === 'post_notice' ? '{"text":"⏰ No status update for 30m."}' : '{}', kind === 'send_page' ? 'running' : 'pending');
  job.run('post_debrief', '{"target":"crisis"}', 'done');
  sqlite.close();
}

describe('upgrading a database', () => {
  it('keeps the words of events written before events were facts, and gives waiting jobs their kind’s priority', async () => {
    const file = join(dir, 'crisis.db');
    databaseOfTheLastVersion(file);
    const database = new SqliteDatabase(openSqlite(file));
    const store = new Store(database);
    try {
      const [entry] = (await store.snapshot(1))!.timeline;
      expect(entry).toMatchObject({ at: 1000, actorId: 'U0X', event: { kind: 'legacy', text: 'Opened by Olle (sev2, type default)' } });
      await store.transaction((tx) => store.timeline.add(tx, 1, 2000, null, { kind: 'update_overdue', sinceMs: 60_000 }));
      expect((await store.snapshot(1))!.timeline.map((e) => e.event.kind)).toEqual(['legacy', 'update_overdue']);
      // Waiting jobs take their kind's priority: pages and deadlines first again.
      const jobs = await store.outbox.all();
      const priorities = Object.fromEntries(jobs.filter((r) => r.state !== 'done').map((r) => [r.kind, r.priority]));
      const declared = Object.fromEntries(JOB_KINDS.map((k) => [k.kind, k.priority]));
      expect(Object.keys(priorities).sort()).toEqual([...KINDS_THEN].sort());
      for (const [kind, priority] of Object.entries(priorities)) expect(priority, kind).toBe(declared[kind]);
      expect(jobs.find((r) => r.state === 'done')!.priority).toBe(2); // history is left as it was
    } finally {
      await database.close();
    }
  });
});
