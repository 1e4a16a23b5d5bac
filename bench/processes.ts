import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForHealth } from '../test/support/bot-process.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * A process as production runs it: the bot from its compiled build (`npm run build` first) and
 * the bare Bolt floor as plain JavaScript, both under node with `npm start`'s flags.
 */
export async function startProcess(entry: 'bot' | 'bare', env: Record<string, string>, port: number): Promise<ChildProcess> {
  // BENCH_PROFILE=<dir> writes a CPU profile of the bot process there when it stops.
  const profile =
    process.env.BENCH_PROFILE && entry === 'bot' ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_PROFILE)}`] : [];
  const script = entry === 'bot' ? 'dist/main.js' : 'bench/bare-bolt.mjs';
  // Both run with the node flags `npm start` gives the bot: the figures are production's, and the
  // floor gets the same heap sizing and thread pool, so no ratio is flattered by a flag.
  const startFlags = startScriptFlags();
  if (!existsSync(`${ROOT}/${script}`)) throw new Error(`${script} is missing: run npm run build first`);
  const extra = entry === 'bot' && process.env.BENCH_BOT_FLAGS ? process.env.BENCH_BOT_FLAGS.split(' ') : [];
  // From an empty folder by absolute path, so the developer's .env changes nothing here.
  const child = spawn(process.execPath, [...profile, ...startFlags, ...extra, join(ROOT, script)], {
    cwd: mkdtempSync(join(tmpdir(), 'crisis-bench-cwd-')),
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForHealth(port, 30_000);
  return child;
}

function startScriptFlags(): string[] {
  const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((arg) => arg.startsWith('--'));
}

/** Resident set size of a process, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Of that, what is the process's own (anonymous: heap, stacks) and what maps files (code, ICU's data in the node binary). */
export function rssParts(pid: number): { anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
  return { anon: kb('RssAnon'), file: kb('RssFile') + kb('RssShmem') };
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
export function cpuMs(pid: number): number {
  // Fields after the command name, which may itself hold spaces: utime and stime are 14th and 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // In clock ticks of 1/100 s, which is what Linux reports on every common platform.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
