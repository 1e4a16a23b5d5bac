import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { buttonsOf, json } from '../support/blocks.js';
import { freePort } from '../support/bot-process.js';
import { startHarness, USERS, type Harness } from '../support/harness.js';
import { buttonBody, commandBody } from '../support/slack-requests.js';
import { SlackStandin } from '../support/slack-standin.js';

// Socket Mode, for teams without a public URL: the bot asks Slack (the stand-in) for a socket
// with its app-level token, gets commands and clicks over it and acknowledges each envelope,
// while /healthz and /alerts are still served on PORT.

const TOKEN = 'alert-token-socket-5e7a';
const PLAN = readFileSync(new URL('../fixtures/plan-alerts.yml', import.meta.url), 'utf8');
const APP_TOKEN = 'xapp-1-A0CRISIS-0001-socketsecret';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** What Slack sends over the socket: the same fields as over HTTP, as a JSON object. */
const commandPayload = (text: string, o: { channel?: string } = {}) =>
  Object.fromEntries(new URLSearchParams(commandBody(text, { responseUrl: h!.standin.responseUrl(), user: USERS.opener, ...o })));
const clickPayload = (actionId: string, value: string, channel: string): unknown =>
  JSON.parse(
    new URLSearchParams(buttonBody(actionId, value, { user: USERS.anna, channel, responseUrl: h!.standin.responseUrl() })).get('payload')!,
  );

async function startSocketBot(): Promise<Harness> {
  const port = await freePort();
  h = await startHarness({ plan: PLAN, env: { SLACK_APP_TOKEN: APP_TOKEN, PORT: String(port), ALERT_TOKEN: TOKEN } });
  await h.standin.waitFor(() => h!.standin.socket.connected);
  return h;
}

describe('Socket Mode', () => {
  it('opens a crisis and ticks an item over the socket, acknowledging each envelope', async () => {
    await startSocketBot();
    const open = h!.standin.received.find((c) => c.method === 'apps.connections.open');
    expect(open).toBeDefined();
    expect(h!.standin.socket.connections).toBe(1);

    const opened = await h!.standin.socket.send('slash_commands', commandPayload('open sev2 Boycott call trending'));
    expect(opened.payload).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Boycott call trending') as unknown });
    const crisis = await h!.standin.waitFor(async () => (await h!.bot.service.listOpen()).find((c) => c.channelId));
    const checklist = await h!.standin.waitFor(() => h!.standin.messages(crisis.channelId!)[1]);
    const [item] = buttonsOf(checklist.blocks);

    const ticked = await h!.standin.socket.send('interactive', clickPayload(ActionId.checklistDone, item!.value, crisis.channelId!));
    expect(ticked.envelope_id).toBeTruthy();
    const snap = await h!.standin.waitFor(async () => {
      const s = (await h!.bot.service.snapshot(crisis.id))!;
      return s.items.some((i) => i.doneBy === USERS.anna.id) ? s : undefined;
    });
    expect(snap.items.filter((i) => i.doneAt !== null)).toHaveLength(1);
    await h!.standin.waitFor(() => json(h!.standin.messages(crisis.channelId!)[1]!.blocks).includes('done by <@U0ANNA>'));

    // Commands and clicks come only over the socket: PORT has no /slack/events to forge them at.
    expect((await h!.post(commandBody('open sev1 Forged', { responseUrl: h!.standin.responseUrl() }))).status).toBe(404);
    expect(await h!.bot.service.listOpen()).toHaveLength(1);
  });

  it('serves /healthz and /alerts on PORT, and answers a bad command over the socket without recording anything', async () => {
    await startSocketBot();
    expect((await fetch(`${h!.url}/healthz`)).status).toBe(200);
    const alert = await fetch(`${h!.url}/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ title: 'Mention spike', severity: 'sev3', source: 'listening' }),
    });
    expect(alert.status).toBe(202);
    await h!.standin.waitFor(() => h!.standin.messages('C0ALERTS').length === 1);

    const bad = await h!.standin.socket.send('slash_commands', commandPayload('close', { channel: 'C0GENERAL' }));
    expect(bad.payload).toMatchObject({ response_type: 'ephemeral' });
    expect((bad.payload as { text: string }).text.split('\n')).toHaveLength(1);
    expect(await h!.bot.service.listOpen()).toHaveLength(0);
  });

  it('does not start with an app token Slack refuses, naming why', async () => {
    const standin = await SlackStandin.start();
    standin.refusedTokens.add(APP_TOKEN);
    try {
      const attempt = startHarness({ plan: PLAN, standin, env: { SLACK_APP_TOKEN: APP_TOKEN, PORT: String(await freePort()) } });
      await expect(attempt).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
      expect(standin.socket.connections).toBe(0);
    } finally {
      await standin.close();
    }
  });
});
