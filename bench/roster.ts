/**
 * Start-up with a large roster known only by email, in a workspace of WORKSPACE people, with
 * Slack's rate limits modelled and LATENCY_MS per Web API call: for 80 and 500 members, how long
 * until /healthz answers, until every member is matched (`ready`), and how many calls it took;
 * then the same after a restart on the same database (the matches are kept).
 * Run: npx tsx bench/roster.ts [workspace=2000] [latencyMs=100]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot } from '../src/bot.js';
import { createLogger } from '../src/logger.js';
import { SlackStandin } from '../test/support/slack-standin.js';
import { SECRET, benchEnv, fmt, sleep } from './support.js';

const WORKSPACE = Number(process.argv[2] ?? 2000);
const LATENCY_MS = Number(process.argv[3] ?? 100);

function planFor(members: number): string {
  const roster = Array.from(
    { length: members },
    (_, i) => `  - { name: Person ${i + 1}, email: person${i + 1}@example.com, roles: [social-media-manager] }`,
  );
  return [
    'channel_prefix: crisis',
    'roster:',
    ...roster,
    'stages:',
    '  - { name: Social team, page: [social-media-manager], ack_timeout: 10m }',
    'checklists:',
    '  default:',
    '    - Pause all scheduled posts',
    '',
  ].join('\n');
}

async function healthyAfter(port: number, since: number): Promise<number> {
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    if (res?.ok) return performance.now() - since;
    await sleep(5);
  }
}

async function run(members: number) {
  const slack = await SlackStandin.start({ latencyMs: LATENCY_MS });
  // The roster's people spread through the workspace, as they would be.
  const every = Math.floor(WORKSPACE / members);
  for (let i = 0; i < WORKSPACE; i++) {
    const person = i % every === 0 && i / every < members ? i / every + 1 : undefined;
    slack.addUser(
      person
        ? { id: `UP${person}`, name: `person${person}`, email: `person${person}@example.com` }
        : { id: `UW${i}`, name: `w${i}`, email: `w${i}@example.com` },
    );
  }
  slack.limitRates();
  const dir = mkdtempSync(join(tmpdir(), 'crisis-bench-roster-'));
  writeFileSync(join(dir, 'plan.yml'), planFor(members));
  const env = benchEnv(slack, dir);
  const log = createLogger(env.logLevel, [SECRET]);
  try {
    for (const round of ['first start', 'restart']) {
      const before = slack.calls.length;
      const t0 = performance.now();
      const bot = await startBot({ env, log });
      const healthy = await healthyAfter(bot.port, t0);
      await bot.ready;
      const ready = performance.now() - t0;
      const calls = slack.calls.slice(before);
      const count = (m: string) => calls.filter((c) => c.method === m).length;
      console.log(
        `  ${String(members).padStart(3)} members, ${round.padEnd(11)}  /healthz ${fmt(healthy).padStart(9)}  all matched ${fmt(ready).padStart(10)}  users.list ${count('users.list')}  lookups ${count('users.lookupByEmail')}  429s ${slack.rateLimited}`,
      );
      if (bot.plan.roster.length !== members) throw new Error(`matched ${bot.plan.roster.length} of ${members}`);
      await bot.stop();
    }
  } finally {
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`roster: email-only members in a workspace of ${WORKSPACE}; ${LATENCY_MS} ms per Web API call; Slack's rate limits modelled`);
for (const members of [80, 500]) await run(members);
