import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot, type Bot } from '../src/bot.js';
import { loadEnv } from '../src/config/env.js';
import { createLogger } from '../src/logger.js';
import { SlackStandin } from '../test/support/slack-standin.js';
import { commandBody, signedHeaders, type SlackUser } from '../test/support/slack-requests.js';

export const SECRET = 'bench-signing-secret';

/** The example plan's people, as the benchmarks' Slack stand-in knows them. */
export const BENCH_USERS: (SlackUser & { email?: string })[] = [
  { id: 'U0ANNA', name: 'anna' },
  { id: 'U0KASIA', name: 'kasia', email: 'kasia@example.com' },
  { id: 'U0OMAR', name: 'omar' },
  { id: 'U0OPENER', name: 'olle' },
];

export interface BenchBot {
  bot: Bot;
  slack: SlackStandin;
  command(text: string, user?: SlackUser, channel?: string): Promise<Response>;
  stop(): Promise<void>;
}

/** A bench bot's environment: the stand-in, a free port, the database and plan in `dir`. */
export function benchEnv(slack: SlackStandin, dir: string, extra: Record<string, string> = {}) {
  return loadEnv({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    DATABASE_PATH: join(dir, 'crisis.db'),
    CRISIS_PLAN: join(dir, 'plan.yml'),
    LOG_LEVEL: 'error',
    ...extra,
  });
}

/** The real bot on loopback against the stand-in, with a throw-away database. */
export async function startBenchBot(
  plan: string,
  users: SlackUser[],
  latencyMs = 0,
  o: { env?: Record<string, string>; prepare?: (slack: SlackStandin) => void; paced?: boolean } = {},
): Promise<BenchBot> {
  const slack = await SlackStandin.start({ latencyMs });
  for (const u of users) slack.addUser(u);
  o.prepare?.(slack);
  const dir = mkdtempSync(join(tmpdir(), 'crisis-bench-'));
  writeFileSync(join(dir, 'plan.yml'), plan);
  const env = benchEnv(slack, dir, o.env);
  const bot = await startBot({ env, log: createLogger(env.logLevel, [SECRET]), paced: o.paced });
  const url = `http://127.0.0.1:${bot.port}/slack/events`;
  return {
    bot,
    slack,
    command: (text, user = { id: 'U0OPENER', name: 'olle' }, channel = 'C0GENERAL') => {
      const body = commandBody(text, { user, channel, responseUrl: slack.responseUrl() });
      return fetch(url, { method: 'POST', headers: signedHeaders(SECRET, body), body });
    },
    async stop() {
      await bot.stop();
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
