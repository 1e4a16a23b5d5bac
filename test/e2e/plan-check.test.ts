// `npm run plan:check`: a plan kept in a repository, checked as a crisis would meet it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { atLocalTime, isoDay } from '../../src/domain/time.js';
import { SlackStandin } from '../support/slack-standin.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
let standin: SlackStandin | undefined;

afterEach(async () => {
  await standin?.close();
  standin = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The check as a repository's CI runs it: the entry point in a process of its own, the plan's path as its argument. */
function planCheck(plan: string, env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'crisis-plan-check-'));
  dirs.push(dir);
  const file = join(dir, 'crisis-plan.yml');
  writeFileSync(file, plan);
  return new Promise((resolve) => {
    let out = '';
    let err = '';
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'src', 'plan-check.ts'), file], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

const ZONE = 'Europe/Warsaw';
/** Three people, three stages; Kasia by email. */
const PLAN = `
language: pl
timezone: ${ZONE}
channel_prefix: kryzys
owner: Omar Nilsson
roster:
  - name: Anna Berg
    slack_id: U0ANNA
    roles: [social-media-manager]
  - name: Kasia Nowak
    email: kasia@example.com
    roles: [customer-service]
  - name: Omar Nilsson
    slack_id: U0OMAR
    roles: [crisis-lead]
  - name: Per Holm
    slack_id: U0PER
    roles: [legal]
stages:
  - name: Zespół social media
    page: [social-media-manager]
    ack_timeout: 10m
  - name: Obsługa klienta
    page: [customer-service]
    ack_timeout: 10m
  - name: Zespół kryzysowy
    page: [crisis-lead]
    ack_timeout: 15m
mandates:
  close: [crisis-lead]
  approve: [legal]
accounts:
  - name: Instagram
    owner: customer-service
checklists:
  default:
    - text: Sprawdź zarzuty z działem prawnym
      role: legal
`;

describe('npm run plan:check', () => {
  it('asks Slack about every member and finds each gap: unknown email, deactivated user, Do Not Disturb all night; exit code 1', async () => {
    standin = await SlackStandin.start();
    standin.addUser({ id: 'U0ANNA', name: 'anna' });
    standin.addUser({ id: 'U0OMAR', name: 'omar' });
    standin.addUser({ id: 'U0PER', name: 'per', deleted: true });
    // Kasia's email is not in the workspace; Omar's notifications pause from 23:00 to 08:00 in the plan's zone.
    const start = atLocalTime(isoDay(Date.now(), ZONE), 23, ZONE);
    const end = atLocalTime(isoDay(start + 12 * 3600_000, ZONE), 8, ZONE);
    standin.users.get('U0OMAR')!.dnd = { enabled: true, startTs: start / 1000, endTs: end / 1000 };

    const { code, out, err } = await planCheck(PLAN, { SLACK_BOT_TOKEN: 'xoxb-plan-check', SLACK_API_URL: standin.apiUrl });
    expect(err).toBe('');
    expect(out).toContain('1. Zespół social media: potwierdzenie w ciągu 10 min\nAnna Berg');
    expect(out).toContain('2. Obsługa klienta: potwierdzenie w ciągu 10 min\nnikt osiągalny');
    expect(out).toContain('3. Zespół kryzysowy: potwierdzenie w ciągu 15 min\nOmar Nilsson 🌙');
    expect(out).toContain('8 luk i 1 ostrzeżenie:');
    expect(out).toContain('❌ Kasia Nowak: w Slacku nie ma aktywnego użytkownika z adresem kasia@example.com.');
    expect(out).toContain('❌ Per Holm: konto w Slacku jest dezaktywowane.');
    expect(out).toContain('❌ Nikt osiągalny nie pełni roli customer-service.');
    expect(out).toContain('❌ Nikt osiągalny nie pełni roli legal.');
    expect(out).toContain('❌ Etap 2 (Obsługa klienta) nie powiadamia nikogo osiągalnego.');
    expect(out).toContain(
      '❌ Lista kontrolna default: „Sprawdź zarzuty z działem prawnym” należy do roli legal, której nie pełni nikt osiągalny.',
    );
    expect(out).toContain('❌ Nikt osiągalny nie ma uprawnień, by zatwierdzać oświadczenia.');
    expect(out).toContain('❌ Instagram: właściciel (customer-service) jest nieosiągalny.');
    expect(out).toContain(
      '⚠️ Omar Nilsson: tryb „Nie przeszkadzać” od 23:00 do 08:00; nocne powiadomienie nie dotrze: żaden etap nie dzwoni do tej osoby.',
    );
    // The terminal gets no Slack markup.
    expect(out).not.toMatch(/[*<>]|&gt;|&lt;/);
    expect(code).toBe(1);
    expect(standin.callsTo('dnd.teamInfo')).toHaveLength(1);
    expect(standin.callsTo('users.lookupByEmail')).toHaveLength(1);
  });

  it('without a Slack token checks the plan as written, says Slack was not asked, and exits 0 when nothing is missing', async () => {
    const { code, out } = await planCheck(PLAN.replace('  approve: [legal]\n', '').replace('      role: legal\n', ''));
    expect(out).toContain('✅ Nie znaleziono luk.');
    expect(out).toContain('Nie sprawdzono w Slacku (brak SLACK_BOT_TOKEN)');
    expect(code).toBe(0);
  });

  it('lists every problem that would stop start-up, each with its line, not only the first; exit code 1', async () => {
    const broken = PLAN.replace('    page: [customer-service]\n', '    page: [customer-service]\n    phone_after: 5m\n')
      .replace('  approve: [legal]\n', '  approve: [lawyers]\n')
      .replace('    ack_timeout: 15m\n', '    ack_timeout: soon\n');
    const { code, out, err } = await planCheck(broken);
    expect(code).toBe(1);
    expect(out).toBe('');
    const lines = err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/crisis-plan\.yml:\d+: stages\[2\]\.ack_timeout "soon" is not a duration/);
    // Once the durations read, the references are checked: every one is named.
    const second = await planCheck(broken.replace('ack_timeout: soon', 'ack_timeout: 15m'));
    expect(second.err.trim().split('\n')).toEqual([
      expect.stringMatching(/crisis-plan\.yml:\d+: mandates\.approve\[0\] "lawyers" is neither a role nor a roster member$/),
      expect.stringMatching(
        /crisis-plan\.yml:\d+: roster\[1\]\.phone is required: Kasia Nowak is paged by "Obsługa klienta", which has phone_after$/,
      ),
    ]);
    expect(second.code).toBe(1);
  });
});
