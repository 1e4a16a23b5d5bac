import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findEnglishLiterals } from '../../support/english-literals.js';

const SRC = fileURLToPath(new URL('../../../src', import.meta.url));

/**
 * Where English is right: the English catalogue itself; the operator's side (configuration and
 * start-up lines, the database copy's report, the plan check's own failures (its findings are the catalogue's), logs, and why a job failed as the outbox records it: slack/errors.ts, the
 * Hootsuite and Twilio clients' errors and the worker) and the HTTP API's answers to tools (validation
 * reasons), documented as English; SQL.
 */
const ENGLISH_BY_DESIGN = [
  'i18n/catalogue/',
  'config/',
  'http/',
  'store/',
  'main.ts',
  'db-copy.ts',
  'plan-check.ts',
  'logger.ts',
  'slack/errors.ts',
  'hootsuite/',
  'twilio/client.ts',
  // TwiML is markup; what it says comes from the catalogue (twilio/speech.ts).
  'twilio/twiml.ts',
  'outbox/',
  'net/',
  'chart/',
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('words for people come from the catalogue', () => {
  it('no file outside the catalogue writes an English sentence or a label for Slack', () => {
    const findings = sources(SRC)
      .map((file) => relative(SRC, file))
      .filter((file) => !ENGLISH_BY_DESIGN.some((allowed) => file.startsWith(allowed)))
      .flatMap((file) =>
        findEnglishLiterals(readFileSync(join(SRC, file), 'utf8'), file).map((f) => `${file}:${f.line} ${JSON.stringify(f.text)}`),
      );
    expect(findings).toEqual([]);
  });

  it('the check finds a sentence, a template and a one-word label, and passes logs, errors and identifiers', () => {
    const found = findEnglishLiterals(
      [
        "const a = 'That button is out of date';",
        'const b = `Paging stage ${n} now`;',
        "const c = { type: 'plain_text', text: 'Done' };",
        "log.warn({ n }, 'could not open the crisis form');",
        'throw new Error(`crisis ${id} not found`);',
        "const d = { type: 'mrkdwn', text: m.t('checklist.empty'), action_id: 'checklist_done', kind: 'send_page' };",
        "import type { X } from './some module.js';",
      ].join('\n'),
    );
    expect(found.map((f) => [f.line, f.text])).toEqual([
      [1, 'That button is out of date'],
      [2, 'Paging stage   now'],
      [3, 'Done'],
    ]);
  });
});
