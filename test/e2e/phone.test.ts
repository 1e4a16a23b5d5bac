import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, onFreePort, spawnBot, waitForHealth, type BotProcess } from '../support/bot-process.js';
import { BOT_TOKEN, dmsOf, SIGNING_SECRET, startHarness, USERS, type Harness } from '../support/harness.js';
import { SlackStandin } from '../support/slack-standin.js';
import { commandBody, signedHeaders } from '../support/slack-requests.js';
import { databaseEnv, postgresUnderTest } from '../support/store-under-test.js';
import { SqliteDatabase, type Database } from '../../src/store/database.js';
import { openSqlite } from '../../src/store/db.js';
import { openPostgres } from '../../src/store/postgres.js';
import { Store } from '../../src/store/store.js';
import { dropDatabase } from '../support/test-database.js';
import { TwilioStandin } from '../support/twilio-standin.js';
import type { Language } from '../../src/i18n/languages.js';

let h: Harness | undefined;
let twilio: TwilioStandin | undefined;
afterEach(async () => {
  await h?.stop();
  await twilio?.stop();
  h = twilio = undefined;
});

const ANNA = '+46700000001';
const OMAR = '+46700000002';

/** Anna is paged by stage 1 and called `phoneAfter` later; Omar leads stage 2. */
function phonePlan(o: { language?: Language; phoneAfter?: string; ackTimeout?: string; calls?: number } = {}): string {
  return `
language: ${o.language ?? 'en'}
channel_prefix: crisis
roster:
  - name: Anna Berg
    slack_id: U0ANNA
    roles: [social-media-manager]
    phone: "+46 70 000 00 01"
  - name: Omar Nilsson
    slack_id: U0OMAR
    roles: [crisis-lead]
    phone: "${OMAR}"
stages:
  - name: Social team
    page: [social-media-manager]
    ack_timeout: ${o.ackTimeout ?? '60s'}
    phone_after: ${o.phoneAfter ?? '1s'}
  - name: Crisis group
    page: [crisis-lead]
    ack_timeout: 60s
severities:
  sev2: { description: Trending nationally }
phone:
  call_again_after: 1s
  calls: ${o.calls ?? 2}
checklists:
  default:
    - Pause all scheduled posts
`;
}

/** A bot with Twilio configured: PUBLIC_URL is its own loopback address, where the stand-in calls it back. */
async function start(plan: string, o: { ringMs?: number } = {}): Promise<Harness> {
  const standin = (twilio = await TwilioStandin.start({ ringMs: o.ringMs ?? 20, talkMs: 20 }));
  return onFreePort((port) => startHarness({ plan, env: { PORT: String(port), ...standin.botEnv(port) } }));
}

const snapOf = async (channelId: string) => {
  const crisis = (await h!.bot.service.crisisInChannel(channelId))!;
  return (await h!.bot.service.snapshot(crisis.id))!;
};
const annaPage = async (channelId: string) => (await snapOf(channelId)).pages.find((p) => p.userId === USERS.anna.id)!;
const callsTo = (number: string) => twilio!.calls.filter((c) => c.to === number);

describe('phone pages through Twilio', () => {
  it('an unanswered page ends in a call, and the key 1 acknowledges it as the button would', async () => {
    h = await start(phonePlan({ ackTimeout: '4s' }));
    twilio!.script(ANNA, 'press-1');
    const { channelId } = await h.openCrisis('Boycott call trending');
    await h.standin.waitFor(() => callsTo(ANNA)[0]?.done, 15_000);
    await twilio!.settle();
    const call = callsTo(ANNA)[0]!;
    // The call says what the crisis is, in the plan's language, and asks for the key 1.
    const voice = call.webhooks.find((w) => w.kind === 'voice')!;
    expect(voice.status).toBe(200);
    expect(voice.body).toContain('<Gather input="dtmf" numDigits="1"');
    expect(voice.body).toContain('language="en-GB"');
    expect(voice.body).toContain('You are paged for a crisis: Boycott call trending. Severity 2.');
    expect(voice.body).toContain('That means: Trending nationally.');
    expect(voice.body).toContain('Press 1 to acknowledge.');
    expect(call.webhooks.find((w) => w.kind === 'gather')!.body).toContain('your acknowledgement is recorded');
    // The call went out no sooner than phone_after.
    const page = await annaPage(channelId);
    expect(call.createdAt).toBeGreaterThanOrEqual(page.pagedAt + 1000);
    expect(page.ackedAt).not.toBeNull();

    await h.bot.worker.idle();
    const snap = await snapOf(channelId);
    const ack = snap.timeline.find((e) => e.event.kind === 'acknowledged')!.event;
    expect(ack).toMatchObject({ member: 'Anna Berg', stage: 1, via: 'phone' });
    expect(snap.phone).toMatchObject([{ kind: 'call', attempt: 1, cause: 'timer', sid: call.sid, outcome: 'acknowledged' }]);
    // The DM shows the acknowledgement, like a click on its button.
    await h.standin.waitFor(() => (dmsOf(h!.standin, USERS.anna.id, 'page')[0]!.text ?? '').includes('acknowledged'), 10_000);
    // It stopped the escalation: the stage's deadline passes and nobody else is paged.
    await new Promise((r) => setTimeout(r, 4500));
    await h.bot.worker.idle();
    expect(dmsOf(h.standin, USERS.omar.id, 'page')).toHaveLength(0);
    expect(callsTo(ANNA)).toHaveLength(1);
    expect(twilio!.texts).toHaveLength(0);
    // Status and summary say how it went.
    const status = await h.command('status', { channel: channelId });
    expect(status.body?.text).toMatch(/📞 Phone: called \d\d:\d\d, acknowledged by phone \d\d:\d\d/);
  }, 60_000);

  it('in Swedish: voicemail does not acknowledge; a text follows, the call is repeated, and a reply of 1 acknowledges', async () => {
    h = await start(phonePlan({ language: 'sv' }));
    twilio!.script(ANNA, 'voicemail', 'no-answer');
    const { channelId } = await h.openCrisis('Bojkottuppmaning sprids');
    await h.standin.waitFor(() => (callsTo(ANNA).length === 2 && callsTo(ANNA).every((c) => c.done) ? true : undefined), 20_000);
    await h.standin.waitFor(() => twilio!.texts[0]?.done, 10_000);
    await twilio!.settle();
    // The voicemail heard what it is about, in Swedish, and was asked for nothing.
    const voicemail = callsTo(ANNA)[0]!.webhooks.find((w) => w.kind === 'voice')!;
    expect(voicemail.body).toContain('language="sv-SE"');
    expect(voicemail.body).toContain('Du är larmad för en kris: Bojkottuppmaning sprids.');
    expect(voicemail.body).not.toContain('<Gather');
    expect((await annaPage(channelId)).ackedAt).toBeNull();
    // One text, after the first unanswered call, with the channel's link; then no third call.
    expect(twilio!.texts).toHaveLength(1);
    expect(twilio!.texts[0]!.to).toBe(ANNA);
    expect(twilio!.texts[0]!.body).toContain('KRIS: Bojkottuppmaning sprids (allvarlighetsgrad 2)');
    expect(twilio!.texts[0]!.body).toContain(`https://slack.com/app_redirect?channel=${channelId}`);
    await new Promise((r) => setTimeout(r, 1500));
    expect(callsTo(ANNA)).toHaveLength(2);

    // A reply other than 1 changes nothing; 1 acknowledges.
    const sms = `${h.env.twilio!.publicUrl}/twilio/sms`;
    expect((await twilio!.receiveText(sms, ANNA, 'ok')).body).toContain('Svara 1 för att kvittera ditt larm.');
    expect((await annaPage(channelId)).ackedAt).toBeNull();
    const reply = await twilio!.receiveText(sms, ANNA, ' 1 ');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<Message>Kvitterat: Bojkottuppmaning sprids.');
    expect((await annaPage(channelId)).ackedAt).not.toBeNull();
    await h.bot.worker.idle();
    const snap = await snapOf(channelId);
    expect(snap.timeline.find((e) => e.event.kind === 'acknowledged')!.event).toMatchObject({ via: 'text' });
    expect(snap.phone.map((a) => [a.kind, a.attempt, a.outcome])).toEqual([
      ['call', 1, 'voicemail'],
      ['text', 1, 'delivered'],
      ['call', 2, 'no_answer'],
    ]);
    const status = await h.command('status', { channel: channelId });
    expect(status.body?.text).toMatch(
      /📞 Telefon: ringd \d\d:\d\d, röstbrevlåda; sms \d\d:\d\d; ringd \d\d:\d\d, inget svar; kvitterade per sms \d\d:\d\d/,
    );
  }, 60_000);

  it('a forged or replayed request from "Twilio" changes nothing', async () => {
    h = await start(phonePlan());
    twilio!.script(ANNA, 'hang-up');
    const { channelId } = await h.openCrisis('Forged keys');
    await h.standin.waitFor(() => callsTo(ANNA)[0]?.done, 15_000);
    await twilio!.settle();
    const call = callsTo(ANNA)[0]!;
    const attempt = (await snapOf(channelId)).phone[0]!;
    const url = `${h.env.twilio!.publicUrl}/twilio/gather?attempt=${attempt.id}`;
    const params = { AccountSid: twilio!.accountSid, CallSid: call.sid, From: twilio!.numbers[0]!, To: ANNA, Digits: '1' };
    const body = new URLSearchParams(params).toString();
    const post = (signature: string, b = body) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: b,
      });
    // Signed with another token, unsigned, or signed for other parameters: 403, and the page stays open.
    const other = await TwilioStandin.start();
    try {
      expect((await post(other.sign(url, params))).status).toBe(403);
    } finally {
      await other.stop();
    }
    expect((await post('')).status).toBe(403);
    expect((await post(twilio!.sign(url, { ...params, Digits: '2' }))).status).toBe(403);
    expect((await annaPage(channelId)).ackedAt).toBeNull();
    // The same status callback again records nothing new.
    const status = call.webhooks.filter((w) => w.kind === 'status').at(-1)!;
    const again = await fetch(status.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio!.sign(status.url, status.params) },
      body: new URLSearchParams(status.params).toString(),
    });
    expect(again.status).toBe(204);
    const events = await h.bot.store.phone.ofCrisis((await snapOf(channelId)).crisis.id);
    expect(events[0]!.outcome).toBe('answered');
    await h.bot.worker.idle();
    expect((await snapOf(channelId)).timeline.filter((e) => e.event.kind === 'call_ended')).toHaveLength(1);
    // A body that is not Twilio's form, or a callback for a call the bot never placed: refused.
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(400);
    const unknown = status.url.replace(/attempt=\d+/, 'attempt=999');
    const forUnknown = await fetch(unknown, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio!.sign(unknown, status.params) },
      body: new URLSearchParams(status.params).toString(),
    });
    expect(forUnknown.status).toBe(404);
    // A real key press still counts: the signature is the only thing that was wrong.
    expect((await post(twilio!.sign(url, params))).status).toBe(200);
    expect((await annaPage(channelId)).ackedAt).not.toBeNull();
    // The refusals were logged, at debug level too, never with the auth token.
    expect(h.logs.join('')).toContain('refused a Twilio request whose signature does not match');
    expect(h.logs.join('')).not.toContain(twilio!.authToken);
  }, 60_000);

  it('a call that ended while the bot was down is looked up later, and what follows an unanswered call follows', async () => {
    // It rings long enough for the bot to be stopped first: its end reaches nobody.
    h = await start(phonePlan({ phoneAfter: '0s' }), { ringMs: 1500 });
    twilio!.script(ANNA, 'no-answer');
    const { channelId } = await h.openCrisis('Nobody heard it end');
    await h.standin.waitFor(async () => (await snapOf(channelId)).phone[0]?.sid ?? undefined, 10_000);
    await h.restart(() => twilio!.settle());
    const first = (await snapOf(channelId)).phone[0]!;
    expect(first.outcome).toBeNull();
    // The look-up is due three minutes after the call was placed; here it is brought forward.
    const moved = await h.rows<{ id: number }>(
      sql`update outbox set run_at = 0 where kind = 'check_call' and state = 'pending' returning id`,
    );
    expect(moved).toHaveLength(1);
    h.bot.worker.kick();
    await h.standin.waitFor(async () => ((await snapOf(channelId)).phone.some((a) => a.kind === 'text') ? true : undefined), 10_000);
    const snap = await snapOf(channelId);
    expect(snap.phone[0]).toMatchObject({ id: first.id, outcome: 'no_answer' });
    expect(snap.timeline.filter((e) => e.event.kind === 'call_ended').map((e) => e.event)).toEqual([
      { kind: 'call_ended', member: 'Anna Berg', attempt: 1, outcome: 'no_answer' },
    ]);
  }, 60_000);

  it('someone whose Slack notifications are paused is called at once', async () => {
    h = await start(phonePlan({ phoneAfter: '10m' }));
    h.standin.users.get(USERS.anna.id)!.dnd = { snoozeUntil: Math.floor(Date.now() / 1000) + 3600 };
    twilio!.script(ANNA, 'press-1');
    const { channelId } = await h.openCrisis('Snoozed at night');
    await h.standin.waitFor(() => callsTo(ANNA)[0]?.done, 15_000);
    await twilio!.settle();
    expect((await annaPage(channelId)).ackedAt).not.toBeNull();
    expect((await snapOf(channelId)).phone[0]).toMatchObject({ cause: 'dnd', outcome: 'acknowledged' });
    // Omar's notifications are on: his stage (no phone_after) is not called at all.
    expect(callsTo(OMAR)).toHaveLength(0);
  }, 60_000);

  it('/crisis call @person calls someone paged now; refusals change nothing', async () => {
    h = await start(phonePlan({ phoneAfter: '10m' }), { ringMs: 800 });
    twilio!.script(ANNA, 'press-2');
    const { channelId } = await h.openCrisis('Call her now');
    // Not paged in this crisis: may not call, and may not be called.
    expect((await h.command(`call <@${USERS.anna.id}|anna>`, { channel: channelId, user: USERS.per })).body?.text).toBe(
      'Only someone paged in this crisis may call people from it.',
    );
    await h.command('escalate', { channel: channelId, user: USERS.omar });
    await h.standin.waitFor(() => dmsOf(h!.standin, USERS.omar.id, 'page')[0], 10_000);
    expect((await h.command('call anna', { channel: channelId, user: USERS.omar })).body?.text).toBe('Usage: `/crisis call @person`');
    expect((await h.command(`call <@${USERS.per.id}|per>`, { channel: channelId, user: USERS.omar })).body?.text).toContain(
      'has not been paged in this crisis',
    );
    expect(twilio!.calls).toHaveLength(0);
    const answer = await h.command(`call <@${USERS.anna.id}|anna>`, { channel: channelId, user: USERS.omar });
    expect(answer.body?.text).toBe(`📞 Calling <@${USERS.anna.id}> now; pressing 1 acknowledges their page.`);
    // Asked again while that call is under way: one call at a time.
    expect((await h.command(`call <@${USERS.anna.id}|anna>`, { channel: channelId, user: USERS.omar })).body?.text).toBe(
      `<@${USERS.anna.id}> is being called right now.`,
    );
    await h.standin.waitFor(() => callsTo(ANNA)[0]?.done, 15_000);
    await twilio!.settle();
    // The key 2 is not 1: asked again, and not acknowledged.
    expect(callsTo(ANNA)[0]!.webhooks.find((w) => w.kind === 'gather')!.body).toContain('Only the key 1 acknowledges the page.');
    expect((await annaPage(channelId)).ackedAt).toBeNull();
    await h.bot.worker.idle();
    const snap = await snapOf(channelId);
    expect(snap.phone[0]).toMatchObject({ cause: 'manual', requestedBy: USERS.omar.id, outcome: 'answered' });
    expect(snap.timeline.find((e) => e.event.kind === 'called')).toMatchObject({ actorId: USERS.omar.id });
  }, 60_000);
});

/** The calls and texts of the first crisis, read from the bot's database from outside, as an operator would. */
async function attempts(env: Record<string, string>) {
  const database: Database = env.DATABASE_URL
    ? await openPostgres(env.DATABASE_URL, { poolSize: 1 })
    : new SqliteDatabase(openSqlite(env.DATABASE_PATH!));
  try {
    return (await new Store(database).phone.ofCrisis(1)).map(({ kind, attempt, sid, outcome }) => ({ kind, attempt, sid, outcome }));
  } finally {
    await database.close();
  }
}

describe('kill -9 during a call', () => {
  it("a kill between deciding to call and Twilio's answer neither loses the call nor places it twice", async () => {
    twilio = await TwilioStandin.start({ ringMs: 300, talkMs: 20 });
    const slack = await SlackStandin.start();
    const dir = mkdtempSync(join(tmpdir(), 'crisis-phone-crash-'));
    const running: BotProcess[] = [];
    const database = await databaseEnv(dir);
    try {
      for (const u of Object.values(USERS)) slack.addUser(u);
      writeFileSync(join(dir, 'plan.yml'), phonePlan({ phoneAfter: '0s' }));
      const port = await freePort();
      const env = {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        ...database,
        CRISIS_PLAN: join(dir, 'plan.yml'),
        LOG_LEVEL: 'warn',
        ...twilio.botEnv(port),
      };
      const boot = async () => {
        const bot = spawnBot(env);
        running.push(bot);
        await waitForHealth(port).catch(async (error: unknown) => {
          const health = await fetch(`http://127.0.0.1:${port}/healthz`).then(async (r) => `${r.status} ${await r.text()}`, String);
          throw new Error(`${String(error)}\n${health}\n${bot.output()}`);
        });
        return bot;
      };
      // Twilio places the call, but its answer to the bot never comes back.
      twilio.inject('POST Calls.json', { status: 'hang', apply: true });
      twilio.script(ANNA, 'press-1', 'press-1');
      const first = await boot();
      const body = commandBody('open Killed mid-call', { responseUrl: slack.responseUrl(), user: USERS.opener });
      expect(
        (await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signedHeaders(SIGNING_SECRET, body), body }))
          .status,
      ).toBe(200);
      await slack.waitFor(() => callsTo(ANNA)[0], 15_000);
      first.child.kill('SIGKILL');
      await first.exited;

      // The call goes on at Twilio while no bot is there; the bot comes back and finds it.
      await twilio.settle(15_000);
      await boot();
      // On PostgreSQL the dead instance's claim on the call holds until its lease (30 s) runs out.
      const takeover = postgresUnderTest() ? 30_000 : 0;
      // Its end (and the key, if pressed) went to nobody: the bot learns the call is over from Twilio,
      // counts it unanswered, texts, and calls again, once. The second call is acknowledged.
      await slack.waitFor(
        async () => ((await attempts(database)).at(-1)?.outcome === 'acknowledged' ? true : undefined),
        takeover + 20_000,
      );
      await twilio.settle(15_000);
      expect(callsTo(ANNA)).toHaveLength(2);
      expect(await attempts(database)).toEqual([
        { kind: 'call', attempt: 1, sid: callsTo(ANNA)[0]!.sid, outcome: 'answered' },
        { kind: 'text', attempt: 1, sid: twilio.texts[0]!.sid, outcome: 'delivered' },
        { kind: 'call', attempt: 2, sid: callsTo(ANNA)[1]!.sid, outcome: 'acknowledged' },
      ]);
    } finally {
      for (const p of running) p.child.kill('SIGKILL');
      await Promise.all(running.map((p) => p.exited));
      await slack.close();
      if (database.DATABASE_URL) await dropDatabase(database.DATABASE_URL);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
