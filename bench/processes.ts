import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { waitForHealth } from '../test/support/bot-process.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A TypeScript entry point as its own process (same loader for bot and floor, so fair). */
export async function startProcess(entry: string, env: Record<string, string>, port: number): Promise<ChildProcess> {
  // BENCH_PROFILE=<dir> writes a CPU profile of the bot process there when it stops.
  const profile = process.env.BENCH_PROFILE && entry === 'src/main.ts' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForHealth(port, 30_000);
  return child;
}

/** Resident set size of a process, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}
