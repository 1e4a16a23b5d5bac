import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/bot-process.js';
import { commandBody, signedHeaders, type SlackUser } from '../test/support/slack-requests.js';
import { benchDatabase, type BenchDatabase } from './bench-database.js';
import { startProcess } from './processes.js';

export const SECRET = 'bench-secret';
export const OMAR = { id: 'U0OMAR', name: 'omar' };
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Three processes besides this one: the bot, the bare Bolt floor, and the Slack stand-in. This
 * process only sends requests and times answers; it reads the bot's database (see bench-database.ts)
 * to learn what exists.
 */
export interface Fleet {
  bot: { child: ChildProcess; port: number };
  bare: { child: ChildProcess; port: number };
  db: BenchDatabase;
  post(port: number, body: string): Promise<{ status: number; ms: number }>;
  command(port: number, text: string, user?: SlackUser, channel?: string): Promise<{ status: number; ms: number }>;
  waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

async function startStandin(): Promise<{ child: ChildProcess; apiUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/standin-server.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  return { child, apiUrl: (JSON.parse(line) as { apiUrl: string }).apiUrl };
}

export async function startFleet(): Promise<Fleet> {
  const standin = await startStandin();
  const dir = mkdtempSync(join(tmpdir(), 'bench-fleet-'));
  copyFileSync(new URL('../test/fixtures/plan.yml', import.meta.url), join(dir, 'plan.yml'));
  const [botPort, barePort] = [await freePort(), await freePort()];
  const common = { SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: standin.apiUrl };
  const db = await benchDatabase(dir);
  const botChild = await startProcess(
    'bot',
    { ...common, SLACK_BOT_TOKEN: 'xoxb-bench', ...db.env, CRISIS_PLAN: join(dir, 'plan.yml'), LOG_LEVEL: 'error' },
    botPort,
  );
  const bareChild = await startProcess('bare', common, barePort);
  let responses = 0;
  const post = async (port: number, body: string) => {
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body), body });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - started };
  };
  return {
    bot: { child: botChild, port: botPort },
    bare: { child: bareChild, port: barePort },
    db,
    post,
    // Ephemeral answers go to the stand-in's response URLs; any unknown path there is fine.
    command: (port, text, user = { id: 'U0OPENER', name: 'olle' }, channel = 'C0GENERAL') =>
      post(port, commandBody(text, { user, channel, responseUrl: `${standin.apiUrl.replace(/api\/$/, '')}response/bench-${responses++}` })),
    // Long enough for dozens of crises: the bot opens channels at Slack's Tier 2 pace (about 20
    // a minute), as it must in production.
    async waitFor(probe, timeoutMs = 600_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error('benchmark condition not met in time');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    // The children are signalled, not awaited.
    async stop() {
      botChild.kill('SIGTERM');
      bareChild.kill('SIGTERM');
      standin.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 500)); // the bot's connections close first
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
