/**
 * An alert storm, with Slack's rate limits modelled (per method by tier, chat.postMessage about
 * one a second per channel) and 100 ms per Web API call: STORM distinct sev3 alerts arrive over
 * SPREAD_MS, then one sev1 alert. Prints how long the sev1's crisis channel and first page take,
 * how many messages the alerts channel got, how many times Slack answered 429, and how long
 * until every alert of the storm is accounted for in the alerts channel (posted on its own or
 * counted in a digest).
 * Run: npx tsx bench/storm.ts [alerts=300] [spreadMs=5000] [latencyMs=100]
 */
import { fmt, sleep, BENCH_USERS, startBenchBot } from './support.js';
import { readFileSync } from 'node:fs';

const STORM = Number(process.argv[2] ?? 300);
const SPREAD_MS = Number(process.argv[3] ?? 5000);
const LATENCY_MS = Number(process.argv[4] ?? 100);
const TOKEN = 'bench-alert-token';

async function main() {
  const plan = readFileSync(new URL('../test/fixtures/plan-alerts.yml', import.meta.url), 'utf8');
  const b = await startBenchBot(plan, BENCH_USERS, LATENCY_MS, {
    env: { ALERT_TOKEN: TOKEN },
    prepare: (slack) => {
      slack.addChannel({ id: 'C0ALERTS', name: 'brand-alerts', members: ['UBOT'] });
      slack.addChannel({ id: 'C0DEBRIEF', name: 'crisis-debriefs', members: ['UBOT'] });
      slack.limitRates();
    },
  });
  const url = `http://127.0.0.1:${b.bot.port}/alerts`;
  const send = (body: object) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(body),
    }).then((r) => r.json());
  try {
    const started = Date.now();
    const storm: Promise<unknown>[] = [];
    for (let i = 0; i < STORM; i++) {
      const due = started + (i * SPREAD_MS) / STORM;
      if (due > Date.now()) await sleep(due - Date.now());
      storm.push(send({ title: `Mention spike ${i}`, severity: 'sev3', source: 'listening', fingerprint: `storm-${i}` }));
    }
    await Promise.all(storm);
    const sev1At = Date.now();
    const opened = (await send({ title: 'Checkout down for everyone', severity: 'sev1', source: 'prometheus' })) as { crisis_id: number };
    const pageAt = await b.slack.waitFor(
      () => b.slack.received.find((c) => c.method === 'chat.postMessage' && /^U0/.test(String(c.args.channel)) && c.at >= sev1At)?.at,
      300_000,
    );
    const channelAt = await b.slack.waitFor(
      () => b.slack.received.find((c) => c.method === 'conversations.create' && c.at >= sev1At)?.at,
      300_000,
    );
    const channelReady = await b.slack.waitFor(
      async () => (await b.bot.service.listOpen()).find((c) => c.id === opened.crisis_id && c.channelId) && Date.now(),
      300_000,
    );
    // Every alert accounted for in the alerts channel as people see it: posted on its own, or
    // counted in the digest message it joined (the count Slack shows, after the last update).
    const db = b.bot.database.sqlite!;
    const accounted = () => {
      const own = (db.prepare(`select count(*) as n from alerts where ts is not null`).get() as { n: number }).n;
      const digests = db.prepare(`select channel, ts from triage_digests where ts is not null`).all() as { channel: string; ts: string }[];
      const shown = digests.reduce((sum, d) => {
        const message = b.slack.messages(d.channel).find((m) => m.ts === d.ts);
        return sum + Number(/\d+/.exec(message?.text ?? '')?.[0] ?? 0);
      }, 0);
      return own + shown;
    };
    const allAt = await b.slack.waitFor(() => (accounted() >= STORM + 1 ? Date.now() : undefined), 600_000);
    await b.bot.worker.idle();
    console.log(
      `storm: ${STORM} sev3 alerts over ${SPREAD_MS} ms, then a sev1; ${LATENCY_MS} ms per Web API call; Slack's rate limits modelled`,
    );
    console.log(`  sev1 first page sent     ${fmt(pageAt - sev1At)} after the alert`);
    console.log(`  sev1 channel created     ${fmt(channelAt - sev1At)} (recorded ${fmt(channelReady - sev1At)})`);
    console.log(`  every alert accounted    ${fmt(allAt - started)} after the storm began`);
    console.log(`  alerts channel messages  ${b.slack.messages('C0ALERTS').length}`);
    console.log(`  429s from Slack          ${b.slack.rateLimited}`);
  } finally {
    await b.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
