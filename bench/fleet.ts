import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/support/bot-process.js';
import { commandBody, signedHeaders, type SlackUser } from '../test/support/slack-requests.js';
import { SlackStandin } from '../test/support/slack-standin.js';
import { startProcess } from './processes.js';

export const SECRET = 'bench-secret';
export const OMAR = { id: 'U0OMAR', name: 'omar' };

/** The bot and the bare Bolt floor as two processes, and the stand-in here. */
export interface Fleet {
  slack: SlackStandin;
  bot: { child: ChildProcess; port: number };
  bare: { child: ChildProcess; port: number };
  post(port: number, body: string): Promise<{ status: number; ms: number }>;
  command(port: number, text: string, user?: SlackUser, channel?: string): Promise<{ status: number; ms: number }>;
  stop(): Promise<void>;
}

export async function startFleet(): Promise<Fleet> {
  const slack = await SlackStandin.start();
  for (const u of [{ id: 'U0ANNA', name: 'anna' }, { id: 'U0KASIA', name: 'kasia', email: 'kasia@example.com' }, OMAR, { id: 'U0OPENER', name: 'olle' }]) slack.addUser(u);
  slack.addChannel({ id: 'C0DEBRIEF', name: 'crisis-debriefs' });
  const dir = mkdtempSync(join(tmpdir(), 'bench-fleet-'));
  copyFileSync(new URL('../test/fixtures/plan.yml', import.meta.url), join(dir, 'plan.yml'));
  const [botPort, barePort] = [await freePort(), await freePort()];
  const common = { SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl };
  const botChild = await startProcess('src/main.ts', {
    ...common,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    DATABASE_PATH: join(dir, 'crisis.db'),
    CRISIS_PLAN: join(dir, 'plan.yml'),
    LOG_LEVEL: 'error',
  }, botPort);
  const bareChild = await startProcess('bench/bare-bolt.ts', common, barePort);
  const post = async (port: number, body: string) => {
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body), body });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - started };
  };
  return {
    slack,
    bot: { child: botChild, port: botPort },
    bare: { child: bareChild, port: barePort },
    post,
    command: (port, text, user = { id: 'U0OPENER', name: 'olle' }, channel = 'C0GENERAL') =>
      post(port, commandBody(text, { user, channel, responseUrl: slack.responseUrl() })),
    async stop() {
      botChild.kill('SIGTERM');
      bareChild.kill('SIGTERM');
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
