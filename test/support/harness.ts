import type { SQL } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startBot, type Bot } from '../../src/bot.js';
import { loadEnv, type Env } from '../../src/config/env.js';
import { createLogger } from '../../src/logger.js';
import type { OutboxRow } from '../../src/store/schema.js';
import { SlackStandin } from './slack-standin.js';
import { databaseEnv } from './store-under-test.js';
import { dropDatabase } from './test-database.js';
import type { StandinMessage } from './standin-types.js';
import { buttonBody, commandBody, signedHeaders, viewSubmissionBody, type SlackAnswer, type SlackUser } from './slack-requests.js';

export const SIGNING_SECRET = 'test-signing-secret-5f2a9c';
export const BOT_TOKEN = 'xoxb-test-token-0042';
export const FIXTURE_PLAN = new URL('../fixtures/plan.yml', import.meta.url).pathname;

export const USERS = {
  anna: { id: 'U0ANNA', name: 'anna' },
  kasia: { id: 'U0KASIA', name: 'kasia' },
  omar: { id: 'U0OMAR', name: 'omar' },
  opener: { id: 'U0OPENER', name: 'olle' },
  per: { id: 'U0PER', name: 'per' },
} satisfies Record<string, SlackUser>;

/**
 * A person's DMs of one kind, by the tag the bot's post carries: `page` (the page with its
 * Acknowledge), `chase` (the one reminder of an unanswered page), `inform` (for their information).
 */
export function dmsOf(standin: SlackStandin, userId: string, kind: 'page' | 'chase' | 'inform' | 'notice'): StandinMessage[] {
  const tag = (m: StandinMessage): string => {
    // The Web API client sends metadata as JSON in a form field.
    const raw: unknown = typeof m.raw.metadata === 'string' ? JSON.parse(m.raw.metadata) : m.raw.metadata;
    return String((raw as { event_payload?: { tag?: string } } | undefined)?.event_payload?.tag ?? '');
  };
  return standin.dm(userId).filter((m) => tag(m).startsWith(`${kind}:`));
}

/**
 * What /slack/events answered: the status, and the JSON Bolt's ack carried. `body` is undefined
 * for a bare ack (a command that opens a modal, a click answered through its response_url, a
 * view submission that closes the modal) and for a refusal (401, 400), which Bolt sends empty.
 */
export interface EventsReply {
  status: number;
  body: SlackAnswer | undefined;
}

export interface Harness {
  standin: SlackStandin;
  bot: Bot;
  env: Env;
  dir: string;
  logs: string[];
  url: string;
  /** Sends a signed request to /slack/events; the JSON answer (if any) and status. */
  post(body: string, headers?: Record<string, string>): Promise<EventsReply>;
  command(text: string, o?: { user?: SlackUser; channel?: string; triggerId?: string }): Promise<EventsReply>;
  click(actionId: string, value: string, o?: { user?: SlackUser; channel?: string }): Promise<EventsReply & { responseUrl: string }>;
  submitView(
    callbackId: string,
    values: Record<string, Record<string, unknown>>,
    o?: { user?: SlackUser; viewId?: string; privateMetadata?: string },
  ): Promise<EventsReply>;
  /** Opens a crisis with a slash command and waits until channel, summary, checklist and pages exist. */
  openCrisis(text: string, user?: SlackUser): Promise<{ channelId: string }>;
  /** Rows of SQL both engines read alike, from the bot's database (what an operator would look at). */
  rows<T>(query: SQL): Promise<T[]>;
  /** The outbox job with this key: a deadline's state says whether it has been decided. */
  job(key: string): Promise<OutboxRow | undefined>;
  /** Stops the bot and starts it again on the same database; `meanwhile` runs while it is down. */
  restart(meanwhile?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  plan?: string;
  latencyMs?: number;
  clock?: () => number;
  standin?: SlackStandin;
  /** Extra environment, e.g. ALERT_TOKEN. */
  env?: Record<string, string>;
  /** Start without waiting for the roster's emails to be matched (`bot.ready`). */
  dontWaitForRoster?: boolean;
}

/** A real bot on a loopback port, a Slack stand-in, a temporary SQLite file. */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const standin = opts.standin ?? (await SlackStandin.start({ latencyMs: opts.latencyMs ?? 0 }));
  for (const [, u] of Object.entries(USERS))
    standin.addUser({ id: u.id, name: u.name, ...(u === USERS.kasia ? { email: 'kasia@example.com' } : {}) });
  if (!standin.channels.has('C0DEBRIEF')) standin.addChannel({ id: 'C0DEBRIEF', name: 'crisis-debriefs', members: [] });
  if (!standin.channels.has('C0ALERTS')) standin.addChannel({ id: 'C0ALERTS', name: 'brand-alerts', members: ['UBOT', 'U0ANNA'] });
  if (!standin.channels.has('C0GENERAL')) standin.addChannel({ id: 'C0GENERAL', name: 'general', members: ['U0OPENER', 'UBOT'] });

  const dir = mkdtempSync(join(tmpdir(), 'crisis-bot-'));
  const planPath = join(dir, 'plan.yml');
  if (opts.plan) writeFileSync(planPath, opts.plan);
  else copyFileSync(FIXTURE_PLAN, planPath);
  const env = loadEnv({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standin.apiUrl,
    PORT: '0',
    ...(await databaseEnv(dir)),
    CRISIS_PLAN: planPath,
    LOG_LEVEL: 'debug',
    ...opts.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const log = createLogger(
    env.logLevel,
    [env.slackBotToken, env.slackSigningSecret, env.alertToken, env.hootsuiteAccessToken, env.twilio?.authToken],
    sink,
  );
  // Like main: the roster's emails are matched before the test goes on (and a bad one fails it).
  const boot = async () => {
    const bot = await startBot({ env, log, ...(opts.clock ? { clock: opts.clock } : {}) });
    if (!opts.dontWaitForRoster) await bot.ready;
    return bot;
  };

  const h: Harness = {
    standin,
    bot: await boot(),
    env,
    dir,
    logs,
    get url() {
      return `http://127.0.0.1:${h.bot.port}`;
    },
    async post(body, headers) {
      const res = await fetch(`${h.url}/slack/events`, { method: 'POST', headers: headers ?? signedHeaders(SIGNING_SECRET, body), body });
      return { status: res.status, body: slackAnswer(res.status, await res.text()) };
    },
    command(text, o = {}) {
      return h.post(commandBody(text, { ...o, responseUrl: standin.responseUrl() }));
    },
    async click(actionId, value, o = {}) {
      const responseUrl = standin.responseUrl();
      return { ...(await h.post(buttonBody(actionId, value, { ...o, responseUrl }))), responseUrl };
    },
    submitView(callbackId, values, o = {}) {
      return h.post(viewSubmissionBody(callbackId, values, o));
    },
    async openCrisis(text, user = USERS.opener) {
      const triggerId = `trigger-${randomUUID()}`;
      const res = await h.command(`open ${text}`, { user, triggerId });
      if (res.status !== 200) throw new Error(`open answered ${res.status}`);
      const crisis = await standin.waitFor(async () =>
        (await h.bot.service.listOpen()).find((c) => c.openKey === `slash:${triggerId}` && c.channelId),
      );
      await standin.waitFor(async () => (await h.bot.service.backlog(crisis.id)).pending === 0);
      return { channelId: crisis.channelId! };
    },
    rows<T>(query: SQL) {
      return h.bot.database.rows<T>(h.bot.database.db, query);
    },
    async job(key) {
      return (await h.bot.store.outbox.all()).find((j) => j.key === key);
    },
    async restart(meanwhile) {
      await h.bot.stop();
      await meanwhile?.();
      h.bot = await boot();
    },
    async stop() {
      await h.bot.stop();
      if (env.databaseUrl !== undefined) await dropDatabase(env.databaseUrl);
      if (!opts.standin) await standin.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/**
 * Bolt answers /slack/events with no body at all (a bare ack, or a refusal) or with the JSON of
 * the object its ack was given. Anything else is not an answer the tests know how to read: it
 * fails the test with the text, rather than passing for a SlackAnswer.
 */
function slackAnswer(status: number, text: string): SlackAnswer | undefined {
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON: refused below, with the text */
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`/slack/events answered ${status} with something other than a JSON object: ${text.slice(0, 500)}`);
  // Any object passes for a SlackAnswer (its fields are all optional): what Bolt acked with is trusted.
  return parsed;
}
