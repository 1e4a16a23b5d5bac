import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { SlackStandin } from '../support/slack-standin.js';
import { startHarness, USERS, type Harness } from '../support/harness.js';
import { buttonsOf, json, shown } from '../support/blocks.js';

const TOKEN = 'alert-token-7c1e0d9b';
const PLAN = readFileSync(new URL('../fixtures/plan-alerts.yml', import.meta.url), 'utf8');
const ALERTMANAGER = readFileSync(new URL('../fixtures/alertmanager-v4.json', import.meta.url), 'utf8');

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const start = async () => (h = await startHarness({ plan: PLAN, env: { ALERT_TOKEN: TOKEN } }));

async function send(path: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  const res = await fetch(`${h!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as AlertAnswer };
}

/** What the alert endpoints answer (docs/alerts.md): an action per alert, or why not (4xx). */
interface AlertAnswer {
  ok?: boolean;
  errors?: string[];
  action?: string;
  alert_id?: number;
  crisis_id?: number;
  alerts?: { action: string; alert_id?: number; crisis_id?: number }[];
  baseline?: number;
  reasons?: string[];
}

/** An Alertmanager webhook body, as the fixture has it. */
type AlertmanagerBody = Record<string, unknown> & { status: string; alerts: Record<string, unknown>[] };

const alertMessages = () => h!.standin.messages('C0ALERTS');

describe('alert endpoints: authentication and validation', () => {
  it('answer 503 while ALERT_TOKEN is unset', async () => {
    h = await startHarness();
    const res = await send('/alerts', { title: 'x', severity: 'sev2' });
    expect(res.status).toBe(503);
    expect(res.body.errors?.[0]).toContain('ALERT_TOKEN is not set');
  });

  it('answer 401 without the right bearer token, on every endpoint, and record nothing', async () => {
    await start();
    for (const path of ['/alerts', '/alerts/alertmanager', '/signals']) {
      expect((await send(path, {}, {})).status).toBe(401);
      expect((await send(path, {}, { authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await send(path, {}, { authorization: TOKEN })).status).toBe(401);
    }
    expect(alertMessages()).toHaveLength(0);
    expect(h!.logs.join('')).not.toContain(TOKEN);
  });

  it('answer 400 naming every failing field, 400 for broken JSON and 413 over 1 MB', async () => {
    await start();
    const bad = await send('/alerts', { severity: 'sev9', url: 'javascript:alert(1)', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^title: /),
        expect.stringMatching(/^severity: /),
        expect.stringMatching(/^url: /),
        expect.stringContaining('extra'),
      ]),
    );
    const broken = await send('/alerts', '{"title": "half');
    expect(broken).toMatchObject({ status: 400, body: { errors: ['body is not valid JSON'] } });
    const huge = await send('/alerts', JSON.stringify({ title: 'x', severity: 'sev3', summary: 'y'.repeat(1_100_000) }));
    expect(huge.status).toBe(413);
    const signal = await send('/signals', { source: 'x', mentions: -1, negative: 3 });
    expect(signal.status).toBe(400);
    expect(signal.body.errors?.some((e: string) => e.startsWith('mentions: '))).toBe(true);
    const am = await send('/alerts/alertmanager', { version: '3', alerts: [] });
    expect(am.body.errors).toEqual(
      expect.arrayContaining([expect.stringMatching(/^version: /), expect.stringMatching(/^alerts: /), expect.stringMatching(/^status: /)]),
    );
    await h!.bot.worker.idle();
    expect(alertMessages()).toHaveLength(0);
  });
});

describe('triage', () => {
  it('posts an alert below open_at with its details and three buttons; Dismiss is recorded once', async () => {
    await start();
    const res = await send('/alerts', {
      title: 'Negative spike on TikTok',
      severity: 'sev2',
      source: 'brandwatch',
      summary: 'A video of the spill is trending.',
      url: 'https://listening.example.com/q/42',
    });
    expect(res).toMatchObject({ status: 202, body: { action: 'triage', alert_id: expect.any(Number) as unknown } });
    const message = await h!.standin.waitFor(() => alertMessages()[0]);
    const text = json(message.blocks);
    for (const part of [
      'Negative spike on TikTok',
      'SEV2',
      'brandwatch',
      'A video of the spill is trending.',
      'https://listening.example.com/q/42',
    ]) {
      expect(text).toContain(part);
    }
    expect(buttonsOf(message.blocks).map((b) => b.text.text)).toEqual(['Open crisis', 'Customer service', 'Dismiss']);

    const value = buttonsOf(message.blocks)[2]!.value;
    await h!.click(ActionId.alertDismiss, value, { user: USERS.anna, channel: 'C0ALERTS' });
    await h!.standin.waitFor(() => json(message.blocks).includes('Dismissed by <@U0ANNA>'));
    expect(buttonsOf(message.blocks)).toHaveLength(0);

    const again = await h!.click(ActionId.alertOpen, value, { user: USERS.omar, channel: 'C0ALERTS' });
    const reply = await h!.standin.waitFor(() => h!.standin.responses.find((r) => r.path === new URL(again.responseUrl).pathname));
    expect(reply.body.text).toContain('already decided by <@U0ANNA>');
    expect(await h!.bot.service.listOpen()).toHaveLength(0);
  });

  it('Open crisis opens a crisis from the alert, linked in the summary and the timeline', async () => {
    await start();
    await send('/alerts', { title: 'Boycott hashtag trending', severity: 'sev2', source: 'talkwalker', url: 'https://tw.example.com/a/9' });
    const message = await h!.standin.waitFor(() => alertMessages()[0]);
    await h!.click(ActionId.alertOpen, buttonsOf(message.blocks)[0]!.value, { user: USERS.omar, channel: 'C0ALERTS' });
    const crisis = await h!.standin.waitFor(async () => (await h!.bot.service.listOpen()).find((c) => c.channelId !== null));
    expect(crisis).toMatchObject({ title: 'Boycott hashtag trending', severity: 'sev2', openerId: 'U0OMAR' });
    await h!.standin.waitFor(() => h!.standin.messages(crisis.channelId!).length >= 2);
    expect(json(h!.standin.messages(crisis.channelId!)[0]!.blocks)).toContain('https://tw.example.com/a/9');
    const events = (await h!.bot.service.snapshot(crisis.id))!.timeline.map((e) => e.event);
    expect(events).toContainEqual({
      kind: 'alert',
      how: 'triage',
      title: 'Boycott hashtag trending',
      source: 'talkwalker',
      severity: 'sev2',
      url: 'https://tw.example.com/a/9',
    });
    await h!.standin.waitFor(
      () => json(message.blocks).includes(`Opened as a crisis by <@U0OMAR>`) && json(message.blocks).includes(`<#${crisis.channelId}>`),
    );
  });

  it('during an open crisis an alert offers Add to crisis instead of a second Open crisis; the crisis gets it once', async () => {
    await start();
    const { channelId } = await h!.openCrisis('Boycott call trending');
    const crisis = (await h!.bot.service.crisisInChannel(channelId))!;
    await send('/alerts', {
      title: 'Negative share up on Instagram',
      severity: 'sev2',
      source: 'talkwalker',
      url: 'https://tw.example.com/a/10',
    });
    const message = await h!.standin.waitFor(() => alertMessages()[0]);
    const buttons = buttonsOf(message.blocks);
    expect(buttons.map((b) => b.text.text)).toEqual(['Add to crisis', 'Customer service', 'Dismiss']);
    expect(json(message.blocks)).toContain(`A crisis is open (<#${channelId}>)`);
    const add = buttons[0]!;
    expect(add).toMatchObject({ action_id: ActionId.alertAddToCrisis });

    // A forged value, and the crisis closed under the button, change nothing.
    const forged = await h!.click(ActionId.alertAddToCrisis, 'x:y', { user: USERS.omar, channel: 'C0ALERTS' });
    const forgedReply = await h!.standin.waitFor(() => h!.standin.responses.find((r) => r.path === new URL(forged.responseUrl).pathname));
    expect(forgedReply.body.text).toContain('out of date');

    // Two people press it at once: one decision, one notice in the crisis channel, no second crisis.
    await Promise.all(
      [USERS.omar, USERS.anna].map((user) => h!.click(ActionId.alertAddToCrisis, add.value, { user, channel: 'C0ALERTS' })),
    );
    await h!.standin.waitFor(() => json(message.blocks).includes('Added to the open crisis by'));
    expect(json(message.blocks)).toContain(`<#${channelId}>`);
    expect(buttonsOf(message.blocks)).toHaveLength(0);
    const notice = await h!.standin.waitFor(() =>
      h!.standin.messages(channelId).find((m) => m.text?.includes('added an alert from the alerts channel to this crisis')),
    );
    expect(notice.text).toContain('*Negative share up on Instagram* (talkwalker)');
    await h!.bot.worker.idle();
    expect(h!.standin.messages(channelId).filter((m) => m.text?.includes('added an alert from the alerts channel'))).toHaveLength(1);
    expect(await h!.bot.service.listOpen()).toHaveLength(1);
    const events = (await h!.bot.service.snapshot(crisis.id))!.timeline.map((e) => e.event).filter((e) => e.kind === 'alert');
    expect(events).toEqual([
      {
        kind: 'alert',
        how: 'added',
        title: 'Negative share up on Instagram',
        source: 'talkwalker',
        severity: 'sev2',
        url: 'https://tw.example.com/a/10',
      },
    ]);

    // Once the crisis is closed, a new alert offers Open crisis again, and an old Add to crisis is refused.
    await send('/alerts', { title: 'Second wave', severity: 'sev2', source: 'talkwalker' });
    const second = await h!.standin.waitFor(() => alertMessages().find((m) => json(m.blocks).includes('Second wave')));
    const stale = buttonsOf(second.blocks)[0]!;
    await h!.command('close', { channel: channelId, user: USERS.omar });
    const refused = await h!.click(ActionId.alertAddToCrisis, stale.value, { user: USERS.omar, channel: 'C0ALERTS' });
    const reply = await h!.standin.waitFor(() => h!.standin.responses.find((r) => r.path === new URL(refused.responseUrl).pathname));
    expect(reply.body.text).toContain('closed');
    await send('/alerts', { title: 'Third wave', severity: 'sev2', source: 'brandwatch' });
    const third = await h!.standin.waitFor(() => alertMessages().find((m) => json(m.blocks).includes('Third wave')));
    expect(buttonsOf(third.blocks)[0]).toMatchObject({ action_id: ActionId.alertOpen, text: { text: 'Open crisis' } });
  });

  it('Customer service hands the alert over in the plan’s customer_service_channel, and the triage message links to it', async () => {
    const standin = await SlackStandin.start();
    standin.addChannel({ id: 'C0CS', name: 'customer-service', members: ['UBOT'] });
    h = await startHarness({ plan: `${PLAN}\ncustomer_service_channel: C0CS\n`, env: { ALERT_TOKEN: TOKEN }, standin });
    await send('/alerts', {
      title: 'Angry thread about delivery',
      severity: 'sev3',
      source: 'mention',
      url: 'https://forum.example.org/t/5',
      summary: 'Customers waiting two weeks',
    });
    const message = await h.standin.waitFor(() => alertMessages()[0]);
    const alertId = buttonsOf(message.blocks)[1]!.value;
    await h.click(ActionId.alertCustomerService, alertId, { user: USERS.kasia, channel: 'C0ALERTS' });
    const handoff = await h.standin.waitFor(() => h!.standin.messages('C0CS')[0]);
    expect(handoff.text).toBe('Handed over to customer service: Angry thread about delivery');
    expect(shown(handoff)).toBe(
      '💬 *Handed over by <@U0KASIA>* from the alerts channel: *Angry thread about delivery* (mention)\nhttps://forum.example.org/t/5\n>Customers waiting two weeks',
    );
    await h.standin.waitFor(
      () => json(message.blocks).includes('Handed to customer service by <@U0KASIA>') && json(message.blocks).includes('|the hand-off>'),
    );
    expect(json(message.blocks)).toContain(`/archives/C0CS/p${handoff.ts.replace('.', '')}|the hand-off>`);
    expect(await h.bot.service.listOpen()).toHaveLength(0);
    // A second click is told it was decided; nothing is handed over twice.
    await h.click(ActionId.alertCustomerService, alertId, { user: USERS.anna, channel: 'C0ALERTS' });
    await h.standin.waitFor(() => h!.standin.responses.some((r) => String(r.body.text).startsWith('This alert was already decided')));
    await h.bot.worker.idle();
    expect(h.standin.messages('C0CS')).toHaveLength(1);
  });

  it('without a customer_service_channel, Customer service says where to configure it and decides nothing', async () => {
    await start();
    await send('/alerts', { title: 'Angry thread about delivery', severity: 'sev3', source: 'mention' });
    const message = await h!.standin.waitFor(() => alertMessages()[0]);
    await h!.click(ActionId.alertCustomerService, buttonsOf(message.blocks)[1]!.value, { user: USERS.kasia, channel: 'C0ALERTS' });
    await h!.standin.waitFor(() =>
      h!.standin.responses.some(
        (r) => r.body.text === 'The crisis plan names no `customer_service_channel` to hand alerts over to: add it to the plan.',
      ),
    );
    expect(buttonsOf(alertMessages()[0]!.blocks)).toHaveLength(3);
    expect(await h!.rows(sql`select state from alerts`)).toEqual([{ state: 'triage' }]);
  });

  it('an alert at or above open_at opens a crisis at once and says so in the alerts channel', async () => {
    await start();
    const res = await send('/alerts', { title: 'Data leak claim going viral', severity: 'sev1', source: 'pagerduty' });
    expect(res).toMatchObject({ status: 202, body: { action: 'opened', crisis_id: expect.any(Number) as unknown } });
    const crisis = await h!.standin.waitFor(async () => (await h!.bot.service.listOpen()).find((c) => c.channelId !== null));
    expect(crisis.id).toBe(res.body.crisis_id);
    expect(crisis.severity).toBe('sev1');
    const notice = await h!.standin.waitFor(() => alertMessages()[0]);
    expect(json(notice.blocks)).toContain(`Opened a crisis at once (sev1)`);
    await h!.standin.waitFor(() => json(notice.blocks).includes(`<#${crisis.channelId}>`));
    expect(buttonsOf(notice.blocks)).toHaveLength(0);
    await h!.standin.waitFor(() => h!.standin.dm('U0OMAR')[0]); // sev1 pages stage 2 at once
  });
});

describe('dedup', () => {
  it('a repeated fingerprint in triage is counted on the message, not posted again', async () => {
    await start();
    const alert = { title: 'Mentions up', severity: 'sev3', source: 'meltwater', fingerprint: 'fp-1' };
    expect((await send('/alerts', alert)).body.action).toBe('triage');
    expect((await send('/alerts', alert)).body.action).toBe('duplicate');
    const third = await send('/alerts', { ...alert, title: 'Mentions up again' });
    expect(third.body).toMatchObject({ action: 'duplicate' });
    const message = await h!.standin.waitFor(() => alertMessages()[0]);
    await h!.standin.waitFor(() => json(message.blocks).includes('seen 3 times, last'));
    expect(alertMessages()).toHaveLength(1);
  });

  it('without a fingerprint, the same source and title are the same alert', async () => {
    await start();
    expect((await send('/alerts', { title: 'Outage rumour', severity: 'sev3', source: 'x' })).body.action).toBe('triage');
    expect((await send('/alerts', { title: 'outage RUMOUR', severity: 'sev2', source: 'X' })).body.action).toBe('duplicate');
    expect((await send('/alerts', { title: 'Outage rumour', severity: 'sev3', source: 'y' })).body.action).toBe('triage');
  });

  it('a repeat of the alert behind an open crisis lands in its timeline; after close it opens anew', async () => {
    await start();
    const alert = { title: 'Checkout down', severity: 'sev1', source: 'prometheus', fingerprint: 'fp-crisis' };
    const first = await send('/alerts', alert);
    const again = await send('/alerts', alert);
    expect(again.body).toEqual({ action: 'duplicate', alert_id: first.body.alert_id, crisis_id: first.body.crisis_id });
    const crisis = await h!.standin.waitFor(async () => (await h!.bot.service.listOpen()).find((c) => c.channelId !== null));
    expect((await h!.bot.service.snapshot(crisis.id))!.timeline.map((e) => e.event)).toContainEqual({
      kind: 'alert_seen',
      title: 'Checkout down',
      count: 2,
    });
    expect(await h!.bot.service.listOpen()).toHaveLength(1);

    await h!.command('close', { channel: crisis.channelId!, user: USERS.omar });
    expect((await send('/alerts', alert)).body.action).toBe('opened');
  });
});

describe('Alertmanager', () => {
  it('maps a recorded v4 delivery with two alerts; resolved notifications are recorded and open nothing', async () => {
    await start();
    const res = await send('/alerts/alertmanager', ALERTMANAGER);
    expect(res.status).toBe(202);
    expect(res.body.alerts?.map((a) => a.action)).toEqual(['opened', 'triage']);
    const crisis = await h!.standin.waitFor(async () => (await h!.bot.service.listOpen()).find((c) => c.channelId !== null));
    expect(crisis).toMatchObject({ title: 'Checkout failing for 30% of customers', severity: 'sev1' });
    const triage = await h!.standin.waitFor(() => alertMessages().find((m) => json(m.blocks).includes('BrandMentionsSpike')));
    expect(json(triage.blocks)).toContain('SEV2');

    const resolved = JSON.parse(ALERTMANAGER) as AlertmanagerBody;
    resolved.status = 'resolved';
    for (const a of resolved.alerts) a.status = 'resolved';
    const after = await send('/alerts/alertmanager', resolved);
    expect(after.body.alerts?.map((a) => a.action)).toEqual(['resolved', 'resolved']);
    await h!.standin.waitFor(() => json(triage.blocks).includes('source reports resolved'));
    expect((await h!.bot.service.snapshot(crisis.id))!.timeline.map((e) => e.event)).toContainEqual({
      kind: 'alert_resolved',
      title: 'Checkout failing for 30% of customers',
      source: 'alertmanager',
    });
    expect(await h!.bot.service.listOpen()).toHaveLength(1);

    const unknown = { ...resolved, alerts: [{ ...resolved.alerts[0], fingerprint: 'never-seen' }] };
    expect((await send('/alerts/alertmanager', unknown)).body.alerts).toEqual([{ action: 'ignored' }]);
  });
});

describe('signals', () => {
  it('learns a baseline, alerts once per excursion, naming the threshold and by how much', async () => {
    await start();
    for (let i = 0; i < 6; i++)
      expect((await send('/signals', { source: 'brandwatch', mentions: 100, negative: 10 })).body.action).toBe('learning');
    expect((await send('/signals', { source: 'brandwatch', mentions: 120, negative: 10 })).body).toMatchObject({
      action: 'recorded',
      baseline: 100,
    });

    const spike = await send('/signals', { source: 'brandwatch', mentions: 480, negative: 40 });
    expect(spike.body).toMatchObject({ action: 'triage', baseline: 100 });
    const message = await h!.standin.waitFor(() => alertMessages()[0]);
    expect(json(message.blocks)).toContain('480 mentions = 4.8 × baseline 100');
    expect(json(message.blocks)).toContain('brandwatch');

    expect((await send('/signals', { source: 'brandwatch', mentions: 520, negative: 40 })).body.action).toBe('duplicate');
    expect((await send('/signals', { source: 'brandwatch', mentions: 110, negative: 10 })).body.action).toBe('recorded');
    const second = await send('/signals', { source: 'brandwatch', mentions: 90, negative: 60 });
    expect(second.body.action).toBe('triage');
    expect(second.body.reasons?.[0]).toBe('60 of 90 mentions negative = 67% (threshold 50%)');
    await h!.standin.waitFor(() => alertMessages().length === 2);
    expect(await h!.bot.service.listOpen()).toHaveLength(0); // signals go to triage, never straight to a crisis
  });
});

describe('links cannot carry mentions', () => {
  it('a URL or generatorURL with <!here> or <!channel> is encoded, never rendered as a mention', async () => {
    await start();
    expect((await send('/alerts', { title: 'Y', severity: 'sev3', url: 'https://example.com/a><!here>' })).status).toBe(202);
    const am = JSON.parse(ALERTMANAGER) as AlertmanagerBody;
    am.alerts = [{ ...am.alerts[1], fingerprint: 'inject', generatorURL: 'http://x/> <!channel> <http://evil.example|click' }];
    expect((await send('/alerts/alertmanager', am)).status).toBe(202);
    await h!.standin.waitFor(() => alertMessages().length === 2);
    const rendered = json(alertMessages().map((m) => m.blocks));
    expect(rendered).not.toContain('<!here>');
    expect(rendered).not.toContain('<!channel>');
    expect(rendered).toContain('https://example.com/a%3E%3C!here%3E');
  });
});

describe('an alert that opens a crisis whose channel Slack refuses', () => {
  it('is still announced in the alerts channel, and nothing is left waiting', async () => {
    await start();
    h!.standin.inject('conversations.create', { error: 'restricted_action' }, 10);
    const res = await send('/alerts', { title: 'Sev1 with no channel', severity: 'sev1', source: 'pagerduty' });
    expect(res.body.action).toBe('opened');
    const message = await h!.standin.waitFor(() => alertMessages()[0]);
    expect(json(message.blocks)).toContain('Opened a crisis at once (sev1)');
    await h!.standin.waitFor(async () => (await h!.bot.service.backlog(res.body.crisis_id!)).pending === 0, 10_000);
  }, 20_000);
});
