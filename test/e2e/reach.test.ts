import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { examplePlanText } from '../unit/support.js';
import { buttonsOf, json, shown } from '../support/blocks.js';
import { dmsOf, startHarness, USERS, type Harness } from '../support/harness.js';

// Issue 12's scenario, with the example plan: an alert at 3 a.m. must wake someone, the lead
// must be told, whoever was paged may raise the alarm, reminders must reach their people, and a
// crisis opened in a hurry can be put right.

const TOKEN = 'alert-token-reach';
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** The example plan with second-scale timers where a test waits for them. */
function examplePlan(o: { remindAfter?: string; updatesEvery?: string } = {}): string {
  let plan = examplePlanText();
  if (o.remindAfter) plan = plan.replace(/remind_after: 15m/, `remind_after: ${o.remindAfter}`);
  if (o.updatesEvery) plan = plan.replace(/every: 30m/, `every: ${o.updatesEvery}`);
  return plan;
}

async function signal(body: unknown) {
  const res = await fetch(`${h!.url}/signals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { action?: string; baseline?: number; reasons?: string[] };
}

const texts = (channel: string) => h!.standin.messages(channel).map((m) => m.text ?? '');
const crisisIn = async (channelId: string) => (await h!.bot.service.crisisInChannel(channelId))!;

describe('a listening alert at 3 a.m., with the example plan', () => {
  it('wakes someone, informs the lead, lets the paged escalate, and can be retitled, retyped and given a lead', async () => {
    h = await startHarness({ plan: examplePlan({ remindAfter: '1s' }), env: { ALERT_TOKEN: TOKEN } });
    for (let i = 0; i < 6; i++) await signal({ source: 'brandwatch', mentions: 100, negative: 10 });
    expect((await signal({ source: 'brandwatch', mentions: 480, negative: 40 })).action).toBe('triage');

    // The triage message mentions alerts.notify (the social-media manager): somebody is woken.
    const triage = await h.standin.waitFor(() => h!.standin.messages('C0ALERTS')[0]);
    expect(json(triage.blocks)).toContain('For triage: <@U0ANNA>');
    // Nobody decides: after remind_after, one reminder in the alerts channel, to the same people.
    const reminder = await h.standin.waitFor(
      () => h!.standin.messages('C0ALERTS').find((m) => m.text?.includes('waits for a decision')),
      10_000,
    );
    expect(json(reminder.blocks)).toMatch(
      /This alert has waited \d+s for a decision: <https:\/\/standin\.slack\.com\/archives\/C0ALERTS\/p\d+\|Listening: brandwatch crossed its thresholds>\. <@U0ANNA>: open a crisis/,
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.standin.messages('C0ALERTS').filter((m) => m.text?.includes('waits for a decision'))).toHaveLength(1);

    // Anna opens a crisis from it.
    await h.click(ActionId.alertOpen, buttonsOf(triage.blocks)[0]!.value, { user: USERS.anna, channel: 'C0ALERTS' });
    const opened = await h.standin.waitFor(async () => (await h!.bot.service.listOpen()).find((c) => c.channelId));
    const channelId = opened.channelId!;
    await h.standin.waitFor(async () => (await h!.bot.service.backlog(opened.id)).pending === 0);
    expect(opened.title).toBe('Listening: brandwatch crossed its thresholds');
    const summary = () => shown(h!.standin.messages(channelId)[0]!);
    expect(summary()).toContain(
      'Opened from the alert "Listening: brandwatch crossed its thresholds" (brandwatch). Give it a better title with `/crisis title &lt;text&gt;`.',
    );
    expect(summary()).toContain('*Crisis lead*: <@U0OMAR> (+46 70 000 00 02)');
    expect(summary()).toContain('<https://intra.example.com/social-media-policy|Social media policy>');
    expect(summary()).toContain('Next status update due');
    expect(summary()).toContain('_Serious: Growing criticism in our channels; answer within the hour_');

    // The lead is told at once and invited, though stage 1 is not his.
    const told = await h.standin.waitFor(() => dmsOf(h!.standin, 'U0OMAR', 'inform')[0]);
    expect(json(told.blocks)).toContain(`<#${channelId}>`);
    expect(h.standin.channels.get(channelId)!.members.has('U0OMAR')).toBe(true);
    expect(dmsOf(h.standin, 'U0OMAR', 'page')).toHaveLength(0);

    // Anna acknowledges, which stops the chain, and may still escalate: she was paged.
    const page = await h.standin.waitFor(() => dmsOf(h!.standin, 'U0ANNA', 'page')[0]);
    const [ack] = buttonsOf(page.blocks);
    expect(ack!.style).toBe('primary');
    await h.click(ActionId.pageAck, ack!.value, { user: USERS.anna });
    const escalated = await h.command('escalate', { channel: channelId, user: USERS.anna });
    expect(escalated.body?.text).toBe('Paging stage 2 (Crisis group).');
    await h.standin.waitFor(() => dmsOf(h!.standin, 'U0OMAR', 'page')[0]);
    await h.standin.waitFor(() => summary().includes('• stage 2 (Crisis group): <@U0OMAR> (+46 70 000 00 02) ⏳. Anna Berg escalated.'));
    expect(summary()).toContain(
      '• stage 1 (Social team): <@U0ANNA> (+46 70 000 00 01) ✅ and <@U0KASIA> ⏳. Paged when the crisis opened.',
    );

    // Amending is for the leads (the close mandate) and the crisis lead named for it.
    const refused = await h.command('title Boycott call after the viral video', { channel: channelId, user: USERS.kasia });
    expect(refused.body?.text).toBe('Only Omar Nilsson (crisis-lead) may change the title, type or lead of a crisis.');
    expect((await crisisIn(channelId)).title).toBe('Listening: brandwatch crossed its thresholds');

    const retitled = await h.command('title Boycott call after the viral video', { channel: channelId, user: USERS.omar });
    expect(retitled.body?.text).toBe(
      'The crisis is now called *Boycott call after the viral video*; the channel, summary and pages follow.',
    );
    const date = /^crisis-(\d{8})-/.exec(opened.channelName!)![1];
    await h.standin.waitFor(() => h!.standin.channels.get(channelId)!.name === `crisis-${date}-boycott-call-after-the-viral-video`);
    await h.standin.waitFor(() => h!.standin.channels.get(channelId)!.topic.includes('Boycott call after the viral video'));
    await h.standin.waitFor(() => summary().startsWith('*Boycott call after the viral video*'), 30_000);
    await h.standin.waitFor(
      () => json(dmsOf(h!.standin, 'U0ANNA', 'page')[0]!.blocks).includes('Boycott call after the viral video'),
      30_000,
    );
    await h.standin.waitFor(async () => (await crisisIn(channelId)).channelName === `crisis-${date}-boycott-call-after-the-viral-video`);

    const retyped = await h.command('type data-breach', { channel: channelId, user: USERS.omar });
    expect(retyped.body?.text).toBe('The crisis is now of type *data-breach*; 2 checklist items added.');
    const items = (await h.bot.service.snapshot(opened.id))!.items.map((i) => i.text);
    expect(items).toEqual([
      'Pause all scheduled posts',
      'Publish a holding statement',
      'Brief customer service with the holding answers',
      'Collect the questions people ask for an internal Q&A',
      'Confirm scope with IT security',
      'Check who still has access to the brand accounts',
    ]);
    // Re-renders wait their turn for chat.update (Tier 3, about 50 a minute for the whole app).
    await h.standin.waitFor(() => json(h!.standin.messages(channelId)[1]!.blocks).includes('Confirm scope with IT security'), 30_000);
    expect((await h.command('type data-breach', { channel: channelId, user: USERS.omar })).body?.text).toBe(
      'This crisis is already of type data-breach.',
    );

    const led = await h.command('lead <@U0ANNA|anna>', { channel: channelId, user: USERS.omar });
    expect(led.body?.text).toBe('<@U0ANNA> now leads the crisis.');
    await h.standin.waitFor(() => summary().includes('*Crisis lead*: <@U0ANNA> (+46 70 000 00 01)'), 30_000);
    expect((await h.command('lead omar', { channel: channelId, user: USERS.omar })).body?.text).toBe(
      'Name the new lead with a mention: `/crisis lead @person`.',
    );

    // The lead named for this crisis may close it, without the close mandate.
    expect((await h.command('close Calm again', { channel: channelId, user: USERS.anna })).body?.text).toBe(
      'Crisis closed; the debrief is being posted.',
    );
    const upload = await h.standin.waitFor(() => h!.standin.uploads.find((u) => u.completed));
    expect(upload.content).toContain(
      'renamed the crisis from "Listening: brandwatch crossed its thresholds" to "Boycott call after the viral video"',
    );
    expect(upload.content).toContain('changed the type from General to Data breach (2 checklist items added)');
    // The spike that set it off is how big it got (the debrief's first screen).
    expect(upload.content).toContain('**How big it got:** a peak of 480 mentions in one reading (brandwatch,');
    expect(upload.content).toContain('Omar Nilsson made Anna Berg the crisis lead');
    expect(upload.content).toContain('Informed Omar Nilsson (stage 1 (Social team)), no acknowledgement expected');
  }, 120_000);
});

describe('triage reminders', () => {
  it('an alert decided before remind_after is not reminded', async () => {
    h = await startHarness({ plan: examplePlan({ remindAfter: '1s' }), env: { ALERT_TOKEN: TOKEN } });
    const res = await fetch(`${h.url}/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ title: 'Angry thread', severity: 'sev3', source: 'talkwalker' }),
    });
    expect(res.status).toBe(202);
    const triage = await h.standin.waitFor(() => h!.standin.messages('C0ALERTS')[0]);
    await h.click(ActionId.alertDismiss, buttonsOf(triage.blocks)[2]!.value, { user: USERS.anna, channel: 'C0ALERTS' });
    // Its reminder's time comes and goes: decided, so nothing is posted.
    await h.standin.waitFor(async () => (await h!.job('due:remind:alert:1'))?.state === 'done', 10_000);
    await h.bot.worker.idle();
    expect(h.standin.messages('C0ALERTS')).toHaveLength(1);
  }, 30_000);
});

describe('reminders reach their people', () => {
  it('a lead outside the channel is invited by the reminder, or told by DM when Slack will not let him in', async () => {
    h = await startHarness({ plan: examplePlan({ updatesEvery: '2s' }) });
    const { channelId } = await h.openCrisis('Quiet night', USERS.anna);
    const members = h.standin.channels.get(channelId)!.members;
    expect(members.has('U0OMAR')).toBe(true);
    members.delete('U0OMAR'); // he left the channel

    const first = await h.standin.waitFor(() => texts(channelId).find((t) => t.includes('No status update for')), 10_000);
    expect(first).toContain('<@U0OMAR>');
    expect(members.has('U0OMAR')).toBe(true); // invited before the reminder was posted
    expect(dmsOf(h.standin, 'U0OMAR', 'notice')).toHaveLength(0);

    members.delete('U0OMAR');
    h.standin.inject('conversations.invite', { error: 'user_is_restricted' });
    const dm = await h.standin.waitFor(() => dmsOf(h!.standin, 'U0OMAR', 'notice')[0], 10_000);
    expect(dm.text).toContain(`A reminder from <#${channelId}> (Quiet night); the bot could not add you to the channel:`);
    expect(dm.text).toContain('No status update for');
  }, 60_000);
});

describe('status, names and stranded crises', () => {
  it('Share in channel posts the status for everyone', async () => {
    h = await startHarness();
    const { channelId } = await h.openCrisis('Sharing');
    const status = await h.command('status', { channel: channelId, user: USERS.anna });
    const [share] = buttonsOf(status.body?.blocks);
    expect(share).toMatchObject({ action_id: ActionId.statusShare, text: { text: 'Share in channel' } });
    await h.click(ActionId.statusShare, share!.value, { user: USERS.anna, channel: channelId });
    const shared = await h.standin.waitFor(() =>
      h!.standin.messages(channelId).find((m) => m.text?.startsWith('📋 *Status*, shared by <@U0ANNA>')),
    );
    expect(shown(shared)).toContain('*Sharing* · open');
    // A forged id changes nothing.
    const forged = await h.click(ActionId.statusShare, '999', { user: USERS.anna, channel: channelId });
    expect(forged.status).toBe(200);
    await h.bot.worker.idle();
    expect(h.standin.messages(channelId).filter((m) => m.text?.startsWith('📋'))).toHaveLength(1);
  });

  it('names people as the plan names them, else as Slack shows them, in the debrief', async () => {
    h = await startHarness();
    h.standin.addUser({ id: 'U0OPENER', name: 'olle', realName: 'Olle Svensson' });
    const { channelId } = await h.openCrisis('Names');
    await h.command('close', { channel: channelId, user: USERS.omar });
    const upload = await h.standin.waitFor(() => h!.standin.uploads.find((u) => u.completed));
    expect(upload.content).toContain('Opened by Olle Svensson');
    expect(upload.content).toContain('Closed by Omar Nilsson');
    expect(upload.content).not.toMatch(/\bolle\b/);
  });

  it('a crisis whose channel Slack refused for good is closed from /crisis list, by its opener', async () => {
    h = await startHarness();
    h.standin.inject('conversations.create', { error: 'restricted_action' }, 10);
    await h.command('open Stranded', { user: USERS.opener });
    const crisis = await h.standin.waitFor(async () => {
      for (const c of await h!.bot.service.listOpen()) if ((await h!.bot.service.backlog(c.id)).failed > 0) return c;
      return undefined;
    }, 15_000);
    const list = await h.command('list', { user: USERS.opener });
    const [close] = buttonsOf(list.body?.blocks);
    expect(close).toMatchObject({ action_id: ActionId.closeStranded, value: String(crisis.id), text: { text: 'Close' } });
    expect(close!.confirm?.title?.text).toBe('Close this crisis?');

    const refused = await h.click(ActionId.closeStranded, close!.value, { user: USERS.kasia });
    expect(refused.status).toBe(200);
    await h.standin.waitFor(() => h!.standin.responses.some((r) => r.body.text?.includes('Only Omar Nilsson')));
    expect(await h.bot.service.listOpen()).toHaveLength(1);

    await h.click(ActionId.closeStranded, close!.value, { user: USERS.opener });
    await h.standin.waitFor(async () => (await h!.bot.service.listOpen()).length === 0);
    const archived = await h.standin.waitFor(() => h!.standin.messages('C0DEBRIEF').find((m) => m.text?.includes('Stranded')));
    expect(archived.text).toContain('Debrief');
    expect((await h.command('list')).body?.text).toBe('No crisis is open.');
  }, 60_000);
});
