import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, FIXTURE_PLAN, SIGNING_SECRET, USERS } from '../support/harness.js';
import { freePort, spawnBot, waitForHealth, type BotProcess } from '../support/bot-process.js';
import { commandBody, signedHeaders } from '../support/slack-requests.js';
import { SlackStandin } from '../support/slack-standin.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = join(ROOT, '.test-build');
let bot: BotProcess | undefined;
let standin: SlackStandin | undefined;
const dir = mkdtempSync(join(tmpdir(), 'crisis-start-'));

afterAll(async () => {
  bot?.child.kill('SIGKILL');
  await standin?.close();
  rmSync(OUT, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('the compiled build (what npm start runs after its prestart build)', () => {
  it('starts, migrates its database and opens a crisis', async () => {
    // What `npm start` runs: tsc with tsconfig.build.json, then node on the output.
    await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', OUT],
      { cwd: ROOT },
    );
    standin = await SlackStandin.start();
    for (const u of Object.values(USERS)) standin.addUser({ ...u, ...(u === USERS.kasia ? { email: 'kasia@example.com' } : {}) });
    standin.addChannel({ id: 'C0DEBRIEF', name: 'crisis-debriefs' });
    copyFileSync(FIXTURE_PLAN, join(dir, 'plan.yml'));
    const port = await freePort();
    bot = spawnBot(
      {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: standin.apiUrl,
        PORT: String(port),
        DATABASE_PATH: join(dir, 'nested', 'crisis.db'),
        CRISIS_PLAN: join(dir, 'plan.yml'),
        LOG_LEVEL: 'warn',
      },
      // The node flags of `npm start`, on the test build.
      [
        ...(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
          .split(/\s+/)
          .filter((a) => a.startsWith('--')),
        join(OUT, 'main.js'),
      ],
    );
    await waitForHealth(port);
    const body = commandBody('open Built and started', { responseUrl: standin.responseUrl() });
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(SIGNING_SECRET, body),
      body,
    });
    expect(res.status).toBe(200);
    const channel = await standin.waitFor(() => [...standin!.channels.values()].find((c) => c.name.endsWith('built-and-started')), 10_000);
    await standin.waitFor(() => standin!.messages(channel.id).length >= 2, 10_000);
    expect(bot.output()).toBe('');
  }, 90_000);
});
