import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createChannel, setTopic } from '../../../src/jobs/channel.js';
import { postNotice } from '../../../src/jobs/channel-posts.js';
import type { JobContext } from '../../../src/jobs/context.js';
import { postChecklist, postSummary, renderChecklistJob } from '../../../src/jobs/crisis-messages.js';
import { escalationDeadline, updateCadence } from '../../../src/jobs/deadlines.js';
import { postDebrief, uploadDebrief } from '../../../src/jobs/debrief.js';
import { DEADLINE_KINDS, JOB_KINDS } from '../../../src/jobs/index.js';
import { refreshPage, sendPage } from '../../../src/jobs/pages.js';
import { Priority, defineJob } from '../../../src/jobs/spec.js';
import { PayloadError } from '../../../src/services/outbox-worker.js';
import { CrisisRepo } from '../../../src/store/crisis-repo.js';
import { openDatabase, type Db } from '../../../src/store/db.js';
import { OutboxRepo } from '../../../src/store/outbox-repo.js';
import type { OutboxRow } from '../../../src/store/schema.js';

let dir: string;
let db: Db;
let outbox: OutboxRepo;
let repo: CrisisRepo;
let crisisId: number;
const NOW = Date.UTC(2026, 2, 5, 10);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jobs-'));
  db = openDatabase(join(dir, 't.db'));
  outbox = new OutboxRepo(db);
  repo = new CrisisRepo(db);
  crisisId = repo.transaction((tx) => repo.insertCrisis(tx, { openKey: 'k', title: 'T', severity: 'sev2', type: 'default', openerId: 'U0X', stage: 1, openedAt: NOW }))!.id;
});
afterEach(async () => {
  await repo.walSync.close();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const row = (kind: string) => outbox.all().filter((r) => r.kind === kind);
const file = (fn: () => void) => repo.transaction(() => fn());

describe('a job kind is filed as it declares', () => {
  it('opening: the channel first and most urgent, the summary after it, the checklist after the summary', () => {
    file(() => {
      for (const kind of [createChannel, postSummary, postChecklist]) outbox.enqueue(db, kind, { crisisId, runAt: NOW });
    });
    const shape = (kind: string) => {
      const [r] = row(kind);
      return { key: r!.key, after: r!.after, lane: r!.lane, priority: r!.priority };
    };
    expect(shape('create_channel')).toEqual({ key: `channel:${crisisId}`, after: null, lane: null, priority: Priority.urgent });
    expect(shape('post_summary')).toEqual({ key: `summary:${crisisId}`, after: `channel:${crisisId}`, lane: `summary:${crisisId}`, priority: Priority.urgent });
    expect(shape('post_checklist')).toEqual({ key: `checklist:${crisisId}`, after: `summary:${crisisId}`, lane: `checklist:${crisisId}`, priority: Priority.urgent });
  });

  it('a page and its deadline are keyed, so a retry or a restart files them once', () => {
    file(() => {
      for (let i = 0; i < 2; i++) {
        outbox.enqueue(db, sendPage, { crisisId, payload: { pageId: 7 }, runAt: NOW });
        outbox.enqueue(db, escalationDeadline, { crisisId, payload: { stage: 1 }, runAt: NOW + 600_000 });
      }
    });
    expect(row('send_page').map((r) => [r.key, r.lane, r.priority, JSON.parse(r.payload)])).toEqual([[`page:7`, 'page:7', Priority.urgent, { pageId: 7 }]]);
    expect(row('escalation_deadline').map((r) => [r.key, r.runAt])).toEqual([[`deadline:${crisisId}:1`, NOW + 600_000]]);
  });

  it('a re-render is coalesced: one waits per message, and it keeps its prerequisite', () => {
    file(() => {
      for (let i = 0; i < 3; i++) {
        outbox.enqueue(db, renderChecklistJob, { crisisId, runAt: NOW });
        outbox.enqueue(db, refreshPage, { crisisId, payload: { pageId: 7 }, runAt: NOW });
        outbox.enqueue(db, setTopic, { crisisId, runAt: NOW });
      }
    });
    expect(row('render_checklist')).toHaveLength(1);
    expect(row('refresh_page')).toHaveLength(1);
    expect(row('set_topic').map((r) => [r.after, r.lane, r.priority])).toEqual([[`channel:${crisisId}`, `topic:${crisisId}`, Priority.crisis]]);
    expect(row('render_checklist')[0]!.priority).toBe(Priority.routine);
  });

  it('the debrief goes last, in the crisis channel after its posts, and to the archive on its own', () => {
    file(() => {
      for (const target of ['crisis', 'archive'] as const) {
        outbox.enqueue(db, postDebrief, { crisisId, payload: { target }, runAt: NOW });
        outbox.enqueue(db, uploadDebrief, { crisisId, payload: { target }, runAt: NOW });
      }
    });
    expect(outbox.all().map((r) => [r.kind, r.key, r.after, r.lane, r.priority])).toEqual([
      ['post_debrief', `debrief:${crisisId}:crisis`, `channel:${crisisId}`, `posts:${crisisId}`, Priority.bulk],
      ['upload_debrief', `debrief-file:${crisisId}:crisis`, `debrief:${crisisId}:crisis`, `posts:${crisisId}`, Priority.bulk],
      ['post_debrief', `debrief:${crisisId}:archive`, null, null, Priority.bulk],
      ['upload_debrief', `debrief-file:${crisisId}:archive`, `debrief:${crisisId}:archive`, null, Priority.bulk],
    ]);
  });

  it('a cadence check is keyed by its time, so the next one is a new job', () => {
    file(() => {
      outbox.enqueue(db, updateCadence, { crisisId, runAt: NOW + 1_000 });
      outbox.enqueue(db, updateCadence, { crisisId, runAt: NOW + 1_000 });
      outbox.enqueue(db, updateCadence, { crisisId, runAt: NOW + 2_000 });
    });
    expect(row('update_cadence').map((r) => r.key)).toEqual([`cadence:${crisisId}:${NOW + 1_000}`, `cadence:${crisisId}:${NOW + 2_000}`]);
  });
});

describe('a job kind as the worker runs it', () => {
  const rowOf = (over: Partial<OutboxRow>): OutboxRow => ({
    id: 41,
    crisisId: 1,
    kind: 'k',
    payload: '{}',
    key: null,
    after: null,
    lane: null,
    priority: 2,
    state: 'running',
    attempts: 2,
    runAt: NOW,
    lastError: null,
    createdAt: NOW - 5_000,
    doneAt: null,
    ...over,
  });
  const ctx = {} as JobContext;

  it('parses the payload with its schema and hands the job its tag and attempts', async () => {
    const seen: unknown[] = [];
    const kind = defineJob({
      kind: 'k',
      payload: z.object({ n: z.number() }),
      priority: Priority.crisis,
      tag: ({ crisisId, payload }, jobId) => `k:${crisisId}:${payload.n}:${jobId}`,
      run: async (job) => void seen.push(job),
    });
    await kind.bind(ctx).execute(rowOf({ payload: '{"n":3}' }));
    expect(seen).toEqual([{ id: 41, crisisId: 1, payload: { n: 3 }, attempts: 2, createdAt: NOW - 5_000, tag: 'k:1:3:41' }]);
  });

  it('refuses a payload its schema does not accept, before running', async () => {
    let ran = false;
    const kind = defineJob({ kind: 'k', payload: z.object({ n: z.number() }), priority: Priority.crisis, run: async () => void (ran = true) });
    await expect(kind.bind(ctx).execute(rowOf({ payload: '{"n":"three"}' }))).rejects.toBeInstanceOf(PayloadError);
    expect(ran).toBe(false);
  });

  it('still posts a notice filed by a version that stored its words', async () => {
    const legacy = postNotice.payload.safeParse({ text: 'Severity changed' });
    expect(legacy.success).toBe(true);
    expect(postNotice.payload.safeParse({ kind: 'severity_changed', from: 'sev2' }).success).toBe(false);
  });

  it('a coalesced kind must have a lane', () => {
    expect(() => defineJob({ kind: 'k', payload: z.object({}), priority: Priority.routine, coalesce: true, run: async () => undefined })).toThrow(/coalesce needs a lane/);
  });
});

describe('the registry', () => {
  it('holds every kind once; deadlines are the three that wait for a time', () => {
    const kinds = JOB_KINDS.map((k) => k.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(kinds).toHaveLength(18);
    expect([...DEADLINE_KINDS].sort()).toEqual(['escalation_deadline', 'item_due', 'update_cadence']);
  });
});
