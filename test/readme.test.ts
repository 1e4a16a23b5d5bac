import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlan, type Plan } from '../src/config/plan.js';
import type { Language } from '../src/i18n/languages.js';
import { Messages } from '../src/i18n/messages.js';
import { renderNotice } from '../src/slack/views/notices.js';

// The README shows one notice in each language; it must be what the bot says.

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const PLANS: Record<Language, string> = { en: 'crisis-plan.example.yml', sv: 'test/fixtures/plan-sv.yml', pl: 'test/fixtures/plan-pl.yml' };

function planOf(language: Language): Plan {
  const unresolved = parsePlan(read(PLANS[language]), PLANS[language]);
  return { ...unresolved, roster: unresolved.roster.map((m) => ({ ...m, slackId: m.slackId ?? 'U0KASIA' })) };
}

describe('README', () => {
  it('shows the escalation notice exactly as the bot writes it in each language', () => {
    const readme = read('README.md');
    for (const language of ['en', 'sv', 'pl'] as const) {
      const plan = planOf(language);
      const notice = renderNotice(
        { m: new Messages(language, plan.timeZone), plan, botUserId: 'UBOT' },
        { kind: 'escalated', to: 2, paged: ['U0OMAR'], cause: { kind: 'deadline', stage: 1, timeoutMs: 10 * 60_000 }, actorId: null },
      );
      expect(readme).toContain(`${language}  ${notice.text.replace('<@U0OMAR>', '@Omar Nilsson')}\n`);
    }
  });
});
