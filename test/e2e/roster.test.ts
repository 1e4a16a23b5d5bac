import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackStandin } from '../support/slack-standin.js';
import { startHarness, type Harness } from '../support/harness.js';
import { shown } from '../support/blocks.js';

// A roster of people known only by email, in a workspace of hundreds, against a Slack that
// keeps its rate limits: the bot serves at once, pages who it knows, matches the rest by
// listing the workspace (not one lookup each), pages them as soon as they are matched, and
// remembers every match so a restart asks Slack nothing.

const MEMBERS = 80;
const FIXTURE = readFileSync(new URL('../fixtures/plan.yml', import.meta.url), 'utf8');
/** The fixture plan, with MEMBERS more customer-service people (paged at stage 1), by email. */
const PLAN = FIXTURE.replace(
  'stages:\n',
  Array.from(
    { length: MEMBERS },
    (_, i) => `  - name: Agent ${i + 1}\n    email: agent${i + 1}@example.com\n    roles: [customer-service]\n`,
  ).join('') + 'stages:\n',
);

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function workspace(): Promise<SlackStandin> {
  const standin = await SlackStandin.start({ latencyMs: 20 });
  for (let i = 1; i <= MEMBERS; i++) standin.addUser({ id: `UAGENT${i}`, name: `agent${i}`, email: `Agent${i}@Example.com` });
  for (let i = 0; i < 500; i++) standin.addUser({ id: `UOTHER${i}`, name: `other${i}`, email: `other${i}@example.com` });
  standin.limitRates();
  return standin;
}

const agentPages = (s: SlackStandin) => s.received.filter((c) => c.method === 'chat.postMessage' && /^UAGENT/.test(String(c.args.channel)));

describe('a roster of 80 people known by email', () => {
  it('pages who the bot knows at once, the others as soon as they are matched, and status names who is not matched yet', async () => {
    const standin = await workspace();
    // Slack is busy when the bot starts: the first listing is refused for two seconds.
    standin.inject('users.list', { status: 429, retryAfter: 2 });
    h = await startHarness({ plan: PLAN, standin, dontWaitForRoster: true });
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);

    const opened = await h.command('open sev3 Viral complaint about delivery');
    expect(opened.status).toBe(200);
    const crisis = await h.standin.waitFor(async () => (await h!.bot.service.listOpen()).find((c) => c.channelId));
    await h.standin.waitFor(() => h!.standin.dm('U0ANNA')[0]);
    const status = shown((await h.command('status', { channel: crisis.channelId! })).body!);
    expect(status).toContain(
      `Not paged yet: ${MEMBERS + 1} roster members whose emails are not matched to a Slack account: Kasia Nowak (kasia@example.com), Agent 1 (agent1@example.com)`,
    );

    await h.bot.ready;
    const pages = await h.standin.waitFor(() => (agentPages(standin).length === MEMBERS ? agentPages(standin) : undefined), 20_000);
    expect(new Set(pages.map((c) => c.args.channel)).size).toBe(MEMBERS); // each once
    await h.standin.waitFor(() => h!.standin.dm('U0KASIA')[0]);
    expect(standin.callsTo('users.lookupByEmail')).toHaveLength(0);
    expect(standin.callsTo('users.list').length).toBeLessThanOrEqual(5); // 583 people, 200 a page, and the refused one
    const after = shown((await h.command('status', { channel: crisis.channelId! })).body!);
    expect(after).not.toContain('Not paged yet');
    expect(after).toContain('<@UAGENT80> stage 1: paged');
    expect(standin.rateLimited).toBe(0); // besides the injected refusal, the bot waited its turn
  }, 40_000);

  it('a restart matches nobody again: every email was kept', async () => {
    const standin = await workspace();
    h = await startHarness({ plan: PLAN, standin });
    const asked = standin.callsTo('users.list').length;
    expect(asked).toBeGreaterThan(0);
    await h.restart();
    expect(standin.callsTo('users.list')).toHaveLength(asked);
    expect(standin.callsTo('users.lookupByEmail')).toHaveLength(0);
    expect(h.bot.plan.roster).toHaveLength(MEMBERS + 3);
  });
});
