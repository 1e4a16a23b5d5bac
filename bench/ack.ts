/**
 * 200 simultaneous button clicks: time from sending to the HTTP answer, for the bot (each click
 * ticks a different checklist item: a SQLite transaction, then the ack) and for a bare Bolt app
 * that only acks, started by this script with the same receiver.
 * Each round sends the same burst to both, in turn; the figures are the median over rounds of
 * each round's p50 and p99 (a 2-core machine shared with the load generator is noisy), and the
 * CPU each process spent answering a burst (from /proc, in 10 ms clock ticks).
 * BENCH_PROFILE=<dir> also writes the bot's CPU profile and the bursts' times (bursts.json).
 * Run: npx tsx bench/ack.ts [clicks=200] [rounds=9]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActionId } from '../src/slack/ids.js';
import { buttonBody } from '../test/support/slack-requests.js';
import { startFleet } from './fleet.js';
import { cpuMs } from './processes.js';
import { fmt, percentile, sleep } from './support.js';

const CLICKS = Number(process.argv[2] ?? 200);
const ROUNDS = Number(process.argv[3] ?? 9);

async function main() {
  const f = await startFleet();
  try {
    const crises = Math.ceil(CLICKS / 4);
    for (let i = 0; i < crises; i++) await f.command(f.bot.port, `open Ack bench ${i}`);
    // Every checklist posted, and nothing left in the outbox: the clicks start from quiet.
    await f.waitFor(async () => {
      const [posted] = await f.db.query<{ n: number }>(
        `select cast(count(*) as integer) as n from crisis_messages where kind = 'checklist'`,
      );
      const [owed] = await f.db.query<{ n: number }>(
        `select cast(count(*) as integer) as n from outbox where state in ('pending', 'running') and kind not in ('escalation_deadline', 'update_cadence', 'item_due')`,
      );
      return posted!.n === crises && owed!.n === 0 ? true : undefined;
    });
    const items = (await f.db.query<{ id: number }>('select id from checklist_items order by id')).map((r) => String(r.id));
    const people = ['U0ANNA', 'U0KASIA', 'U0OMAR', 'U0OPENER'];
    await sleep(1000);

    const results: Record<'bot' | 'bare', { p50: number[]; p99: number[]; cpu: number[] }> = {
      bot: { p50: [], p99: [], cpu: [] },
      bare: { p50: [], p99: [], cpu: [] },
    };
    const windows: { target: string; fromUs: number; toUs: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Done on even rounds, Undo on odd ones: every click really changes an item.
      const action = round % 2 === 0 ? ActionId.checklistDone : ActionId.checklistUndo;
      const bodies = items
        .slice(0, CLICKS)
        .map((value, i) =>
          buttonBody(action, value, { user: { id: people[i % 4]!, name: 'p' }, responseUrl: 'http://127.0.0.1:9/unused' }),
        );
      for (const target of ['bare', 'bot'] as const) {
        const { port, child } = f[target];
        const cpuBefore = cpuMs(child.pid!);
        const from = process.hrtime.bigint();
        const answers = await Promise.all(bodies.map((body) => f.post(port, body)));
        windows.push({ target, fromUs: Number(from / 1000n), toUs: Number(process.hrtime.bigint() / 1000n) });
        results[target].cpu.push(cpuMs(child.pid!) - cpuBefore);
        if (answers.some((a) => a.status !== 200)) throw new Error(`${target}: not every click was answered 200`);
        const ms = answers.map((a) => a.ms);
        results[target].p50.push(percentile(ms, 50));
        results[target].p99.push(percentile(ms, 99));
        await sleep(1500);
      }
    }
    // With BENCH_PROFILE, the bursts' times (monotonic µs, the CPU profile's clock) go beside the profile.
    if (process.env.BENCH_PROFILE) writeFileSync(join(process.env.BENCH_PROFILE, 'bursts.json'), JSON.stringify(windows));
    const med = (xs: number[]) => percentile(xs, 50);
    const line = (name: 'bot' | 'bare') =>
      `${name.padEnd(5)} p50 ${fmt(med(results[name].p50))}  p99 ${fmt(med(results[name].p99))}  (per round p99: ${results[name].p99.map((x) => x.toFixed(0)).join(', ')} ms; CPU per burst ${fmt(med(results[name].cpu))})`;
    console.log(`ack: ${CLICKS} simultaneous clicks, ${ROUNDS} rounds (median over rounds)`);
    console.log(`  ${line('bot')}`);
    console.log(`  ${line('bare')}`);
    console.log(
      `  ratio p50 ${(med(results.bot.p50) / med(results.bare.p50)).toFixed(2)}×  p99 ${(med(results.bot.p99) / med(results.bare.p99)).toFixed(2)}×`,
    );
  } finally {
    await f.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
