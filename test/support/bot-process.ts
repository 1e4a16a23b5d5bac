import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts something that must be told its port before it binds it (a bot whose PUBLIC_URL names
 * it): on a free port, picked again, up to three times, if another server took it in between.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    const port = await freePort();
    try {
      return await start(port);
    } catch (error) {
      if (tries < 3 && /EADDRINUSE/.test(String((error as { code?: string }).code ?? error))) continue;
      throw error;
    }
  }
}

export interface BotProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** The TypeScript entry point through tsx, by absolute paths: the bot runs from any folder. */
const SOURCE_ENTRY = ['--import', import.meta.resolve('tsx'), join(ROOT, 'src', 'main.ts')];

/**
 * The bot's entry point as a real process, for crash and start-up tests: the TypeScript source
 * through tsx by default, or given node arguments (e.g. a compiled `dist/main.js`, by absolute
 * path). It runs in an empty folder of its own: `npm start` reads `.env` from where it runs,
 * and the developer's `.env` (a real token, Socket Mode) must not change what a test runs.
 */
export function spawnBot(env: Record<string, string>, args: readonly string[] = SOURCE_ENTRY): BotProcess {
  let output = '';
  const child = spawn(process.execPath, [...args], {
    cwd: mkdtempSync(join(tmpdir(), 'crisis-bot-cwd-')),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitForHealth(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`bot on port ${port} did not become healthy in ${timeoutMs} ms`);
}
