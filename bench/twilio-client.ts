/**
 * What a Twilio client costs in memory beside Bolt: the bot's own REST client (src/twilio/client.ts
 * over plain-fetch) against the official `twilio` package, each in the bare Bolt app of
 * bench/memory.ts, against that bare app alone (the floor the bot's ≤ 1.5× target is measured on).
 * Every process runs with `npm start`'s node flags plus --expose-gc, serves the same Slack
 * commands, makes CALLS create-call + list-calls pairs against the Twilio stand-in (none for the
 * floor), and is measured after a forced GC. Each round starts all three afresh, in a rotated
 * order: the bare app's memory starts in one of two modes about 10 MiB apart (docs/benchmarks.md).
 * The official package is optional: `npm install --no-save twilio`; without it, (b) is skipped.
 * Run after `npm run build`: npx tsx bench/twilio-client.ts [calls=40] [rounds=3]
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort, waitForHealth } from '../test/support/bot-process.js';
import { commandBody, signedHeaders } from '../test/support/slack-requests.js';
import { SlackStandin } from '../test/support/slack-standin.js';
import { TwilioStandin } from '../test/support/twilio-standin.js';
import { rssParts } from './processes.js';

const CALLS = Number(process.argv[2] ?? 40);
const ROUNDS = Number(process.argv[3] ?? 3);
/** Slash commands every process serves before the calls, so each has warmed its receiver and Web API client alike. */
const WARM_UP = 20;
const SECRET = 'bench-secret';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OURS = join(ROOT, 'dist/twilio/client.js');

type Mode = 'floor' | 'ours' | 'official';
const LABEL: Record<Mode, string> = {
  floor: '(c) bare Bolt, no Twilio',
  ours: '(a) bare Bolt + TwilioClient',
  official: '(b) bare Bolt + twilio pkg',
};

/**
 * The child: bench/bare-bolt.mjs itself, then one client, as plain JavaScript under node (as the
 * bot runs from dist/ and the floor runs), so no process pays for a TypeScript loader. Both
 * clients send what a phone page sends; webhooks point at a closed port so the stand-in's call
 * flows never reach the process being measured.
 *
 * The official package is pointed at the stand-in by setting `client.api.baseUrl` (a public,
 * typed field of its Domain class, "https://api.twilio.com" by default): the Api domain builds
 * every URL from it at request time, and the request then goes its usual way — BaseTwilio.request
 * (user agent, auth), RequestClient, axios, qs. getHostname() hands 127.0.0.1 back unchanged with
 * no edge or region set. The documented alternative, a custom `httpClient`, would replace the very
 * request path being measured. Only the scheme differs from production: http on loopback, so
 * neither client's TLS is measured.
 */
const CHILD = String.raw`
await import(process.env.BENCH_BARE);
const env = process.env;
const to = '+46701234567';
const hook = (path, i) => env.BENCH_HOOKS + path + '?attempt=' + i;
let pair;
const started = performance.now();
if (env.BENCH_MODE === 'ours') {
  const { TwilioClient } = await import(env.BENCH_CLIENT);
  // A clock that moves a second per reading: the client's own 1-call-a-second pacing (a rate
  // limit, not memory) never waits, and the official package has none.
  let t = 0;
  const client = new TwilioClient(
    { accountSid: env.BENCH_SID, authToken: env.BENCH_TOKEN, from: env.BENCH_FROM, apiUrl: env.BENCH_API, publicUrl: env.BENCH_HOOKS },
    undefined,
    () => (t += 1000),
  );
  pair = async (i) => {
    await client.call(i, to);
    await client.findCall(to, Date.now() - 60000, async () => new Set());
  };
} else if (env.BENCH_MODE === 'official') {
  const twilio = (await import(env.BENCH_CLIENT)).default;
  const client = twilio(env.BENCH_SID, env.BENCH_TOKEN);
  client.api.baseUrl = env.BENCH_API;
  pair = async (i) => {
    await client.calls.create({
      to, from: env.BENCH_FROM, url: hook('/twilio/voice', i), method: 'POST',
      statusCallback: hook('/twilio/call-status', i), statusCallbackMethod: 'POST',
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'], timeout: 40, machineDetection: 'Enable',
    });
    await client.calls.list({ to, from: env.BENCH_FROM, pageSize: 20, limit: 20 });
  };
}
const loadMs = performance.now() - started;
process.stdin.once('data', async () => {
  let firstMs = 0;
  for (let i = 1; pair && i <= Number(env.BENCH_CALLS); i++) {
    const t0 = performance.now();
    await pair(i);
    if (i === 1) firstMs = performance.now() - t0;
  }
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 1000));
  globalThis.gc();
  const m = process.memoryUsage();
  process.stdout.write(JSON.stringify({ bench: { loadMs, firstMs, rss: m.rss, heap: m.heapUsed } }) + '\n');
});
`;

interface Figures {
  rss: number;
  heap: number;
  anon: number;
  loadMs: number;
  firstMs: number;
}

/** `npm start`'s node flags, as bench/processes.ts gives the bot and the floor. */
function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((arg) => arg.startsWith('--'));
}

async function measure(mode: Mode, client: string, slack: SlackStandin, twilio: TwilioStandin): Promise<Figures> {
  twilio.reset(); // every process lists the same calls: only its own
  const port = await freePort();
  const child = spawn(process.execPath, [...startFlags(), '--expose-gc', '--input-type=module', '--eval', CHILD], {
    cwd: tmpdir(),
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      BENCH_BARE: pathToFileURL(join(ROOT, 'bench/bare-bolt.mjs')).href,
      BENCH_MODE: mode,
      BENCH_CLIENT: client,
      BENCH_CALLS: String(CALLS),
      BENCH_API: twilio.apiUrl,
      BENCH_SID: twilio.accountSid,
      BENCH_TOKEN: twilio.authToken,
      BENCH_FROM: twilio.numbers[0]!,
      BENCH_HOOKS: 'http://127.0.0.1:9', // discard: refused, so the stand-in's webhooks end at once
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${mode} child exited (${code})`))));
  exited.catch(() => undefined);
  try {
    await Promise.race([waitForHealth(port, 30_000), exited]);
    for (let i = 0; i < WARM_UP; i++) {
      const body = commandBody(`open Twilio bench ${i}`, { responseUrl: slack.responseUrl() });
      const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body), body });
      if (res.status !== 200) throw new Error(`${mode}: the command answered ${res.status}`);
    }
    const lines = createInterface({ input: child.stdout });
    const report = new Promise<string>((resolve) => lines.on('line', (l) => l.startsWith('{"bench"') && resolve(l)));
    child.stdin.write('run\n');
    const { bench } = JSON.parse(await Promise.race([report, exited])) as { bench: Omit<Figures, 'anon'> };
    // Both clients must have reached the stand-in and been answered, not api.twilio.com or an error.
    const ok = twilio.requests.filter((q) => q.status >= 200 && q.status < 300).length;
    if (ok !== (mode === 'floor' ? 0 : 2 * CALLS) || ok !== twilio.requests.length)
      throw new Error(`${mode}: the stand-in answered ${ok} of ${twilio.requests.length} requests with 2xx`);
    return { ...bench, anon: rssParts(child.pid!).anon * 2 ** 20 };
  } finally {
    child.kill('SIGTERM');
  }
}

/** The package's directory and those of everything it depends on, found as node resolves them. */
function closure(name: string, from: string, seen = new Set<string>()): Set<string> {
  for (let dir = from; ; dir = dirname(dir)) {
    const at = join(dir, 'node_modules', name);
    if (existsSync(join(at, 'package.json'))) {
      if (seen.has(at)) return seen;
      seen.add(at);
      const pkg = JSON.parse(readFileSync(join(at, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      for (const dep of Object.keys(pkg.dependencies ?? {})) closure(dep, at, seen);
      return seen;
    }
    if (dirname(dir) === dir) return seen;
  }
}

const diskMiB = (dirs: string[]) =>
  execFileSync('du', ['-sk', '--exclude=node_modules', ...dirs], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .reduce((sum, line) => sum + Number(line.split('\t')[0]), 0) / 1024;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

async function main() {
  if (!existsSync(OURS)) throw new Error('dist/twilio/client.js is missing: run npm run build first');
  let official: string | undefined;
  try {
    official = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('twilio')).href;
  } catch {
    console.log('twilio is not installed: measuring (a) and (c) only. For (b): npm install --no-save twilio');
  }
  const modes: Mode[] = official ? ['floor', 'ours', 'official'] : ['floor', 'ours'];
  const client: Record<Mode, string> = { floor: '', ours: pathToFileURL(OURS).href, official: official ?? '' };
  const slack = await SlackStandin.start();
  const twilio = await TwilioStandin.start();
  const runs: Record<Mode, Figures[]> = { floor: [], ours: [], official: [] };
  console.log(
    `twilio-client: ${CALLS} create + list pairs, ${ROUNDS} rounds, ${WARM_UP} commands first; node ${startFlags().join(' ')} --expose-gc`,
  );
  try {
    for (let r = 0; r < ROUNDS; r++) {
      const order = modes.map((_, i) => modes[(i + r) % modes.length]!);
      for (const mode of order) runs[mode].push(await measure(mode, client[mode], slack, twilio));
      const line = modes.map((m) => `${m} ${mib(runs[m][r]!.rss)}/${mib(runs[m][r]!.heap)}`).join(', ');
      console.log(`  round ${r + 1} (${order.join(' → ')}): RSS/heap MiB ${line}`);
    }
  } finally {
    await twilio.stop();
    await slack.close();
  }
  // Ratios are each round's against the floor of the same round, then the median, as bench/memory.ts does.
  const ratio = (m: Mode, k: 'rss' | 'heap') => median(runs[m].map((f, i) => f[k] / runs.floor[i]![k]));
  const med = (m: Mode, k: keyof Figures) => median(runs[m].map((f) => f[k]));
  // RSS is bimodal for every one of them (about 7 MiB apart, at random), so a round's ratio may
  // compare two modes: the lowest of each is also given, like against like. Heap used is steady.
  const low = (m: Mode) => Math.min(...runs[m].map((f) => f.rss));
  const signed = (bytes: number) => `${bytes >= 0 ? '+' : ''}${mib(bytes)}`;
  console.log(
    '\n  | process | RSS MiB | RSS ratio | lowest RSS MiB (over floor) | own (anon) MiB | heap used MiB | heap ratio | import ms | 1st pair ms |',
  );
  console.log('  | --- | --: | --: | --: | --: | --: | --: | --: | --: |');
  for (const m of modes) {
    const lowest = m === 'floor' ? mib(low(m)) : `${mib(low(m))} (${signed(low(m) - low('floor'))})`;
    const times = m === 'floor' ? '– | –' : `${med(m, 'loadMs').toFixed(1)} | ${med(m, 'firstMs').toFixed(1)}`;
    console.log(
      `  | ${LABEL[m]} | ${mib(med(m, 'rss'))} | ${ratio(m, 'rss').toFixed(2)}× | ${lowest} | ${mib(med(m, 'anon'))} | ${mib(med(m, 'heap'))} | ${ratio(m, 'heap').toFixed(2)}× | ${times} |`,
    );
  }
  if (official) {
    const dirs = [...closure('twilio', ROOT)];
    // What the project's own dependencies (dev ones too) already bring is no cost of choosing twilio.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const ours = new Set<string>();
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) closure(dep, ROOT, ours);
    const only = dirs.filter((d) => !ours.has(d));
    console.log(
      `\n  on disk: node_modules/twilio ${diskMiB([dirs[0]!]).toFixed(1)} MiB; with its dependency closure (${dirs.length} packages) ${diskMiB(dirs).toFixed(1)} MiB, of which ${only.length} packages (${diskMiB(only).toFixed(1)} MiB) nothing else in the project uses`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
