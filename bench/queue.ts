/**
 * The response queue at volume, with Slack's rate limits modelled (chat.postMessage about one a
 * second per channel, methods by tier) and LATENCY_MS per Web API call: a crisis is open, POSTS
 * public posts arrive, and a `/crisis update` is sent right after. Prints how long the update took
 * to appear in the crisis channel, how many messages the channel itself gained (posts in a thread
 * not counted), how many posts were out when the update went, and how many times Slack answered 429.
 *
 * `request`: the posts arrive in one POST /responses (up to 500 a request). `commands`: one
 * `/crisis respond <url>` each, the only way before POST /responses existed, for the build before.
 * Run: npx tsx bench/queue.ts [posts=500] [mode=request|commands] [latencyMs=100]
 */
import { readFileSync } from 'node:fs';
import type { StandinMessage } from '../test/support/standin-types.js';
import { sleep, BENCH_USERS, startBenchBot } from './support.js';

const POSTS = Number(process.argv[2] ?? 500);
const MODE = process.argv[3] ?? 'request';
const LATENCY_MS = Number(process.argv[4] ?? 100);
const TOKEN = 'bench-listening-token';

async function main() {
  const plan = readFileSync(new URL('../crisis-plan.example.yml', import.meta.url), 'utf8');
  const b = await startBenchBot(plan, BENCH_USERS, LATENCY_MS, {
    env: { ALERT_TOKEN: TOKEN },
    prepare: (slack) => {
      for (const id of ['C0DEBRIEF', 'C0ALERTS'])
        if (!slack.channels.has(id)) slack.addChannel({ id, name: id.toLowerCase(), members: ['UBOT'] });
      slack.limitRates();
    },
  });
  try {
    await b.command('open sev2 Boycott call trending on Instagram');
    const channel = await b.slack.waitFor(() => [...b.slack.channels.values()].find((c) => c.name.startsWith('crisis-'))?.id, 60_000);
    // The opening's messages are out and paced: the channel is quiet before the posts come.
    await b.slack.waitFor(() => (b.slack.messages(channel).length >= 2 ? true : undefined), 60_000);
    await sleep(5000);
    const topLevel = () => b.slack.messages(channel).filter((m: StandinMessage) => !m.threadTs || m.threadTs === m.ts);
    const posts = () => b.slack.messages(channel).filter((m: StandinMessage) => m.text?.startsWith('Post to answer'));
    const before = topLevel().length;
    const url = (i: number) => `https://www.instagram.com/p/boycott${i}/`;

    const addStarted = Date.now();
    if (MODE === 'request') {
      for (let from = 0; from < POSTS; from += 500) {
        const batch = Array.from({ length: Math.min(500, POSTS - from) }, (_, i) => ({
          url: url(from + i),
          platform: 'instagram',
          author: `@angry_${from + i}`,
          text: `Never buying from you again (${from + i})`,
          posted_at: new Date().toISOString(),
        }));
        const res = await fetch(`http://127.0.0.1:${b.bot.port}/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify({ crisis: channel, posts: batch }),
        });
        if (res.status !== 202) throw new Error(`POST /responses answered ${res.status}: ${await res.text()}`);
      }
    } else {
      for (let i = 0; i < POSTS; i++) await b.command(`respond ${url(i)}`, { id: 'U0ANNA', name: 'anna' }, channel);
    }
    const added = Date.now() - addStarted;

    const sent = Date.now();
    await b.command('update Still investigating; a statement follows within the hour', { id: 'U0OMAR', name: 'omar' }, channel);
    const update = await b.slack.waitFor(() => topLevel().find((m) => m.text?.includes('Still investigating')), 900_000);
    const updateMs = Date.now() - sent;
    const postsBefore = posts().filter((m) => Number(m.ts) < Number(update.ts)).length;
    await sleep(10_000);
    console.log(`queue: ${POSTS} posts (${MODE}), Slack's rate limits modelled, ${LATENCY_MS} ms per call`);
    console.log(`  posts added in ${(added / 1000).toFixed(1)} s`);
    console.log(`  /crisis update in the channel after ${(updateMs / 1000).toFixed(2)} s; posts out before it: ${postsBefore}`);
    console.log(
      `  the crisis channel gained ${topLevel().length - before} messages of its own in ${((Date.now() - addStarted) / 1000).toFixed(0)} s; ${posts().length} posts out by then; 429s: ${b.slack.rateLimited}`,
    );
  } finally {
    await b.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
