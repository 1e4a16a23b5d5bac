import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOOTSUITE_PROFILE, hootsuitePlan, publishingPlan } from '../fixtures/hootsuite-plan.js';
import { planWith } from '../fixtures/plans.js';
import { HootsuiteStandin } from '../support/hootsuite-standin.js';
import { BOT_TOKEN, FIXTURE_PLAN, SIGNING_SECRET, USERS, dmsOf } from '../support/harness.js';
import type { SlackUser } from '../support/slack-requests.js';
import { freePort, spawnBot, waitForHealth, type BotProcess } from '../support/bot-process.js';
import { SlackStandin } from '../support/slack-standin.js';
import Database from 'better-sqlite3';
import { DEADLINE_KINDS } from '../../src/jobs/index.js';
import { ActionId, CallbackId } from '../../src/slack/ids.js';
import { buttonsOf } from '../support/blocks.js';
import { buttonBody, commandBody, signedHeaders, viewSubmissionBody } from '../support/slack-requests.js';
import { fastPlan } from '../fixtures/fast-plan.js';
import { examplePlanText } from '../unit/support.js';

let standin: SlackStandin;
let dir: string;
const running: BotProcess[] = [];

beforeEach(async () => {
  standin = await SlackStandin.start();
  for (const u of Object.values(USERS)) standin.addUser({ ...u, ...(u === USERS.kasia ? { email: 'kasia@example.com' } : {}) });
  standin.addChannel({ id: 'C0DEBRIEF', name: 'crisis-debriefs' });
  dir = mkdtempSync(join(tmpdir(), 'crisis-crash-'));
  copyFileSync(FIXTURE_PLAN, join(dir, 'plan.yml'));
});
afterEach(async () => {
  for (const p of running.splice(0)) p.child.kill('SIGKILL');
  await standin.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The environment of a bot on this test's stand-in, database and plan. */
const botEnv = (port: number): Record<string, string> => ({
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: standin.apiUrl,
  PORT: String(port),
  DATABASE_PATH: join(dir, 'crisis.db'),
  CRISIS_PLAN: join(dir, 'plan.yml'),
  LOG_LEVEL: 'warn',
});

async function start(port: number, extra: Record<string, string> = {}): Promise<BotProcess> {
  const bot = spawnBot({ ...botEnv(port), ...extra });
  running.push(bot);
  await waitForHealth(port);
  return bot;
}

/** Sends a signed `/crisis` command to the bot on `port`, as Slack would; it must be acked. */
async function commandBy(port: number, text: string, o: { user?: SlackUser; channel?: string } = {}): Promise<void> {
  const body = commandBody(text, {
    responseUrl: standin.responseUrl(),
    user: o.user ?? USERS.opener,
    ...(o.channel ? { channel: o.channel } : {}),
  });
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signedHeaders(SIGNING_SECRET, body), body });
  expect(res.status).toBe(200);
}

/** Reads the bot's database file from outside, as an operator would; the bot may be running. */
function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(dir, 'crisis.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
const jobState = (key: string) => query<{ state: string }>('select state from outbox where key = ?', key)[0]?.state;
/** Deliveries still owed or under way: none means whatever was going to be sent twice has been. */
const owed = () =>
  query<{ n: number }>(
    `select count(*) as n from outbox where state in ('pending', 'running') and kind not in (${DEADLINE_KINDS.map(() => '?').join(', ')})`,
    ...DEADLINE_KINDS,
  )[0]!.n;

describe('kill -9 during escalation', () => {
  it('a deadline that passed while the bot was down fires at the restart, once', async () => {
    // Stage 1 waits ten minutes: a restarted bot that started the wait again would page nobody
    // within this test, and one that keeps the stored deadline pages stage 2 at once.
    writeFileSync(join(dir, 'plan.yml'), fastPlan({ firstAckTimeout: '10m', ackTimeout: '3s' }));
    const port = await freePort();
    const first = await start(port);
    await commandBy(port, 'open Down during the deadline');
    await standin.waitFor(() => standin.dm('U0ANNA')[0] && standin.dm('U0KASIA')[0], 15_000);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(jobState('deadline:1:1')).toBe('pending');
    // The ten minutes pass while nothing runs: the stored deadline is what a restart reads.
    const db = new Database(join(dir, 'crisis.db'));
    db.prepare(`update outbox set run_at = ? where key = 'deadline:1:1'`).run(Date.now() - 1);
    db.close();

    await start(port);
    await standin.waitFor(() => standin.dm('U0OMAR')[0], 15_000);
    await standin.waitFor(() => standin.dm('U0PER')[0], 15_000);
    // Pages go out first: the channel (which an interrupted opening may still owe) comes after.
    const channel = () => [...standin.channels.values()].find((c) => c.name.includes('down-during-the-deadline'));
    const notices = () => standin.messages(channel()?.id ?? '').map((m) => m.text ?? '');
    await standin.waitFor(() => notices().some((t) => t.includes('it is the last stage')), 15_000);
    await standin.waitFor(() => jobState('deadline:1:3') === 'done' && owed() === 0, 15_000);
    for (const user of ['U0ANNA', 'U0KASIA', 'U0OMAR', 'U0PER']) {
      expect(dmsOf(standin, user, 'page'), user).toHaveLength(1);
      expect(dmsOf(standin, user, 'chase'), user).toHaveLength(1); // every stage timed out: one reminder each, once
    }
    const texts = notices();
    expect(texts.filter((t) => t.includes('Paging stage 2'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Paging stage 3'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('it is the last stage'))).toHaveLength(1);
  }, 60_000);

  it('a kill while the escalation page is in flight pages each member once per stage', async () => {
    writeFileSync(join(dir, 'plan.yml'), fastPlan({ firstAckTimeout: '10m', ackTimeout: '2s' }));
    const port = await freePort();
    const first = await start(port);
    await commandBy(port, 'open Killed mid escalation');
    await standin.waitFor(() => standin.dm('U0ANNA')[0] && standin.dm('U0KASIA')[0], 15_000);
    // /crisis escalate works in the crisis channel once the bot has recorded it (pages go out
    // before the channel is created, so their arrival says nothing about the channel).
    const channelId = await standin.waitFor(
      () => query<{ id: string | null }>('select channel_id as id from crises')[0]?.id ?? undefined,
      15_000,
    );
    standin.latencyMs = 5_000; // the stage 2 page waits in Slack while the bot dies
    await commandBy(port, 'escalate', { user: USERS.omar, channel: channelId });
    await standin.waitFor(() => standin.received.some((c) => c.method === 'chat.postMessage' && c.args.channel === 'U0OMAR'), 15_000);
    first.child.kill('SIGKILL');
    await first.exited;
    await standin.waitFor(() => standin.dm('U0OMAR')[0], 15_000); // the page the dead bot sent lands
    standin.latencyMs = 0;
    await start(port);
    await standin.waitFor(() => standin.dm('U0PER')[0], 15_000);
    await standin.waitFor(() => jobState('deadline:1:3') === 'done' && owed() === 0, 15_000);
    for (const user of ['U0ANNA', 'U0KASIA', 'U0OMAR', 'U0PER']) {
      expect(dmsOf(standin, user, 'page'), user).toHaveLength(1);
      expect(dmsOf(standin, user, 'chase'), user).toHaveLength(1); // every stage timed out: one reminder each, once
    }
  }, 60_000);
});

describe('kill -9 while a statement is posted', () => {
  it('the draft is posted once and its approver asked once, across the restart', async () => {
    writeFileSync(join(dir, 'plan.yml'), examplePlanText());
    standin.addChannel({ id: 'C0ALERTS', name: 'brand-alerts', members: ['UBOT'] }); // the example plan's alerts channel
    const port = await freePort();
    const first = await start(port);
    await commandBy(port, 'open Statement interrupted', { user: USERS.anna });
    const channelId = await standin.waitFor(
      () => query<{ id: string | null }>('select channel_id as id from crises')[0]?.id ?? undefined,
      15_000,
    );
    await standin.waitFor(() => owed() === 0, 15_000);
    standin.methodLatencyMs.set('chat.postMessage', 5_000); // the draft waits in Slack while the bot dies
    await commandBy(port, 'statement We are looking into it.', { user: USERS.anna, channel: channelId });
    await standin.waitFor(
      () =>
        standin.received.some(
          (c) => c.method === 'chat.postMessage' && c.args.channel === channelId && String(c.args.text).startsWith('Statement v1'),
        ),
      15_000,
    );
    first.child.kill('SIGKILL');
    await first.exited;
    await standin.waitFor(() => standin.messages(channelId).some((m) => m.text?.startsWith('Statement v1')), 15_000); // the dead bot's post lands
    standin.methodLatencyMs.clear();
    await start(port);
    await standin.waitFor(() => owed() === 0, 15_000);
    expect(standin.messages(channelId).filter((m) => m.text?.startsWith('Statement v1'))).toHaveLength(1);
    expect(standin.dm('U0OMAR').filter((m) => m.text?.startsWith('A statement waits for your approval'))).toHaveLength(1);
    expect(query<{ ts: string | null }>('select ts from statements')[0]?.ts).toBe(
      standin.messages(channelId).find((m) => m.text?.startsWith('Statement v1'))!.ts,
    );
  }, 60_000);
});

describe('kill -9 during a freeze through Hootsuite', () => {
  const HOUR = 3_600_000;
  let hs: HootsuiteStandin;
  let hootsuite: Record<string, string>;
  beforeEach(async () => {
    writeFileSync(join(dir, 'plan.yml'), hootsuitePlan());
    standin.addChannel({ id: 'C0ALERTS', name: 'brand-alerts', members: ['UBOT'] }); // the example plan's alerts channel
    hs = await HootsuiteStandin.start();
    hootsuite = { HOOTSUITE_ACCESS_TOKEN: hs.token, HOOTSUITE_API_URL: hs.apiUrl };
  });
  afterEach(() => hs.close());
  const held = () => query<{ id: string; state: string }>('select external_id as id, state from held_posts order by id');

  it('a kill between saving the posts and unscheduling them loses none, and unschedules only saved ones', async () => {
    const posts = [1, 2, 3].map((i) => hs.schedule(HOOTSUITE_PROFILE, `Scheduled post ${i}`, Date.now() + i * HOUR));
    // The first DELETE reaches Hootsuite, which unschedules the post, but its answer never comes back.
    hs.inject('DELETE /v1/messages', { status: 'hang', apply: true });
    const port = await freePort();
    const first = await start(port, hootsuite);
    await commandBy(port, 'open sev1 Giveaway backfires', { user: USERS.anna }); // a sev1 holds back at once
    await standin.waitFor(() => hs.calls.some((c) => c.method === 'DELETE'), 15_000);
    expect(held()).toEqual(posts.map((p) => ({ id: p.id, state: 'saved' })));
    first.child.kill('SIGKILL');
    await first.exited;
    expect(hs.scheduledOn(HOOTSUITE_PROFILE).map((m) => m.id)).toEqual([posts[1]!.id, posts[2]!.id]);

    await start(port, hootsuite);
    await standin.waitFor(() => (held().every((p) => p.state === 'held') && owed() === 0 ? true : undefined), 15_000);
    expect(hs.scheduledOn(HOOTSUITE_PROFILE)).toEqual([]);
    // Only saved posts were ever deleted; the one whose answer was lost was asked again (404: done).
    expect(hs.calls.filter((c) => c.method === 'DELETE').map((c) => c.path.split('/').pop())).toEqual([
      posts[0]!.id,
      posts[0]!.id,
      posts[1]!.id,
      posts[2]!.id,
    ]);
    const channelId = query<{ id: string }>('select channel_id as id from crises')[0]!.id;
    expect(standin.messages(channelId).filter((m) => m.text?.startsWith('Held back in Hootsuite'))).toHaveLength(1);
  }, 60_000);

  it('a kill while a post is being scheduled again schedules it once: the restart finds it before posting again', async () => {
    const posts = [1, 2].map((i) => hs.schedule(HOOTSUITE_PROFILE, `Scheduled post ${i}`, Date.now() + i * HOUR));
    const port = await freePort();
    const first = await start(port, hootsuite);
    await commandBy(port, 'open sev1 Giveaway backfires', { user: USERS.anna });
    await standin.waitFor(() => (held().length === 2 && held().every((p) => p.state === 'held') ? true : undefined), 15_000);
    const channelId = query<{ id: string }>('select channel_id as id from crises')[0]!.id;
    await commandBy(port, 'close Resolved', { user: USERS.omar, channel: channelId });
    const freezeId = query<{ id: number }>("select id from account_freezes where account = 'Instagram'")[0]!.id;
    // Resume posts, then its form; the first POST is done by Hootsuite but its answer is lost.
    hs.inject('POST /v1/messages', { status: 'hang', apply: true });
    const click = buttonBody(ActionId.freezeResume, String(freezeId), { user: USERS.anna, responseUrl: standin.responseUrl() });
    await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signedHeaders(SIGNING_SECRET, click), body: click });
    const form = await standin.waitFor(() => standin.views.find((v) => v.view.callback_id === CallbackId.resumePosts), 15_000);
    const submit = viewSubmissionBody(CallbackId.resumePosts, {}, { user: USERS.anna, privateMetadata: form.view.private_metadata });
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(SIGNING_SECRET, submit),
      body: submit,
    });
    expect(res.status).toBe(200);
    await standin.waitFor(() => hs.calls.some((c) => c.method === 'POST'), 15_000);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(hs.scheduledOn(HOOTSUITE_PROFILE).map((m) => m.text)).toEqual(['Scheduled post 1']);

    await start(port, hootsuite);
    await standin.waitFor(() => (held().every((p) => p.state === 'restored') && owed() === 0 ? true : undefined), 15_000);
    // Each post once, at its own time: the restart adopted the one the dead bot had scheduled.
    expect(hs.scheduledOn(HOOTSUITE_PROFILE).map((m) => [m.text, m.scheduledSendTime])).toEqual(
      posts.map((p) => [p.text, p.scheduledSendTime]),
    );
    expect(hs.calls.filter((c) => c.method === 'POST')).toHaveLength(2);
    expect(standin.dm('U0ANNA').filter((m) => m.text === 'Posts on Instagram @example: 2 of 2 scheduled again')).toHaveLength(1);
  }, 60_000);
});

describe('kill -9 while publishing a statement through Hootsuite', () => {
  it('a kill between sending and recording publishes once: the restart finds the message the dead bot sent', async () => {
    writeFileSync(join(dir, 'plan.yml'), publishingPlan());
    standin.addChannel({ id: 'C0ALERTS', name: 'brand-alerts', members: ['UBOT'] });
    const hs = await HootsuiteStandin.start();
    try {
      const hootsuite = { HOOTSUITE_ACCESS_TOKEN: hs.token, HOOTSUITE_API_URL: hs.apiUrl };
      const text = 'We are aware of the video and are looking into it now.';
      const port = await freePort();
      const first = await start(port, hootsuite);
      await commandBy(port, 'open sev2 Kettle video', { user: USERS.anna });
      await standin.waitFor(() => query<{ id: string }>('select channel_id as id from crises')[0]?.id ?? undefined, 15_000);
      const channelId = query<{ id: string }>('select channel_id as id from crises')[0]!.id;
      await commandBy(port, `statement ${text}`, { user: USERS.anna, channel: channelId });
      const versionId = await standin.waitFor(() => query<{ id: number }>('select id from statement_versions')[0]?.id, 15_000);
      const post = async (body: string) =>
        fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signedHeaders(SIGNING_SECRET, body), body });
      await post(buttonBody(ActionId.statementApprove, String(versionId), { user: USERS.omar, responseUrl: standin.responseUrl() }));
      await standin.waitFor(
        () => (query<{ at: number | null }>('select approved_at as at from statement_versions')[0]?.at ? true : undefined),
        15_000,
      );
      // Publish; Hootsuite sends it, and its answer never comes back.
      hs.inject('POST /v1/messages', { status: 'hang', apply: true });
      await post(buttonBody(ActionId.statementSend, String(versionId), { user: USERS.omar, responseUrl: standin.responseUrl() }));
      const form = await standin.waitFor(() => standin.views.find((v) => v.view.callback_id === CallbackId.statementSend), 15_000);
      const confirmed = await post(
        viewSubmissionBody(CallbackId.statementSend, {}, { user: USERS.omar, privateMetadata: form.view.private_metadata }),
      );
      expect(confirmed.status).toBe(200);
      await standin.waitFor(() => hs.calls.some((c) => c.operationId === 'scheduleMessage'), 15_000);
      first.child.kill('SIGKILL');
      await first.exited;
      expect([...hs.messages.values()].filter((m) => m.text === text).map((m) => m.state)).toEqual(['SENT']);

      await start(port, hootsuite);
      await standin.waitFor(() => (query('select id from publications').length === 1 && owed() === 0 ? true : undefined), 15_000);
      // Once: the restart adopted the message the dead bot had sent.
      expect(hs.calls.filter((c) => c.operationId === 'scheduleMessage')).toHaveLength(1);
      expect([...hs.messages.values()].filter((m) => m.text === text)).toHaveLength(1);
      expect(query<{ via: string; url: string }>('select via, url from publications')).toEqual([
        { via: 'hootsuite', url: [...hs.messages.values()].find((m) => m.text === text)!.postUrl },
      ]);
    } finally {
      await hs.close();
    }
  }, 60_000);
});

describe('kill -9 and the internal Q&A', () => {
  it('stays one message in the staff channel: across a kill while its first post is in flight, and between publishes', async () => {
    writeFileSync(join(dir, 'plan.yml'), planWith('staff_channel: C0STAFF'));
    standin.addChannel({ id: 'C0ALERTS', name: 'brand-alerts', members: ['UBOT'] });
    standin.addChannel({ id: 'C0STAFF', name: 'all-staff', members: ['UBOT'] });
    const port = await freePort();
    const first = await start(port);
    await commandBy(port, 'open Kettle recall', { user: USERS.anna });
    const channelId = await standin.waitFor(
      () => query<{ id: string | null }>('select channel_id as id from crises')[0]?.id ?? undefined,
      15_000,
    );
    await standin.waitFor(() => owed() === 0, 15_000);
    await commandBy(port, 'qa What happened? | We are recalling one batch of kettles.', { user: USERS.anna, channel: channelId });
    standin.methodLatencyMs.set('chat.postMessage', 5_000); // the post waits in Slack while the bot dies
    await commandBy(port, 'qa publish', { user: USERS.anna, channel: channelId });
    await standin.waitFor(() => standin.received.some((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0STAFF'), 15_000);
    first.child.kill('SIGKILL');
    await first.exited;
    await standin.waitFor(() => standin.messages('C0STAFF').length === 1, 15_000); // the dead bot's post lands
    standin.methodLatencyMs.clear();
    const second = await start(port);
    await standin.waitFor(() => owed() === 0, 15_000);
    expect(standin.messages('C0STAFF')).toHaveLength(1);

    // Between publishes: the restarted bot updates the message it knows.
    second.child.kill('SIGKILL');
    await second.exited;
    await start(port);
    await commandBy(port, 'qa Is it safe to use? | No: unplug it and contact us.', { user: USERS.kasia, channel: channelId });
    await commandBy(port, 'qa publish', { user: USERS.anna, channel: channelId });
    await standin.waitFor(
      () =>
        (standin.messages('C0STAFF')[0]?.blocks ?? []).some((b) =>
          String((b as { text?: { text?: string } }).text?.text).includes('Is it safe to use?'),
        ),
      15_000,
    );
    await standin.waitFor(() => owed() === 0, 15_000);
    expect(standin.messages('C0STAFF')).toHaveLength(1);
  }, 60_000);
});

describe('kill -9 and restart', () => {
  it('clicks answered just before a kill are committed, and the restarted bot renders them', async () => {
    const port = await freePort();
    const first = await start(port);
    await commandBy(port, 'open Ticks then a crash');
    const channel = await standin.waitFor(() => [...standin.channels.values()].find((c) => c.name.includes('ticks-then-a-crash')), 10_000);
    const checklist = await standin.waitFor(() => standin.messages(channel.id).find((m) => buttonsOf(m.blocks).length > 0), 10_000);
    // Every item a click ticks at once (the first-response item's Done asks for a link instead).
    const byHand = new Set(query<{ id: number }>('select id from checklist_items where done_when is null').map((r) => String(r.id)));
    const items = buttonsOf(checklist.blocks)
      .map((b) => b.value)
      .filter((value) => byHand.has(value));
    expect(items.length).toBeGreaterThan(1);
    // A slow Slack: whatever the first bot starts to render is still on its way when it dies.
    standin.latencyMs = 5_000;
    const answers = await Promise.all(
      items.map((value) => {
        const body = buttonBody(ActionId.checklistDone, value, { user: USERS.anna, responseUrl: standin.responseUrl() });
        return fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signedHeaders(SIGNING_SECRET, body), body });
      }),
    );
    first.child.kill('SIGKILL');
    expect(answers.map((a) => a.status)).toEqual(items.map(() => 200));
    await first.exited;

    const read = <T>(sql: string) => query<T>(sql)[0]!;
    expect(read<{ n: number }>('select count(*) as n from checklist_items where done_at is not null').n).toBe(items.length);
    // The render those ticks owe was committed with them and is not done: the restart owes it.
    const renderOwed = `select count(*) as n from outbox where kind = 'render_checklist' and state in ('pending', 'running')`;
    expect(read<{ n: number }>(renderOwed).n).toBe(1);

    standin.latencyMs = 0;
    await start(port);
    await standin.waitFor(() => read<{ n: number }>(renderOwed).n === 0, 10_000);
    await standin.waitFor(
      () =>
        buttonsOf(checklist.blocks)
          .filter((b) => items.includes(b.value))
          .every((b) => b.action_id === ActionId.checklistUndo),
      10_000,
    );
    expect(buttonsOf(checklist.blocks).filter((b) => b.action_id === ActionId.checklistUndo)).toHaveLength(items.length);
  }, 60_000);

  it('finishes an interrupted opening with nothing lost or doubled', async () => {
    const port = await freePort();
    const first = await start(port);
    // Slow Slack, so the kill lands while the channel and the pages are in flight.
    standin.latencyMs = 5_000;
    await commandBy(port, 'open sev1 Crash in the middle');
    const arrived = (method: string, channel?: string) =>
      standin.received.some((c) => c.method === method && (channel === undefined || c.args.channel === channel));
    // The channel, and stages 1 and 2's three pages, are all waiting in Slack.
    await standin.waitFor(
      () => arrived('conversations.create') && ['U0ANNA', 'U0KASIA', 'U0OMAR'].every((u) => arrived('chat.postMessage', u)),
      15_000,
    );
    first.child.kill('SIGKILL');
    await first.exited;
    // The calls land in Slack after the bot died: the restarted bot must find them, not repeat them.
    await standin.waitFor(
      () =>
        [...standin.channels.values()].some((c) => c.name.includes('crash-in-the-middle')) &&
        ['U0ANNA', 'U0KASIA', 'U0OMAR'].every((u) => standin.dm(u)[0]),
      15_000,
    );

    standin.latencyMs = 0;
    await start(port);
    const channel = await standin.waitFor(() => [...standin.channels.values()].find((c) => c.name.includes('crash-in-the-middle')), 15_000);
    await standin.waitFor(() => standin.messages(channel.id).length >= 2 && channel.members.has('U0OMAR'), 15_000);
    await standin.waitFor(
      () => ['U0ANNA', 'U0KASIA', 'U0OMAR'].every((u) => JSON.stringify(standin.dm(u)[0]?.blocks ?? '').includes(`<#${channel.id}>`)),
      15_000,
    );
    await standin.waitFor(() => owed() === 0, 15_000);

    expect([...standin.channels.values()].filter((c) => c.name.includes('crash-in-the-middle'))).toHaveLength(1);
    expect(standin.messages(channel.id)).toHaveLength(2); // one summary, one checklist
    for (const user of ['U0ANNA', 'U0KASIA', 'U0OMAR']) expect(standin.dm(user)).toHaveLength(1);
  }, 60_000);

  /** Opens a crisis on a first bot, then closes it with `held` (a Web API method) in flight when the bot dies. */
  async function closeKilledDuring(title: string, held: string): Promise<{ port: number; channel: { id: string; name: string } }> {
    const port = await freePort();
    const first = await start(port);
    await commandBy(port, `open ${title}`);
    const slug = title.toLowerCase().replaceAll(' ', '-');
    const channel = await standin.waitFor(() => [...standin.channels.values()].find((c) => c.name.includes(slug)), 15_000);
    await standin.waitFor(() => owed() === 0, 15_000);
    standin.methodLatencyMs.set(held, 5_000);
    await commandBy(port, 'close', { user: USERS.omar, channel: channel.id });
    // Both uploads (crisis channel and archive) have the call in Slack.
    await standin.waitFor(() => standin.received.filter((c) => c.method === held).length === 2, 15_000);
    first.child.kill('SIGKILL');
    await first.exited;
    return { port, channel };
  }
  /** The debrief file, and its chart beside it, were shared exactly once in the crisis channel and once in the archive. */
  function expectSharedOnceEach(channel: { id: string; name: string }): void {
    for (const file of [`debrief-${channel.name}.md`, `chart-${channel.name}.png`]) {
      const shares = (channelId: string) => standin.messages(channelId).filter((m) => m.files?.some((f) => f.name === file));
      expect(shares(channel.id)).toHaveLength(1);
      expect(shares('C0DEBRIEF')).toHaveLength(1);
    }
    expect(standin.uploads.filter((u) => u.completed)).toHaveLength(4);
  }

  it('a kill while the debrief file is being shared shares it once in each channel, even when Slack shows the share late', async () => {
    standin.holdShares = true; // Slack answers the share before it shows in the channel
    const { port, channel } = await closeKilledDuring('Upload interrupted', 'files.completeUploadExternal');
    await standin.waitFor(() => standin.uploads.filter((u) => u.completed).length === 2, 15_000); // answered after the bot died
    standin.methodLatencyMs.clear();
    const historyCalls = () => standin.received.filter((c) => c.method === 'conversations.history').length;
    const before = historyCalls();
    await start(port);
    // The restarted bot looked in both channels and found nothing yet; then the shares show.
    await standin.waitFor(() => historyCalls() >= before + 2, 15_000);
    standin.releaseShares();
    await standin.waitFor(() => owed() === 0, 15_000);
    expectSharedOnceEach(channel);
  }, 60_000);

  it('a kill before the debrief file was shared shares it after the restart, once in each channel', async () => {
    const { port, channel } = await closeKilledDuring('Upload not started', 'files.getUploadURLExternal');
    standin.methodLatencyMs.clear();
    await start(port);
    await standin.waitFor(() => owed() === 0, 15_000);
    expectSharedOnceEach(channel);
  }, 60_000);

  it('a kill while a later debrief version is shared in the post’s thread adopts that share: one file per version, the one before deleted', async () => {
    const port = await freePort();
    const first = await start(port);
    await commandBy(port, 'open Version interrupted');
    const channel = await standin.waitFor(() => [...standin.channels.values()].find((c) => c.name.includes('version-interrupted')), 15_000);
    await standin.waitFor(() => owed() === 0, 15_000);
    await commandBy(port, 'close', { user: USERS.omar, channel: channel.id });
    await standin.waitFor(() => owed() === 0, 15_000);
    await commandBy(port, 'lesson Name a TikTok owner', { user: USERS.omar, channel: channel.id });
    await standin.waitFor(() => owed() === 0, 15_000);
    const shares = () => standin.received.filter((c) => c.method === 'files.completeUploadExternal').length;
    const before = shares();
    standin.methodLatencyMs.set('files.completeUploadExternal', 5_000);
    await commandBy(port, 'lesson Pause Instagram first', { user: USERS.omar, channel: channel.id });
    await standin.waitFor(() => shares() === before + 2, 15_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const v3 = () => standin.uploads.filter((u) => u.completed && u.filename.endsWith('-v3.md'));
    await standin.waitFor(() => v3().length === 2, 15_000); // answered after the bot died
    standin.methodLatencyMs.clear();
    await start(port);
    await standin.waitFor(() => owed() === 0, 15_000);

    expect(v3()).toHaveLength(2);
    for (const id of [channel.id, 'C0DEBRIEF']) {
      const post = standin.messages(id).find((m) => !m.threadTs && m.text === 'Debrief: Version interrupted')!;
      const files = standin.thread(id, post.ts).flatMap((m) => m.files ?? []);
      expect(files.map((f) => f.mode ?? f.name!.replace(/.*-/, ''))).toEqual(['tombstone', 'v3.md']);
    }
    expect(standin.uploads.filter((u) => u.deleted).map((u) => u.filename.replace(/.*-/, ''))).toEqual(['v2.md', 'v2.md']);
  }, 90_000);

  it('start-up with a bad plan exits non-zero with one line naming the file and field', async () => {
    writeFileSync(join(dir, 'plan.yml'), 'channel_prefix: crisis\nroster: []\nstages: []\nchecklists: { default: [] }\n');
    const bot = spawnBot(botEnv(await freePort()));
    running.push(bot);
    expect(await bot.exited).toBe(1);
    expect(bot.output().trim()).toBe(`crisis-bot: ${join(dir, 'plan.yml')}:2: roster must list at least one member`);
    expect(standin.calls).toHaveLength(0); // nothing talked to Slack
  }, 30_000);

  it('start-up with ALERT_TOKEN but no alerts channel in the plan exits naming both', async () => {
    const bot = spawnBot({ ...botEnv(await freePort()), ALERT_TOKEN: 'alert-secret-123456' });
    running.push(bot);
    expect(await bot.exited).toBe(1);
    expect(bot.output().trim()).toBe(
      `crisis-bot: ALERT_TOKEN is set but ${join(dir, 'plan.yml')} has no alerts.channel to triage alerts in`,
    );
    expect(bot.output()).not.toContain('alert-secret-123456');
    expect(standin.calls).toHaveLength(0);
  }, 30_000);

  it('start-up without a bot token exits non-zero naming the variable', async () => {
    const bot = spawnBot({ SLACK_SIGNING_SECRET: SIGNING_SECRET, CRISIS_PLAN: join(dir, 'plan.yml') });
    running.push(bot);
    expect(await bot.exited).toBe(1);
    expect(bot.output().trim()).toBe('crisis-bot: SLACK_BOT_TOKEN is required');
  }, 30_000);

  it('start-up stops after the lookup when Slack does not know a roster email', async () => {
    standin.users.delete('U0KASIA');
    const bot = spawnBot(botEnv(await freePort()));
    running.push(bot);
    expect(await bot.exited).toBe(1);
    expect(bot.output().trim()).toBe(
      `crisis-bot: ${join(dir, 'plan.yml')}: roster member "Kasia Nowak": Slack knows no user with email kasia@example.com`,
    );
    expect(bot.output()).not.toContain(BOT_TOKEN);
  }, 30_000);
});
