/**
 * Resident memory after CRISES crises opened and closed (each with its channel, pages,
 * checklist, debrief post and upload), for the bot and for a bare Bolt app that only acks the
 * same commands. Both are their own processes with `npm start`'s node flags; RSS is read from
 * /proc after they settle. The bare app's own RSS swings by 10 MiB from one start to the next,
 * so each round starts both afresh and the ratios are given per round and as a median.
 * Run: npx tsx bench/memory.ts [crises=40] [rounds=3]
 */
import { OMAR, startFleet } from './fleet.js';
import { rssMiB, rssParts } from './processes.js';
import { sleep } from './support.js';

const CRISES = Number(process.argv[2] ?? 40);
const ROUNDS = Number(process.argv[3] ?? 3);

interface Round {
  before: { bot: number; bare: number };
  after: { bot: number; bare: number };
  idle: { bot: number; bare: number };
  parts: { bot: { anon: number; file: number }; bare: { anon: number; file: number } };
}

async function round(): Promise<Round> {
  const f = await startFleet();
  try {
    await sleep(1000);
    const before = { bot: rssMiB(f.bot.child.pid!), bare: rssMiB(f.bare.child.pid!) };
    for (let i = 0; i < CRISES; i++) {
      await f.command(f.bot.port, `open Memory bench ${i}`);
      await f.command(f.bare.port, `open Memory bench ${i}`);
    }
    const channels = await f.waitFor(async () => {
      const rows = await f.db.query<{ id: string }>(
        `select channel_id as id from crises where channel_id is not null and id in (select crisis_id from crisis_messages where kind = 'checklist')`,
      );
      return rows.length === CRISES ? rows : undefined;
    });
    for (const channel of channels) {
      await f.command(f.bot.port, 'close Benchmark over', OMAR, channel.id);
      await f.command(f.bare.port, 'close Benchmark over', OMAR, channel.id);
    }
    // Each close posts and uploads the debrief to the crisis channel and the debrief channel.
    await f.waitFor(async () => {
      const [owed] = await f.db.query<{ n: number }>(
        `select cast(count(*) as integer) as n from outbox where state in ('pending', 'running') and kind not in ('escalation_deadline', 'update_cadence', 'item_due')`,
      );
      const [uploads] = await f.db.query<{ n: number }>(
        `select cast(count(*) as integer) as n from outbox where kind = 'upload_debrief' and state = 'done'`,
      );
      return owed!.n === 0 && uploads!.n === 2 * CRISES ? true : undefined;
    });
    await sleep(3000);
    const after = { bot: rssMiB(f.bot.child.pid!), bare: rssMiB(f.bare.child.pid!) };
    const parts = { bot: rssParts(f.bot.child.pid!), bare: rssParts(f.bare.child.pid!) };
    // V8 gives memory back only once a process has been idle a while: read again after 20 s.
    await sleep(20_000);
    const idle = { bot: rssMiB(f.bot.child.pid!), bare: rssMiB(f.bare.child.pid!) };
    return { before, after, idle, parts };
  } finally {
    await f.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (n: number) => n.toFixed(1);

async function main() {
  console.log(`memory: ${CRISES} crises opened and closed, ${ROUNDS} rounds (RSS from /proc)`);
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const r = await round();
    rounds.push(r);
    const split = (p: { anon: number; file: number }) => `${mib(p.anon)} own + ${mib(p.file)} files`;
    console.log(
      `  round ${i + 1}: bot ${mib(r.before.bot)} → ${mib(r.after.bot)} → ${mib(r.idle.bot)} MiB; bare ${mib(r.before.bare)} → ${mib(r.after.bare)} → ${mib(r.idle.bare)} MiB` +
        ` (start → 3 s after → 23 s after); ratio ${(r.after.bot / r.after.bare).toFixed(2)}× / ${(r.idle.bot / r.idle.bare).toFixed(2)}×;` +
        ` 3 s after: bot ${split(r.parts.bot)}, bare ${split(r.parts.bare)}`,
    );
  }
  const after = median(rounds.map((r) => r.after.bot / r.after.bare));
  const idle = median(rounds.map((r) => r.idle.bot / r.idle.bare));
  console.log(`  median ratio ${after.toFixed(2)}× 3 s after, ${idle.toFixed(2)}× 23 s after`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
