/**
 * Time to open a crisis: from `/crisis open` until the channel, the summary, the checklist and
 * every stage page exist in Slack, with LATENCY_MS added to every Web API call by the stand-in.
 * The floor is three sequential round trips (create channel → summary → checklist).
 * The bot runs as its own process from its compiled build (`npm run build` first), as in
 * production; the stand-in and the
 * clock live in this one.
 * Runs are GAP_MS apart: an open makes two Tier 2 calls (conversations.create, setTopic), and
 * Slack allows about 20 a minute, so crises opened back to back would measure the bot waiting
 * its turn (as it must) rather than how fast it opens one.
 * Run: npx tsx bench/open.ts [runs=20] [latencyMs=100] [gapMs=6000]
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/support/bot-process.js';
import { commandBody, signedHeaders } from '../test/support/slack-requests.js';
import { SlackStandin } from '../test/support/slack-standin.js';
import { benchDatabase } from './bench-database.js';
import { startProcess } from './processes.js';
import { fmt, percentile, sleep } from './support.js';

const RUNS = Number(process.argv[2] ?? 20);
const LATENCY_MS = Number(process.argv[3] ?? 100);
const GAP_MS = Number(process.argv[4] ?? 6000);
const SECRET = 'bench-secret';

async function main() {
  const slack = await SlackStandin.start();
  for (const u of [
    { id: 'U0ANNA', name: 'anna' },
    { id: 'U0KASIA', name: 'kasia', email: 'kasia@example.com' },
    { id: 'U0OMAR', name: 'omar' },
    { id: 'U0OPENER', name: 'olle' },
  ])
    slack.addUser(u);
  slack.addChannel({ id: 'C0DEBRIEF', name: 'crisis-debriefs' });
  const dir = mkdtempSync(join(tmpdir(), 'bench-open-'));
  copyFileSync(new URL('../test/fixtures/plan.yml', import.meta.url), join(dir, 'plan.yml'));
  const database = await benchDatabase(dir);
  const port = await freePort();
  const bot = await startProcess(
    'bot',
    {
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      ...database.env,
      CRISIS_PLAN: join(dir, 'plan.yml'),
      LOG_LEVEL: 'error',
    },
    port,
  );
  slack.latencyMs = LATENCY_MS;
  // Bolt verifies its token on the first request; keep that one-off call out of the figures.
  const warm = commandBody('help', { responseUrl: slack.responseUrl() });
  await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, warm), body: warm });

  const totals: number[] = [];
  const firstPages: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const title = `Open bench ${i}`;
      const body = commandBody(`open sev1 ${title}`, { responseUrl: slack.responseUrl() }); // sev1: three pages
      const started = performance.timeOrigin + performance.now();
      const ack = fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body), body });
      const done = await slack.waitFor(() => {
        const channel = [...slack.channels.values()].find((c) => c.name.endsWith(`open-bench-${i}`));
        if (!channel || slack.messages(channel.id).length < 2) return undefined;
        const pages = ['U0ANNA', 'U0KASIA', 'U0OMAR'].map((u) => slack.dm(u).find((m) => m.text?.includes(title)));
        if (!pages.every(Boolean)) return undefined;
        const checklist = slack.messages(channel.id)[1]!;
        return {
          last: Math.max(Number(checklist.ts), ...pages.map((m) => Number(m!.ts))) * 1000,
          first: Math.min(...pages.map((m) => Number(m!.ts))) * 1000,
        };
      }, 10_000);
      // Message ts is when Slack stored it: the moment the last of them existed.
      totals.push(done.last - started);
      firstPages.push(done.first - started);
      await ack;
      await sleep(GAP_MS);
    }
  } finally {
    bot.kill('SIGTERM');
    await slack.close();
    await new Promise((resolve) => setTimeout(resolve, 500)); // the bot's connections close first
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const floor = 3 * LATENCY_MS;
  const ratio = (ms: number, of: number) => `${(ms / of).toFixed(2)}×`;
  console.log(
    `open (${database.engine}): ${RUNS} runs ${GAP_MS} ms apart, ${LATENCY_MS} ms added to every Web API call; floor ${floor} ms (three sequential round trips)`,
  );
  console.log(
    `  channel+summary+checklist+all pages  median ${fmt(percentile(totals, 50))} (${ratio(percentile(totals, 50), floor)} floor)  p90 ${fmt(percentile(totals, 90))} (${ratio(percentile(totals, 90), floor)})  worst ${fmt(Math.max(...totals))}`,
  );
  console.log(
    `  first page                            median ${fmt(percentile(firstPages, 50))} (${ratio(percentile(firstPages, 50), LATENCY_MS)} one round trip)  worst ${fmt(Math.max(...firstPages))} (${ratio(Math.max(...firstPages), LATENCY_MS)})`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
