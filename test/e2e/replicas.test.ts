// Several bot processes on one PostgreSQL (this file runs in the postgres project only; see
// vitest.config.ts): one set of effects whoever receives a request, and the work of an instance
// killed with `kill -9` taken over by the other.
import { readdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fastPlan } from '../fixtures/fast-plan.js';
import { freePort, spawnBot, waitForHealth, type BotProcess } from '../support/bot-process.js';
import { BOT_TOKEN, SIGNING_SECRET, USERS, dmsOf } from '../support/harness.js';
import { buttonBody, commandBody, signedHeaders, type SlackUser } from '../support/slack-requests.js';
import { SlackStandin } from '../support/slack-standin.js';
import { dropDatabase, freshPostgresDatabase } from '../support/test-database.js';
import { ActionId } from '../../src/slack/ids.js';

const LEASE_SECONDS = 30;

let standin: SlackStandin;
let dir: string;
let url: string;
let db: pg.Client;
const running: BotProcess[] = [];

beforeEach(async () => {
  standin = await SlackStandin.start();
  for (const u of Object.values(USERS)) standin.addUser({ ...u, ...(u === USERS.kasia ? { email: 'kasia@example.com' } : {}) });
  dir = mkdtempSync(join(tmpdir(), 'crisis-replicas-'));
  url = await freshPostgresDatabase();
  db = new pg.Client({ connectionString: url });
  await db.connect();
});
afterEach(async ({ task }) => {
  // What the instances logged (warnings and errors) says why, when a test here fails.
  if (task.result?.state === 'fail') for (const [i, p] of running.entries()) console.error(`instance ${i}:\n${p.output()}`);
  for (const p of running.splice(0)) {
    p.child.kill('SIGKILL');
    await p.exited;
  }
  await db.end();
  await dropDatabase(url);
  await standin.close();
  rmSync(dir, { recursive: true, force: true });
});

async function instance(plan: string, port?: number): Promise<{ port: number; bot: BotProcess }> {
  writeFileSync(join(dir, 'plan.yml'), plan);
  const at = port ?? (await freePort());
  const bot = spawnBot({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standin.apiUrl,
    PORT: String(at),
    DATABASE_URL: url,
    CRISIS_PLAN: join(dir, 'plan.yml'),
    LOG_LEVEL: 'warn',
  });
  running.push(bot);
  return { port: at, bot };
}

async function send(port: number, body: string): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signedHeaders(SIGNING_SECRET, body), body });
  expect(res.status).toBe(200);
}

const command = (port: number, text: string, o: { user?: SlackUser; channel?: string; triggerId?: string } = {}) =>
  send(port, commandBody(text, { responseUrl: standin.responseUrl(), user: o.user ?? USERS.opener, ...o }));
const click = (port: number, actionId: string, value: string, user: SlackUser) =>
  send(port, buttonBody(actionId, value, { user, responseUrl: standin.responseUrl() }));

async function rows<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(text, params)).rows as T[];
}

describe('two instances on one PostgreSQL', () => {
  it('an instance killed while a stage timeout is pending: the other pages the next stage, nobody twice', async () => {
    const plan = fastPlan({ firstAckTimeout: '4s', ackTimeout: '1h' });
    const a = await instance(plan);
    const b = await instance(plan);
    await Promise.all([waitForHealth(a.port, 30_000), waitForHealth(b.port, 30_000)]);
    await command(a.port, 'open Killed before its deadline');
    await standin.waitFor(() => standin.dm('U0ANNA')[0] && standin.dm('U0KASIA')[0], 30_000);
    const [deadline] = await rows<{ run_at: number; state: string }>(`select run_at, state from outbox where key = 'deadline:1:1'`);
    expect(deadline?.state).toBe('pending');
    a.bot.child.kill('SIGKILL');
    await a.bot.exited;

    const paged = await standin.waitFor(() => dmsOf(standin, 'U0OMAR', 'page')[0], (LEASE_SECONDS + 10) * 1000);
    const late = Math.round(Number(paged.ts) * 1000) - Number(deadline!.run_at);
    expect(late).toBeLessThanOrEqual((LEASE_SECONDS + 1) * 1000);
    await standin.waitFor(async () => (await rows(`select 1 from outbox where key = 'deadline:1:1' and state = 'done'`)).length === 1);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a second page would have landed by now
    for (const user of ['U0ANNA', 'U0KASIA', 'U0OMAR']) expect(dmsOf(standin, user, 'page'), user).toHaveLength(1);
    expect(dmsOf(standin, 'U0PER', 'page')).toHaveLength(0);
    console.info(`stage 2 paged ${late} ms after the deadline, the instance holding it killed`);
  }, 90_000);

  it('crises opened and clicked through both instances, rate limits on: one channel, one page per person, one checklist each', async () => {
    standin.limitRates();
    const plan = fastPlan({ ackTimeout: '1h' });
    const a = await instance(plan);
    const b = await instance(plan);
    await Promise.all([waitForHealth(a.port, 30_000), waitForHealth(b.port, 30_000)]);
    const ports = [a.port, b.port];
    const titles = ['Replica one', 'Replica two', 'Replica three', 'Replica four'];
    // Each opening is sent to both instances, as a retry of Slack's may land on either.
    await Promise.all(
      titles.flatMap((title, i) => {
        const triggerId = `trigger-replicas-${i}`;
        return [command(ports[i % 2]!, `open ${title}`, { triggerId }), command(ports[(i + 1) % 2]!, `open ${title}`, { triggerId })];
      }),
    );
    const crises = await standin.waitFor(async () => {
      const found = await rows<{ id: number; channel_id: string | null }>(`select id, channel_id from crises order by id`);
      return found.length === titles.length && found.every((c) => c.channel_id) && found;
    }, 30_000);
    const pages = await standin.waitFor(async () => {
      const found = await rows<{ id: number; user_id: string; dm_ts: string | null }>(`select id, user_id, dm_ts from pages order by id`);
      return found.length === titles.length * 2 && found.every((p) => p.dm_ts) && found;
    }, 30_000);
    // Every page acknowledged twice, once through each instance, at the same moment.
    await Promise.all(
      pages.flatMap((p) => {
        const user = Object.values(USERS).find((u) => u.id === p.user_id)!;
        return ports.map((port) => click(port, ActionId.pageAck, String(p.id), user));
      }),
    );
    // The items a click ticks (the first-response item's Done asks for a link in a form instead).
    const items = await rows<{ id: number }>(`select id from checklist_items where done_when is null order by id`);
    await Promise.all(
      items.flatMap((item, i) =>
        ports.map((port) => click(port, ActionId.checklistDone, String(item.id), i % 2 ? USERS.anna : USERS.omar)),
      ),
    );
    await standin.waitFor(
      async () =>
        (await rows(`select 1 from outbox where state in ('pending', 'running') and kind not in ('escalation_deadline', 'item_due')`))
          .length === 0,
      60_000,
    );

    const channels = [...standin.channels.values()].filter((c) => c.name.startsWith('crisis-'));
    expect(channels).toHaveLength(titles.length);
    for (const crisis of crises) {
      const posted = standin.messages(crisis.channel_id!);
      expect(
        posted.filter(
          (m) =>
            JSON.stringify(m.blocks ?? []).includes(ActionId.checklistDone) ||
            JSON.stringify(m.blocks ?? []).includes(ActionId.checklistUndo),
        ),
      ).toHaveLength(1);
    }
    for (const user of ['U0ANNA', 'U0KASIA']) expect(dmsOf(standin, user, 'page'), user).toHaveLength(titles.length);
    const acks = await rows<{ n: number }>(`select cast(count(*) as integer) as n from events where kind = 'acknowledged'`);
    expect(acks[0]!.n).toBe(pages.length);
    const ticks = await rows<{ n: number }>(`select cast(count(*) as integer) as n from events where kind = 'item_done'`);
    expect(ticks[0]!.n).toBe(items.length);
    expect(await rows(`select 1 from checklist_items where done_at is null and done_when is null`)).toHaveLength(0);
  }, 120_000);

  it('two instances starting against an empty database at the same moment migrate it once', async () => {
    const plan = fastPlan();
    const [a, b] = [await instance(plan), await instance(plan)];
    await Promise.all([waitForHealth(a.port, 30_000), waitForHealth(b.port, 30_000)]);
    const files = readdirSync(fileURLToPath(new URL('../../drizzle/pg', import.meta.url))).filter((f) => f.endsWith('.sql'));
    const applied = await rows<{ hash: string }>(`select hash from drizzle.__drizzle_migrations`);
    expect(applied).toHaveLength(files.length);
    expect(new Set(applied.map((m) => m.hash)).size).toBe(files.length);
    const tables = await rows<{ n: number }>(`select cast(count(*) as integer) as n from pg_tables where schemaname = 'public'`);
    expect(tables[0]!.n).toBeGreaterThan(20);
  }, 60_000);
});
