/**
 * Resident memory after CRISES crises opened and closed (each with its channel, pages,
 * checklist, debrief post and upload), for the bot and for a bare Bolt app that only acks the
 * same commands. Both are their own processes; RSS is read from /proc after they settle.
 * Run: npx tsx bench/memory.ts [crises=40]
 */
import { OMAR, startFleet } from './fleet.js';
import { rssMiB } from './processes.js';
import { sleep } from './support.js';

const CRISES = Number(process.argv[2] ?? 40);

async function main() {
  const f = await startFleet();
  try {
    await sleep(1000);
    const before = { bot: rssMiB(f.bot.child.pid!), bare: rssMiB(f.bare.child.pid!) };
    for (let i = 0; i < CRISES; i++) {
      await f.command(f.bot.port, `open Memory bench ${i}`);
      await f.command(f.bare.port, `open Memory bench ${i}`);
    }
    const channels = await f.waitFor(() => {
      const rows = f.db.prepare(`select channel_id as id from crises where channel_id is not null and id in (select crisis_id from crisis_messages where kind = 'checklist')`).all() as { id: string }[];
      return rows.length === CRISES ? rows : undefined;
    });
    for (const channel of channels) {
      await f.command(f.bot.port, 'close Benchmark over', OMAR, channel.id);
      await f.command(f.bare.port, 'close Benchmark over', OMAR, channel.id);
    }
    // Each close posts and uploads the debrief to the crisis channel and the debrief channel.
    await f.waitFor(() => {
      const owed = f.db.prepare(`select count(*) as n from outbox where state in ('pending', 'running') and kind not in ('escalation_deadline', 'update_cadence', 'item_due')`).get() as { n: number };
      const uploads = f.db.prepare(`select count(*) as n from outbox where kind = 'upload_debrief' and state = 'done'`).get() as { n: number };
      return owed.n === 0 && uploads.n === 2 * CRISES ? true : undefined;
    });
    await sleep(3000);
    const after = { bot: rssMiB(f.bot.child.pid!), bare: rssMiB(f.bare.child.pid!) };
    // V8 gives memory back only once a process has been idle a while: read again after 20 s.
    await sleep(20_000);
    const idle = { bot: rssMiB(f.bot.child.pid!), bare: rssMiB(f.bare.child.pid!) };
    console.log(`memory: ${CRISES} crises opened and closed (RSS from /proc)`);
    console.log(`  bot   ${before.bot.toFixed(1)} MiB at start, ${after.bot.toFixed(1)} MiB 3 s after, ${idle.bot.toFixed(1)} MiB 23 s after`);
    console.log(`  bare  ${before.bare.toFixed(1)} MiB at start, ${after.bare.toFixed(1)} MiB 3 s after, ${idle.bare.toFixed(1)} MiB 23 s after`);
    console.log(`  ratio ${(after.bot / after.bare).toFixed(2)}× 3 s after, ${(idle.bot / idle.bare).toFixed(2)}× 23 s after`);
  } finally {
    await f.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
