/**
 * Failover: two bot processes (the compiled build, as production runs it) on one PostgreSQL.
 * A crisis is opened through the first; two seconds before its stage-1 deadline that instance
 * is killed with SIGKILL, and the time until stage 2's page reaches Slack is measured, from the
 * kill and from the deadline, against the deadline itself. Nobody may be paged twice.
 * Needs BENCH_DATABASE_URL (a PostgreSQL server; a role that may create databases).
 * Run: BENCH_DATABASE_URL=postgres://… npx tsx bench/failover.ts [runs=5] [timeoutS=6]
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastPlan } from '../test/fixtures/fast-plan.js';
import { freePort } from '../test/support/bot-process.js';
import { commandBody, signedHeaders } from '../test/support/slack-requests.js';
import { SlackStandin } from '../test/support/slack-standin.js';
import { benchDatabase } from './bench-database.js';
import { startProcess } from './processes.js';
import { fmt, percentile, sleep } from './support.js';

const RUNS = Number(process.argv[2] ?? 5);
const TIMEOUT_S = Number(process.argv[3] ?? 6);
const SECRET = 'bench-secret';
const USERS = [
  { id: 'U0ANNA', name: 'anna' },
  { id: 'U0KASIA', name: 'kasia', email: 'kasia@example.com' },
  { id: 'U0OMAR', name: 'omar' },
  { id: 'U0PER', name: 'per' },
  { id: 'U0OPENER', name: 'olle' },
];

/** A page's DM, by the tag its metadata carries (the Web API client sends metadata as JSON in a form field). */
const isPage = (m: { raw: Record<string, unknown> }) => {
  const metadata = m.raw.metadata;
  return (typeof metadata === 'string' ? metadata : JSON.stringify(metadata ?? {})).includes('"tag":"page:');
};

async function once(run: number): Promise<{ fromKill: number; fromDeadline: number; pagedTwice: boolean }> {
  if (!process.env.BENCH_DATABASE_URL) throw new Error('set BENCH_DATABASE_URL to a PostgreSQL server');
  const slack = await SlackStandin.start();
  for (const u of USERS) slack.addUser(u);
  const dir = mkdtempSync(join(tmpdir(), 'bench-failover-'));
  writeFileSync(join(dir, 'plan.yml'), fastPlan({ firstAckTimeout: `${TIMEOUT_S}s`, ackTimeout: '1h' }));
  const database = await benchDatabase(dir);
  const env = {
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    CRISIS_PLAN: join(dir, 'plan.yml'),
    LOG_LEVEL: 'error',
    ...database.env,
  };
  const [portA, portB] = [await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  try {
    children.push(await startProcess('bot', env, portA), await startProcess('bot', env, portB));
    const body = commandBody(`open Failover ${run}`, { responseUrl: slack.responseUrl() });
    await fetch(`http://127.0.0.1:${portA}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body), body });
    await slack.waitFor(() => slack.dm('U0ANNA').some(isPage), 15_000);
    const [deadline] = await database.query<{ runAt: number }>(`select run_at as "runAt" from outbox where key = 'deadline:1:1'`);
    const due = Number(deadline!.runAt);
    await sleep(Math.max(0, due - Date.now() - 2000));
    const killedAt = Date.now();
    children[0]!.kill('SIGKILL');
    const page = await slack.waitFor(() => slack.dm('U0OMAR').find(isPage), 120_000);
    const pagedAt = Math.round(Number(page.ts) * 1000);
    await sleep(2000); // a second page would have landed by now
    const pagedTwice = ['U0ANNA', 'U0KASIA', 'U0OMAR'].some((u) => slack.dm(u).filter(isPage).length !== 1);
    return { fromKill: pagedAt - killedAt, fromDeadline: pagedAt - due, pagedTwice };
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await slack.close();
    await sleep(500);
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const results = [];
  for (let run = 0; run < RUNS; run++) results.push(await once(run));
  const fromDeadline = results.map((r) => r.fromDeadline);
  const fromKill = results.map((r) => r.fromKill);
  console.log(`failover: ${RUNS} runs, stage 1 times out after ${TIMEOUT_S} s; the instance that opened the crisis is killed 2 s before`);
  console.log(`  stage 2 paged after the deadline: median ${fmt(percentile(fromDeadline, 50))}, worst ${fmt(Math.max(...fromDeadline))}`);
  console.log(`  stage 2 paged after the kill:     median ${fmt(percentile(fromKill, 50))} (the timeout left: 2000 ms)`);
  console.log(
    `  against the timeout itself: ${((TIMEOUT_S * 1000 + percentile(fromDeadline, 50)) / (TIMEOUT_S * 1000)).toFixed(3)}× (deadline plus lateness over timeout)`,
  );
  console.log(`  paged twice: ${results.filter((r) => r.pagedTwice).length} of ${RUNS} runs`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
