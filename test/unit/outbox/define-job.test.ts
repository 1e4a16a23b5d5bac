import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createChannel, setTopic } from '../../../src/jobs/channel.js';
import { postNotice } from '../../../src/jobs/channel-posts.js';
import { defineJob, type JobContext } from '../../../src/jobs/context.js';
import { postChecklist, postSummary, refreshChecklist } from '../../../src/jobs/crisis-messages.js';
import { escalationDeadline, updateCadence } from '../../../src/jobs/deadlines.js';
import { postDebrief, uploadDebrief } from '../../../src/jobs/debrief.js';
import { DEADLINE_KINDS, JOB_KINDS, type JobOutbox, type RegisteredJob } from '../../../src/jobs/index.js';
import { refreshPage, sendPage } from '../../../src/jobs/pages.js';
import type { JobSpec } from '../../../src/outbox/define-job.js';
import { PayloadError } from '../../../src/outbox/errors.js';
import { Outbox } from '../../../src/outbox/outbox.js';
import { Priority } from '../../../src/outbox/priority.js';
import type { Tx } from '../../../src/store/db.js';
import type { Store } from '../../../src/store/store.js';
import type { OutboxRow } from '../../../src/store/schema.js';
import { insertCrisis, tempDatabase } from '../support.js';

let close: () => Promise<void>;
let store: Store;
let outbox: Outbox<RegisteredJob>;
let crisisId: number;
const NOW = Date.UTC(2026, 2, 5, 10);

beforeEach(async () => {
  ({ store, close } = await tempDatabase('jobs'));
  outbox = new Outbox(store.outbox);
  crisisId = await insertCrisis(store, NOW);
});
afterEach(() => close());

const row = async (kind: string) => (await store.outbox.all()).filter((r) => r.kind === kind);
const file = (fn: (tx: Tx) => Promise<void>) => store.transaction((tx) => fn(tx));

describe('a job kind is filed as it declares', () => {
  it('opening: the channel first and most urgent, the summary after it, the checklist after the summary', async () => {
    await file(async (tx) => {
      for (const kind of [createChannel, postSummary, postChecklist]) await outbox.enqueue(tx, kind, { crisisId, runAt: NOW });
    });
    const shape = async (kind: string) => {
      const [r] = await row(kind);
      return { key: r!.key, after: r!.after, lane: r!.lane, priority: r!.priority };
    };
    expect(await shape('create_channel')).toEqual({ key: `channel:${crisisId}`, after: null, lane: null, priority: Priority.urgent });
    expect(await shape('post_summary')).toEqual({
      key: `summary:${crisisId}`,
      after: `channel:${crisisId}`,
      lane: `summary:${crisisId}`,
      priority: Priority.urgent,
    });
    expect(await shape('post_checklist')).toEqual({
      key: `checklist:${crisisId}`,
      after: `summary:${crisisId}`,
      lane: `checklist:${crisisId}`,
      priority: Priority.urgent,
    });
  });

  it('a page and its deadline are keyed, so a retry or a restart files them once', async () => {
    await file(async (tx) => {
      for (let i = 0; i < 2; i++) {
        await outbox.enqueue(tx, sendPage, { crisisId, payload: { pageId: 7 }, runAt: NOW });
        await outbox.enqueue(tx, escalationDeadline, { crisisId, payload: { stage: 1 }, runAt: NOW + 600_000 });
      }
    });
    expect((await row('send_page')).map((r) => [r.key, r.lane, r.priority, JSON.parse(r.payload) as unknown])).toEqual([
      [`page:7`, 'page:7', Priority.urgent, { pageId: 7 }],
    ]);
    expect((await row('escalation_deadline')).map((r) => [r.key, r.runAt])).toEqual([[`deadline:${crisisId}:1`, NOW + 600_000]]);
  });

  it('a re-render is coalesced: one waits per message, and it keeps its prerequisite', async () => {
    await file(async (tx) => {
      for (let i = 0; i < 3; i++) {
        await outbox.enqueue(tx, refreshChecklist, { crisisId, runAt: NOW });
        await outbox.enqueue(tx, refreshPage, { crisisId, payload: { pageId: 7 }, runAt: NOW });
        await outbox.enqueue(tx, setTopic, { crisisId, runAt: NOW });
      }
    });
    expect(await row('render_checklist')).toHaveLength(1);
    expect(await row('refresh_page')).toHaveLength(1);
    expect((await row('set_topic')).map((r) => [r.after, r.lane, r.priority])).toEqual([
      [`channel:${crisisId}`, `topic:${crisisId}`, Priority.crisis],
    ]);
    expect((await row('render_checklist'))[0]!.priority).toBe(Priority.routine);
  });

  it('the debrief goes last, in the crisis channel after its posts, and to the archive on its own', async () => {
    await file(async (tx) => {
      for (const target of ['crisis', 'archive'] as const) {
        await outbox.enqueue(tx, postDebrief, { crisisId, payload: { target }, runAt: NOW });
        await outbox.enqueue(tx, uploadDebrief, { crisisId, payload: { target }, runAt: NOW });
      }
    });
    expect((await store.outbox.all()).map((r) => [r.kind, r.key, r.after, r.lane, r.priority])).toEqual([
      ['post_debrief', `debrief:${crisisId}:crisis`, `channel:${crisisId}`, `posts:${crisisId}`, Priority.bulk],
      ['upload_debrief', `debrief-file:${crisisId}:crisis`, `debrief:${crisisId}:crisis`, `posts:${crisisId}`, Priority.bulk],
      ['post_debrief', `debrief:${crisisId}:archive`, null, null, Priority.bulk],
      ['upload_debrief', `debrief-file:${crisisId}:archive`, `debrief:${crisisId}:archive`, null, Priority.bulk],
    ]);
  });

  it('services file only registered kinds, and re-renders only through the change hook', () => {
    // The type checker is what refuses these (npm run typecheck covers the tests): a kind left
    // out of JOB_KINDS, or a re-render filed by hand, is a compile error where it is filed.
    const services: JobOutbox = new Outbox(store.outbox);
    const stray = defineJob({ kind: 'stray', payload: z.object({}), priority: Priority.routine, run: () => Promise.resolve(undefined) });
    const refused = [
      // @ts-expect-error a kind that is not registered
      (tx: Tx) => services.enqueue(tx, stray, { crisisId, runAt: NOW }),
      // @ts-expect-error a re-render (see services/changes.ts)
      (tx: Tx) => services.enqueue(tx, refreshChecklist, { crisisId, runAt: NOW }),
    ];
    expect(refused).toHaveLength(2);
    expect(JOB_KINDS.map((k) => k.kind)).not.toContain('stray');
  });

  it('a cadence check is keyed by its time, so the next one is a new job', async () => {
    await file(async (tx) => {
      await outbox.enqueue(tx, updateCadence, { crisisId, runAt: NOW + 1_000 });
      await outbox.enqueue(tx, updateCadence, { crisisId, runAt: NOW + 1_000 });
      await outbox.enqueue(tx, updateCadence, { crisisId, runAt: NOW + 2_000 });
    });
    expect((await row('update_cadence')).map((r) => r.key)).toEqual([
      `cadence:${crisisId}:${NOW + 1_000}`,
      `cadence:${crisisId}:${NOW + 2_000}`,
    ]);
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
    lease: null,
    lockedUntil: null,
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
      run: (job) => Promise.resolve(void seen.push(job)),
    });
    await kind.bind(ctx).execute(rowOf({ payload: '{"n":3}' }));
    expect(seen).toEqual([{ id: 41, crisisId: 1, payload: { n: 3 }, attempts: 2, createdAt: NOW - 5_000, tag: 'k:1:3:41' }]);
  });

  it('refuses a payload its schema does not accept, before running', async () => {
    let ran = false;
    const kind = defineJob({
      kind: 'k',
      payload: z.object({ n: z.number() }),
      priority: Priority.crisis,
      run: () => Promise.resolve(void (ran = true)),
    });
    await expect(kind.bind(ctx).execute(rowOf({ payload: '{"n":"three"}' }))).rejects.toBeInstanceOf(PayloadError);
    expect(ran).toBe(false);
  });

  it('still posts a notice filed by a version that stored its words, as they were, and refuses a broken one', async () => {
    const posted: unknown[] = [];
    const fake = {
      store: { crises: { byId: () => Promise.resolve({ id: 1, channelId: 'C0CRISIS' }) } },
      views: { legacyNotice: (text: string) => ({ text, blocks: [] }), notice: () => ({ text: 'rendered', blocks: [] }) },
      slack: { post: (job: unknown, channel: string, message: unknown) => Promise.resolve(void posted.push([job, channel, message])) },
    } as unknown as JobContext;
    await postNotice.bind(fake).execute(rowOf({ kind: 'post_notice', payload: '{"text":"⏰ No status update for 30m."}' }));
    expect(posted).toEqual([
      [expect.objectContaining({ tag: 'notice:41', attempts: 2 }), 'C0CRISIS', { text: '⏰ No status update for 30m.', blocks: [] }],
    ]);
    await expect(
      postNotice.bind(fake).execute(rowOf({ kind: 'post_notice', payload: '{"kind":"severity_changed","from":"sev2"}' })),
    ).rejects.toBeInstanceOf(PayloadError);
  });

  it('a coalesced kind must have a lane', () => {
    expect(() =>
      defineJob({ kind: 'k', payload: z.object({}), priority: Priority.routine, coalesce: true, run: () => Promise.resolve(undefined) }),
    ).toThrow(/coalesce needs a lane/);
  });
});

describe('every kind, as declared', () => {
  // How each kind is filed, retried and tagged, pinned: keys and tags are in databases and in
  // Slack messages already (a retried post finds its earlier message by its tag), and retries and
  // deferral are what keep pages and clicks reliable. Changing one is a decision, not a refactor.
  const target = (payload: object) => ({ crisisId: 7, payload, runAt: NOW });
  const SAMPLES: Record<string, object> = {
    invite: { users: ['U1'] },
    send_page: { pageId: 3 },
    refresh_page: { pageId: 3 },
    post_update: { updateId: 5 },
    post_notice: { kind: 'update_overdue', sinceMs: 1, leads: [] },
    post_debrief: { target: 'archive' },
    upload_debrief: { target: 'archive' },
    post_triage: { alertId: 9 },
    refresh_triage: { alertId: 9 },
    post_digest: { digestId: 6 },
    refresh_digest: { digestId: 6 },
    escalation_deadline: { stage: 2 },
    item_due: { itemId: 4 },
  };
  const row = (k: (typeof JOB_KINDS)[number]) => {
    const spec = k as unknown as JobSpec<string, object, object, JobContext>;
    const t = target(SAMPLES[spec.kind] ?? {});
    return [
      spec.key?.(t) ?? null,
      spec.lane?.(t) ?? null,
      spec.after?.(t) ?? null,
      spec.priority,
      spec.retry,
      spec.deferrable,
      spec.coalesce,
      spec.deadline,
      spec.tag?.(t, 99) ?? null,
    ];
  };

  it.each([
    ['create_channel', 'channel:7', null, null, Priority.urgent, 'until-done', false, false, false, null],
    ['set_topic', null, 'topic:7', 'channel:7', Priority.crisis, 'limited', false, true, false, null],
    ['invite', null, null, 'channel:7', Priority.urgent, 'limited', false, false, false, null],
    ['post_summary', 'summary:7', 'summary:7', 'channel:7', Priority.urgent, 'limited', false, false, false, 'summary:7'],
    ['refresh_summary', null, 'summary:7', null, Priority.routine, 'limited', false, true, false, null],
    ['post_checklist', 'checklist:7', 'checklist:7', 'summary:7', Priority.urgent, 'limited', false, false, false, 'checklist:7'],
    ['render_checklist', null, 'checklist:7', null, Priority.routine, 'limited', true, true, false, 'checklist:7'],
    ['send_page', 'page:3', 'page:3', null, Priority.urgent, 'until-done', false, false, false, 'page:3'],
    ['refresh_page', null, 'page:3', null, Priority.crisis, 'limited', true, true, false, null],
    ['post_update', null, 'posts:7', 'channel:7', Priority.crisis, 'limited', false, false, false, 'update:5'],
    ['post_notice', null, 'posts:7', 'channel:7', Priority.crisis, 'limited', false, false, false, 'notice:99'],
    ['post_debrief', 'debrief:7:archive', null, null, Priority.bulk, 'limited', false, false, false, 'debrief:7:archive'],
    ['upload_debrief', 'debrief-file:7:archive', null, 'debrief:7:archive', Priority.bulk, 'limited', false, false, false, null],
    ['post_triage', 'triage:9', 'triage:9', null, Priority.routine, 'limited', false, false, false, 'triage:9'],
    ['refresh_triage', null, 'triage:9', null, Priority.routine, 'limited', false, true, false, null],
    ['post_digest', 'digest:6', 'digest:6', null, Priority.routine, 'limited', false, false, false, 'digest:6'],
    ['refresh_digest', null, 'digest:6', null, Priority.routine, 'limited', false, true, false, null],
    ['escalation_deadline', 'deadline:7:2', null, null, Priority.urgent, 'limited', false, false, true, null],
    ['update_cadence', `cadence:7:${NOW}`, null, null, Priority.crisis, 'limited', false, false, true, null],
    ['item_due', 'due:4', null, null, Priority.crisis, 'limited', false, false, true, null],
  ] as const)('%s: key %s, lane %s, after %s, priority %s, %s, deferrable %s, coalesced %s, deadline %s, tag %s', (kind, ...expected) => {
    const spec = JOB_KINDS.find((k) => k.kind === kind)!;
    expect(row(spec)).toEqual(expected);
  });
});

describe('the registry', () => {
  it('holds every kind once; deadlines are the fifteen that wait for a time', () => {
    const kinds = JOB_KINDS.map((k) => k.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(kinds).toHaveLength(81);
    expect([...DEADLINE_KINDS].sort()).toEqual([
      'action_due',
      'approval_due',
      'check_call',
      'check_statement_send',
      'drill_step',
      'escalation_deadline',
      'freeze_due',
      'item_due',
      'look_again',
      'phone_due',
      'plan_review_due',
      'queue_due',
      'response_due',
      'triage_due',
      'update_cadence',
    ]);
  });
});
