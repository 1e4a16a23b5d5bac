// `npm run db:copy`: a team that started on SQLite moves to PostgreSQL and keeps its history.
// Runs in the postgres project only (see vitest.config.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { startHarness, USERS, type Harness } from '../support/harness.js';
import { freshPostgresDatabase } from '../support/test-database.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
let h: Harness | undefined;

afterEach(async () => {
  await h?.stop();
  h = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The copy as an operator runs it: the entry point in a process of its own, configured by environment. */
function copy(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'src', 'db-copy.ts')], {
      cwd: mkdtempSync(join(tmpdir(), 'crisis-copy-cwd-')),
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

it('moves a SQLite database into an empty PostgreSQL one: the same crisis, and new ids after the old', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crisis-copy-'));
  dirs.push(dir);
  const sqlitePath = join(dir, 'crisis.db');
  h = await startHarness({ env: { DATABASE_URL: '', DATABASE_PATH: sqlitePath } });
  await h.openCrisis('Started small');
  const crisisId = (await h.bot.service.listOpen())[0]!.id;
  const page = (await h.bot.service.snapshot(crisisId))!.pages.find((p) => p.userId === USERS.anna.id)!;
  await h.click(ActionId.pageAck, String(page.id), { user: USERS.anna });
  await h.bot.worker.idle();
  const before = (await h.bot.service.snapshot(crisisId))!;
  expect(before.pages.find((p) => p.id === page.id)!.ackedAt).toBeTypeOf('number');
  const standin = h.standin;
  await h.bot.stop();

  const url = await freshPostgresDatabase();
  const copied = await copy({ DATABASE_PATH: sqlitePath, DATABASE_URL: url });
  expect(copied.output).toMatch(/^copied \d+ rows from /);
  expect(copied.code).toBe(0);
  expect(copied.output).not.toContain(new URL(url).password || 'no-password');

  // The bot on PostgreSQL sees the same crisis, and a new one takes the next id.
  const onPostgres = await startHarness({ standin, env: { DATABASE_URL: url } });
  try {
    expect(await onPostgres.bot.service.snapshot(crisisId)).toEqual(before);
    await onPostgres.openCrisis('After the move');
    const ids = (await onPostgres.bot.service.listOpen()).map((c) => c.id);
    expect(ids).toEqual([crisisId, crisisId + 1]);

    // A second copy into a database that is no longer empty is refused, naming why, and changes nothing.
    const again = await copy({ DATABASE_PATH: sqlitePath, DATABASE_URL: url });
    expect(again.code).toBe(1);
    expect(again.output).toContain('the PostgreSQL database is not empty');
    expect((await onPostgres.bot.service.listOpen()).map((c) => c.id)).toEqual(ids);
  } finally {
    await onPostgres.stop();
  }
}, 60_000);
