import { existsSync, readFileSync } from 'node:fs';
import { WebClient } from '@slack/web-api';
import { livePlan, readPlan } from './config/plan.js';
import { checkPlan, isWarning, type PersonFacts } from './domain/plan-check.js';
import { Messages } from './i18n/messages.js';
import { scrubTokens } from './logger.js';
import { slackFacts } from './slack/plan-facts.js';
import { escapeMrkdwn } from './slack/views/mrkdwn.js';
import { planCheckLines, terminalText } from './slack/views/plan.js';

/**
 * `npm run plan:check [file]`: the plan (CRISIS_PLAN, else ./crisis-plan.yml) as a crisis would
 * meet it: every problem start-up would stop at, who each stage would page now and its gaps. With
 * SLACK_BOT_TOKEN, Slack is asked about every member (found, deactivated, Do Not Disturb at
 * night). Exit code 1 when the plan has an error or a gap, so a repository's CI can gate on it.
 */
async function main(): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const file = process.argv[2] ?? (process.env.CRISIS_PLAN?.trim() || './crisis-plan.yml');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})\n`);
    return 1;
  }
  const { plan, problems } = readPlan(text, file);
  if (!plan) {
    process.stderr.write(problems.map((p) => `${p}\n`).join(''));
    return 1;
  }
  const token = process.env.SLACK_BOT_TOKEN?.trim() || undefined;
  // Without Twilio nobody is called, whatever phone_after says.
  const phoneOn = Boolean(process.env.TWILIO_ACCOUNT_SID?.trim());
  const facts: Map<string, PersonFacts> = token
    ? await slackFacts(new WebClient(token, { slackApiUrl: process.env.SLACK_API_URL?.trim() || undefined, retryConfig: { retries: 3 } }), {
        members: plan.roster,
        timeZone: plan.timeZone,
      })
    : new Map<string, PersonFacts>();
  const check = checkPlan(plan, facts, phoneOn);
  const roster = plan.roster.flatMap((m) => {
    const slackId = m.slackId ?? facts.get(m.name)?.slackId;
    return slackId ? [{ ...m, slackId }] : [];
  });
  const view = { m: new Messages(plan.language, plan.timeZone), plan: livePlan(plan, () => roster), botUserId: '' };
  process.stdout.write(terminalText(planCheckLines(view, check, (p) => escapeMrkdwn(p.name), token !== undefined)));
  return check.gaps.some((g) => !isWarning(g)) ? 1 : 0;
}

main().then(
  // exitCode, not exit(): a piped stdout is written out before the process ends.
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`crisis-bot plan:check: ${scrubTokens(message)}\n`);
    process.exit(1);
  },
);
