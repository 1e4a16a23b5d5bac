/**
 * The freeze through Hootsuite at size: a sev1 opened with POSTS messages scheduled on the
 * account's profile, LATENCY_MS on every Slack and Hootsuite call, Slack's rate limits modelled.
 * Prints how long until every post was saved, until the soonest and the last were unscheduled in Hootsuite
 * (the moment nothing more can go out), until the list was in the channel, and the calls made;
 * then the same for Resume posts after close.
 * Run: npx tsx bench/freeze.ts [posts=100] [latencyMs=100]
 */
import { hootsuitePlan, HOOTSUITE_PROFILE } from '../test/fixtures/hootsuite-plan.js';
import { HootsuiteStandin } from '../test/support/hootsuite-standin.js';
import { viewSubmissionBody, buttonBody, signedHeaders } from '../test/support/slack-requests.js';
import { CallbackId, ActionId } from '../src/slack/ids.js';
import { SECRET, fmt, sleep, startBenchBot } from './support.js';

const POSTS = Number(process.argv[2] ?? 100);
const LATENCY_MS = Number(process.argv[3] ?? 100);
const USERS = [
  { id: 'U0ANNA', name: 'anna' },
  { id: 'U0OMAR', name: 'omar' },
  { id: 'U0OPENER', name: 'olle' },
];

/** Polls `what` (which may read the store, asynchronously) until it gives a value other than undefined or false. */
async function until<T>(what: () => T | undefined | Promise<T | undefined>, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await what();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(5);
  }
}

const hs = await HootsuiteStandin.start('bench-hootsuite-token', { latencyMs: LATENCY_MS });
// Scheduled in reverse, so the soonest is the newest message in Hootsuite.
for (let i = POSTS; i > 0; i--) hs.schedule(HOOTSUITE_PROFILE, `Scheduled post ${i}`, Date.now() + i * 3_600_000);
const first = hs.scheduledOn(HOOTSUITE_PROFILE)[0]!;
const b = await startBenchBot(hootsuitePlan(), USERS, LATENCY_MS, {
  env: { HOOTSUITE_ACCESS_TOKEN: hs.token, HOOTSUITE_API_URL: hs.apiUrl },
  prepare: (slack) => {
    slack.addChannel({ id: 'C0GENERAL', name: 'general', members: ['U0OPENER', 'UBOT'] });
    slack.addChannel({ id: 'C0ALERTS', name: 'brand-alerts', members: ['UBOT'] });
    slack.addChannel({ id: 'C0DEBRIEF', name: 'crisis-debriefs', members: [] });
    slack.limitRates();
  },
});
const db = b.bot.database.sqlite!;
const count = (state: string) => (db.prepare('select count(*) as n from held_posts where state = ?').get(state) as { n: number }).n;
try {
  const t0 = performance.now();
  await b.command('open sev1 Giveaway backfires');
  await until(() => count('saved') + count('held') === POSTS);
  const saved = performance.now() - t0;
  // Earliest first: the post due soonest is the first out of Hootsuite.
  await until(() => !hs.messages.has(first.id));
  const soonest = performance.now() - t0;
  await until(() => hs.scheduledOn(HOOTSUITE_PROFILE).length === 0);
  const unscheduled = performance.now() - t0;
  const channel = await until(async () => (await b.bot.service.listOpen())[0]?.channelId ?? undefined);
  await until(() => b.slack.messages(channel).some((m) => m.text?.startsWith('Held back in Hootsuite')));
  const listed = performance.now() - t0;
  const calls = { get: hs.calls.filter((c) => c.method === 'GET').length, del: hs.calls.filter((c) => c.method === 'DELETE').length };
  console.log(
    `hold, ${POSTS} posts, ${LATENCY_MS} ms a call: all saved ${fmt(saved)}, the soonest unscheduled ${fmt(soonest)}, the last ${fmt(unscheduled)}, list in the channel ${fmt(listed)}; Hootsuite calls: ${calls.get} GET, ${calls.del} DELETE`,
  );

  await b.command('close Resolved', USERS[1], channel);
  const freezeId = (db.prepare("select id from account_freezes where account = 'Instagram'").get() as { id: number }).id;
  const url = `http://127.0.0.1:${b.bot.port}/slack/events`;
  const click = buttonBody(ActionId.freezeResume, String(freezeId), { user: USERS[0], responseUrl: b.slack.responseUrl() });
  const t1 = performance.now();
  await fetch(url, { method: 'POST', headers: signedHeaders(SECRET, click), body: click });
  const form = await until(() => b.slack.views.find((v) => v.view.callback_id === CallbackId.resumePosts));
  const submit = viewSubmissionBody(CallbackId.resumePosts, {}, { user: USERS[0], privateMetadata: form.view.private_metadata });
  await fetch(url, { method: 'POST', headers: signedHeaders(SECRET, submit), body: submit });
  await until(() => count('restored') === POSTS);
  const restored = performance.now() - t1;
  console.log(
    `resume: all ${POSTS} scheduled again ${fmt(restored)} after the click; Hootsuite POSTs ${hs.calls.filter((c) => c.method === 'POST').length}`,
  );
} finally {
  await b.stop();
  await hs.close();
}
