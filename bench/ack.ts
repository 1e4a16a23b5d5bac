/**
 * 200 simultaneous button clicks: time from sending to the HTTP answer, for the bot (each click
 * ticks a different checklist item: a SQLite transaction, then the ack) and for a bare Bolt app
 * that only acks, started by this script with the same receiver.
 * Run: npx tsx bench/ack.ts [clicks=200] [rounds=3]
 */
import { ActionId } from '../src/slack/ids.js';
import { buttonBody } from '../test/support/slack-requests.js';
import { startFleet } from './fleet.js';
import { fmt, percentile, sleep } from './support.js';

const CLICKS = Number(process.argv[2] ?? 200);
const ROUNDS = Number(process.argv[3] ?? 3);

async function main() {
  const f = await startFleet();
  try {
    const crises = Math.ceil(CLICKS / 4);
    for (let i = 0; i < crises; i++) await f.command(f.bot.port, `open Ack bench ${i}`);
    const checklists = await f.slack.waitFor(() => {
      const channels = [...f.slack.channels.values()].filter((c) => c.name.includes('ack-bench'));
      const lists = channels.map((c) => f.slack.messages(c.id)[1]).filter(Boolean);
      return lists.length === crises ? lists : undefined;
    }, 60_000);
    const items: string[] = checklists.flatMap((m) => (m!.blocks ?? []).map((b: any) => b.accessory?.value).filter(Boolean));
    const people = ['U0ANNA', 'U0KASIA', 'U0OMAR', 'U0OPENER'];
    await sleep(1000);

    const results: Record<'bot' | 'bare', number[]> = { bot: [], bare: [] };
    for (let round = 0; round < ROUNDS; round++) {
      // Done on even rounds, Undo on odd ones: every click really changes an item.
      const action = round % 2 === 0 ? ActionId.checklistDone : ActionId.checklistUndo;
      const bodies = items.slice(0, CLICKS).map((value, i) => buttonBody(action, value, { user: { id: people[i % 4]!, name: 'p' }, responseUrl: f.slack.responseUrl() }));
      for (const target of ['bare', 'bot'] as const) {
        const port = f[target].port;
        const answers = await Promise.all(bodies.map((body) => f.post(port, body)));
        if (answers.some((a) => a.status !== 200)) throw new Error(`${target}: not every click was answered 200`);
        results[target].push(...answers.map((a) => a.ms));
        await sleep(1500);
      }
    }
    const line = (name: string, xs: number[]) => `${name.padEnd(5)} p50 ${fmt(percentile(xs, 50))}  p99 ${fmt(percentile(xs, 99))}  max ${fmt(Math.max(...xs))}`;
    console.log(`ack: ${CLICKS} simultaneous clicks × ${ROUNDS} rounds`);
    console.log(`  ${line('bot', results.bot)}`);
    console.log(`  ${line('bare', results.bare)}`);
    console.log(`  ratio p50 ${(percentile(results.bot, 50) / percentile(results.bare, 50)).toFixed(2)}×  p99 ${(percentile(results.bot, 99) / percentile(results.bare, 99)).toFixed(2)}×`);
  } finally {
    await f.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
