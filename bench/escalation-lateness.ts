/**
 * How late do escalations fire? Opens CRISES crises through the real HTTP receiver, staggered
 * over SPREAD_MS so their stage deadlines fall at different moments, lets nobody acknowledge,
 * and compares each crisis's stage-2 escalation with its deadline:
 *   - decided: the escalation's timeline event vs the deadline (the scheduler's lateness);
 *   - delivered: the stage-2 page arriving at the Slack stand-in vs the deadline.
 * The bot's pacer is off here: 200 channels in 5 s is ten times what Slack lets one workspace
 * create (Tier 2, about 20 a minute), and this measures the scheduler, not Slack's limits.
 * Run: npx tsx bench/escalation-lateness.ts [crises=200] [spreadMs=5000]
 */
import { fastPlan } from '../test/fixtures/fast-plan.js';
import { fmt, percentile, sleep, startBenchBot } from './support.js';

const CRISES = Number(process.argv[2] ?? 200);
const SPREAD_MS = Number(process.argv[3] ?? 5000);
const ACK_TIMEOUT_MS = 3000;

const users = [
  { id: 'U0ANNA', name: 'anna' },
  { id: 'U0KASIA', name: 'kasia', email: 'kasia@example.com' },
  { id: 'U0OMAR', name: 'omar' },
  { id: 'U0PER', name: 'per' },
  { id: 'U0OPENER', name: 'olle' },
];

async function main() {
  const b = await startBenchBot(fastPlan({ ackTimeout: '3s' }), users, 0, { paced: false });
  const started = Date.now();
  for (let i = 0; i < CRISES; i++) {
    const due = started + (i * SPREAD_MS) / CRISES;
    if (due > Date.now()) await sleep(due - Date.now());
    void b.command(`open Bench crisis ${i}`);
  }
  // Every crisis escalates to stage 2 after ACK_TIMEOUT_MS and to stage 3 after twice that.
  await b.slack.waitFor(
    async () => {
      const open = await b.bot.service.listOpen();
      return open.length === CRISES && open.every((c) => c.stage >= 2);
    },
    SPREAD_MS + ACK_TIMEOUT_MS + 30_000,
  );
  await sleep(1000);
  await b.bot.worker.idle();

  const omarPages = b.slack.dm('U0OMAR');
  const decided: number[] = [];
  const delivered: number[] = [];
  for (const crisis of await b.bot.service.listOpen()) {
    const snap = (await b.bot.service.snapshot(crisis.id))!;
    const deadline = crisis.openedAt + ACK_TIMEOUT_MS;
    const event = snap.timeline.find((e) => e.event.kind === 'escalated' && e.event.to === 2);
    const page = snap.pages.find((p) => p.stage === 2);
    if (!event || !page) throw new Error(`crisis ${crisis.id} did not escalate`);
    decided.push(event.at - deadline);
    const dm = omarPages.find((m) => m.ts === page.dmTs);
    if (dm) delivered.push(Number(dm.ts) * 1000 - deadline);
  }
  const line = (name: string, xs: number[]) =>
    console.log(
      `${name.padEnd(10)} n=${xs.length}  median ${fmt(percentile(xs, 50))}  p99 ${fmt(percentile(xs, 99))}  max ${fmt(Math.max(...xs))}  min ${fmt(Math.min(...xs))}`,
    );
  console.log(`escalation lateness: ${CRISES} crises opened over ${SPREAD_MS} ms, ack_timeout ${ACK_TIMEOUT_MS} ms`);
  line('decided', decided);
  line('delivered', delivered);
  await b.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
