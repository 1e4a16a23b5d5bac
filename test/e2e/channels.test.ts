import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_TOKEN, SIGNING_SECRET, USERS, startHarness, type Harness } from '../support/harness.js';
import { freePort, spawnBot, type BotProcess } from '../support/bot-process.js';
import { SlackStandin } from '../support/slack-standin.js';

// The channels the plan names must take the bot's posts: checked at start (public ones joined,
// a private one the bot is not in stops start-up naming it), and watched while running (removed
// from one, the bot keeps every post for it, says so on /healthz and posts once let back in).

const TOKEN = 'alert-token-channels-9d2c';
const PLAN = readFileSync(new URL('../fixtures/plan-alerts.yml', import.meta.url), 'utf8');

let h: Harness | undefined;
const running: BotProcess[] = [];
const dirs: string[] = [];
let standin: SlackStandin | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
  for (const p of running.splice(0)) p.child.kill('SIGKILL');
  await standin?.close();
  standin = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function send(body: unknown) {
  const res = await fetch(`${h!.url}/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { action: string; alert_id: number } };
}

async function health() {
  const res = await fetch(`${h!.url}/healthz`);
  return {
    status: res.status,
    body: (await res.json()) as { ok: boolean; reasons?: string[]; channels?: { field: string; channel: string; error: string }[] },
  };
}

/** A bot process on its own stand-in, plan and database: for start-up that must stop. */
async function spawnWith(plan: string, prepare: (s: SlackStandin) => void): Promise<BotProcess> {
  standin = await SlackStandin.start();
  for (const u of Object.values(USERS)) standin.addUser({ ...u, ...(u === USERS.kasia ? { email: 'kasia@example.com' } : {}) });
  prepare(standin);
  const dir = mkdtempSync(join(tmpdir(), 'crisis-channels-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'plan.yml'), plan);
  const bot = spawnBot({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standin.apiUrl,
    PORT: String(await freePort()),
    DATABASE_PATH: join(dir, 'crisis.db'),
    CRISIS_PLAN: join(dir, 'plan.yml'),
    ALERT_TOKEN: TOKEN,
    LOG_LEVEL: 'warn',
  });
  running.push(bot);
  return bot;
}

describe('channels the plan names, at start', () => {
  it('a public one the bot is not in is joined before anything is posted', async () => {
    h = await startHarness({ plan: PLAN, env: { ALERT_TOKEN: TOKEN } });
    // The harness's debrief channel is public and the bot was never invited.
    expect(h.standin.channels.get('C0DEBRIEF')!.members.has('UBOT')).toBe(true);
    expect(h.standin.received.filter((c) => c.method === 'conversations.join').map((c) => c.args.channel)).toEqual(['C0DEBRIEF']);
    expect(h.logs.join('')).toMatch(/"field":"debrief_channel".*joined a channel the plan names/);
    expect((await health()).status).toBe(200);
  });

  it('a private one the bot is not in stops start-up with one line saying whom to invite', async () => {
    const bot = await spawnWith(PLAN, (s) => {
      s.addChannel({ id: 'C0DEBRIEF', name: 'crisis-debriefs' });
      s.addChannel({ id: 'C0ALERTS', name: 'listening', isPrivate: true, members: ['U0ANNA'] });
    });
    expect(await bot.exited).toBe(1);
    expect(bot.output().trim()).toMatch(
      /^crisis-bot: .*plan\.yml: alerts\.channel C0ALERTS: the bot cannot see this channel; if it is private, invite @crisis-bot to it \(\/invite @crisis-bot in the channel\), otherwise check the id$/,
    );
    expect(standin!.received.some((c) => c.method === 'chat.postMessage')).toBe(false);
  }, 30_000);

  it('a private one the bot is in is fine, and is not joined', async () => {
    standin = await SlackStandin.start();
    standin.addChannel({ id: 'C0ALERTS', name: 'listening', isPrivate: true, members: ['UBOT'] });
    h = await startHarness({ plan: PLAN, env: { ALERT_TOKEN: TOKEN }, standin });
    expect(h.standin.received.filter((c) => c.method === 'conversations.join').map((c) => c.args.channel)).toEqual(['C0DEBRIEF']);
    expect((await health()).status).toBe(200);
  });
});

describe('a channel the bot is removed from later', () => {
  it('keeps every alert, answers 503 on /healthz naming it, logs an error, and posts once the bot is back in', async () => {
    h = await startHarness({ plan: PLAN, env: { ALERT_TOKEN: TOKEN } });
    h.standin.channels.get('C0ALERTS')!.members.delete('UBOT');

    const first = await send({ title: 'Mention spike', severity: 'sev3', source: 'listening' });
    expect(first.status).toBe(202);
    let answer = await health();
    for (let i = 0; i < 100 && answer.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      answer = await health();
    }
    expect(answer.status).toBe(503);
    expect(answer.body.ok).toBe(false);
    expect(answer.body.reasons).toEqual(['the bot cannot post to alerts.channel C0ALERTS (#brand-alerts): not_in_channel']);
    expect(answer.body.channels).toMatchObject([{ field: 'alerts.channel', channel: 'C0ALERTS', error: 'not_in_channel' }]);
    const errorLine = h.logs.find((l) => l.includes('cannot post to a channel the plan names'));
    expect(JSON.parse(errorLine!)).toMatchObject({ level: 50, field: 'alerts.channel', channel: 'C0ALERTS' });

    // More alerts while the bot is out: recorded, answered, not tried against Slack again.
    const second = await send({ title: 'Second spike', severity: 'sev3', source: 'listening' });
    expect(second.status).toBe(202);
    const refusedBefore = h.standin.received.filter((c) => c.args.channel === 'C0ALERTS').length;
    await new Promise((r) => setTimeout(r, 300));
    await h.bot.worker.idle();
    const waiting = (await h.bot.store.outbox.all()).filter((j) => j.kind === 'post_triage');
    expect(waiting.map((j) => [j.state, j.attempts])).toEqual([
      ['pending', 0],
      ['pending', 0],
    ]);
    expect(h.standin.received.filter((c) => c.args.channel === 'C0ALERTS').length).toBe(refusedBefore);
    expect(h.standin.messages('C0ALERTS')).toHaveLength(0);

    // Someone invites the bot back: the next look finds it, and both alerts are posted, once.
    h.standin.channels.get('C0ALERTS')!.members.add('UBOT');
    await h.standin.waitFor(() => h!.standin.messages('C0ALERTS').length === 2, 25_000);
    // Each alert's post is its own lane: the two waiting posts go out together, in either order.
    const posted = h.standin.messages('C0ALERTS').map((m) => m.text ?? '');
    expect(posted.filter((t) => t.includes('Mention spike'))).toHaveLength(1);
    expect(posted.filter((t) => t.includes('Second spike'))).toHaveLength(1);
    expect((await health()).status).toBe(200);
    expect(h.logs.some((l) => l.includes('the bot is back in a channel the plan names'))).toBe(true);
  }, 40_000);
});
