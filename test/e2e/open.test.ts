import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelName } from '../../src/domain/text.js';
import { dateStamp } from '../../src/domain/time.js';
import { ActionId, CallbackId } from '../../src/slack/ids.js';
import { dmsOf, startHarness, USERS, type Harness } from '../support/harness.js';
import { buttonsOf, json } from '../support/blocks.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

describe('/crisis open', () => {
  it('creates the channel, topic, invites, summary, checklist and pages stage 1', async () => {
    const res = await h.command('open sev2 Boycott call trending on Instagram', { user: USERS.opener });
    expect(res.status).toBe(200);
    expect(res.body?.response_type).toBe('ephemeral');
    expect(res.body?.text).toContain('Boycott call trending on Instagram');

    const name = channelName('crisis', dateStamp(Date.now(), h.bot.plan.timeZone), 'Boycott call trending on Instagram');
    const channel = await h.standin.waitFor(() => h.standin.channelByName(name));
    expect(name).toMatch(/^crisis-\d{8}-boycott-call-trending-on-instagram$/);
    await h.standin.waitFor(
      () => h.standin.messages(channel.id).length >= 2 && channel.members.has('U0KASIA') && channel.members.has('U0OMAR'),
    );

    expect(channel.topic).toContain('SEV2');
    // Stage 1, the opener, and the crisis lead (the close mandate), who is informed, not paged.
    expect([...channel.members].sort()).toEqual(['U0ANNA', 'U0KASIA', 'U0OMAR', 'U0OPENER', 'UBOT']);
    const [summary, checklist] = h.standin.messages(channel.id);
    expect(json(summary!.blocks)).toContain('Roster contacts');
    expect(json(summary!.blocks)).toContain('+46 70 000 00 01');
    // The pin and the checklist both wait for the summary, then run in either order.
    await h.standin.waitFor(() => (channel.pins?.size ?? 0) > 0);
    expect(channel.pins).toEqual(new Set([summary!.ts])); // pinned, so it stays at hand
    const done = buttonsOf(checklist!.blocks);
    expect(done).toHaveLength(4);
    expect(done.every((b) => b.text.text === 'Done' && b.action_id === ActionId.checklistDone)).toBe(true);

    // Stage 1 only: Anna (by role) and Kasia (looked up by email at start), not Omar.
    for (const user of ['U0ANNA', 'U0KASIA']) {
      const dm = await h.standin.waitFor(() => h.standin.dm(user)[0]);
      const [ack] = buttonsOf(dm.blocks);
      expect(ack!.text.text).toBe('Acknowledge');
      expect(ack!.action_id).toBe(ActionId.pageAck);
      await h.standin.waitFor(() => json(h.standin.dm(user)[0]!.blocks).includes(`<#${channel.id}>`));
    }
    // Omar leads: told at once, with the channel, and asked for nothing.
    expect(dmsOf(h.standin, 'U0OMAR', 'page')).toHaveLength(0);
    const told = await h.standin.waitFor(() => dmsOf(h.standin, 'U0OMAR', 'inform')[0]);
    expect(told.text).toBe('For your information: crisis Boycott call trending on Instagram (sev2)');
    expect(json(told.blocks)).toContain(`Join <#${channel.id}>`);
    expect(json(told.blocks)).toContain('No acknowledgement needed; you are kept informed.');
    expect(buttonsOf(told.blocks)).toEqual([]);
  });

  it('pages before it posts: the first DM is sent no later than the channel is created', async () => {
    await h.openCrisis('Product failure video');
    const methods = h.standin.calls.map((c) => c.method);
    const firstPage = h.standin.calls.findIndex((c) => c.method === 'chat.postMessage' && String(c.args.channel).startsWith('U0'));
    expect(firstPage).toBeGreaterThanOrEqual(0);
    expect(firstPage).toBeLessThan(methods.indexOf('conversations.setTopic'));
    const posts = h.standin.calls.filter((c) => c.method === 'chat.postMessage' && String(c.args.channel).startsWith('C'));
    expect(json(posts[0]!.args.blocks)).toContain('Roster contacts'); // summary before checklist
    expect(json(posts[1]!.args.blocks)).toContain('Checklist');
  });

  it('sev1 starts at stage 2: stages 1 and 2 are paged at once', async () => {
    const { channelId } = await h.openCrisis('sev1 Data leak rumour');
    expect(h.standin.dm('U0OMAR')).toHaveLength(1); // paged, so not also informed
    expect(dmsOf(h.standin, 'U0OMAR', 'page')).toHaveLength(1);
    expect(h.standin.dm('U0ANNA')).toHaveLength(1);
    expect(h.standin.channels.get(channelId)!.members.has('U0OMAR')).toBe(true);
  });

  it('appends a number when the channel name is taken', async () => {
    const name = channelName('crisis', dateStamp(Date.now(), h.bot.plan.timeZone), 'Outage');
    h.standin.addChannel({ name });
    const { channelId } = await h.openCrisis('Outage');
    expect(h.standin.channels.get(channelId)!.name).toBe(`${name}-2`);
  });

  it('uses the type checklist and rejects an unknown type, severity or missing title without changing anything', async () => {
    const { channelId } = await h.openCrisis('type:data-breach Customer data on a forum');
    expect(json(h.standin.messages(channelId)[1]!.blocks)).toContain('Confirm scope with IT security');

    for (const [text, reason] of [
      ['open type:nope Title', 'Unknown crisis type "nope"'],
      ['open sev4 Title', 'Unknown severity "sev4"'],
      ['open sev1', 'Give the crisis a title'],
      [`open ${'x'.repeat(5000)}`, '5000 characters'],
    ] as const) {
      const res = await h.command(text);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ response_type: 'ephemeral' });
      expect(res.body?.text).toContain(reason);
    }
    expect(await h.bot.service.listOpen()).toHaveLength(1);
  });

  it('a repeated trigger_id opens one crisis', async () => {
    await h.command('open Repeated delivery', { triggerId: 'trigger-same' });
    const again = await h.command('open Repeated delivery', { triggerId: 'trigger-same' });
    expect(again.body?.text).toContain('already being opened');
    await h.standin.waitFor(async () => (await h.bot.service.listOpen())[0]?.channelId);
    expect(await h.bot.service.listOpen()).toHaveLength(1);
    expect(h.standin.callsTo('conversations.create')).toHaveLength(1);
  });

  it('without a title opens the form, and its submission opens the crisis', async () => {
    const res = await h.command('open');
    expect(res.status).toBe(200);
    const view = await h.standin.waitFor(() => h.standin.views[0]);
    expect(view.view.callback_id).toBe(CallbackId.openModal);

    const values = {
      title: { title_input: { type: 'plain_text_input', value: 'Employee post screenshotted' } },
      severity: { severity_select: { type: 'static_select', selected_option: { value: 'sev3' } } },
      type: { type_select: { type: 'static_select', selected_option: { value: 'default' } } },
      summary: { summary_input: { type: 'plain_text_input', value: 'A screenshot is spreading on X.' } },
    };
    const submitted = await h.submitView(CallbackId.openModal, values, { viewId: 'V0FORM1' });
    expect(submitted.status).toBe(200);
    const again = await h.submitView(CallbackId.openModal, values, { viewId: 'V0FORM1' });
    expect(again.status).toBe(200);
    const crisis = await h.standin.waitFor(async () => (await h.bot.service.listOpen()).find((c) => c.channelId !== null));
    expect(crisis).toMatchObject({ title: 'Employee post screenshotted', severity: 'sev3', summary: 'A screenshot is spreading on X.' });
    expect(await h.bot.service.listOpen()).toHaveLength(1);
  });

  it('the form refuses an empty title on the field and opens nothing', async () => {
    const res = await h.submitView(CallbackId.openModal, {
      title: { title_input: { type: 'plain_text_input', value: '   ' } },
      severity: { severity_select: { type: 'static_select', selected_option: { value: 'sev2' } } },
      type: { type_select: { type: 'static_select', selected_option: { value: 'default' } } },
    });
    expect(res.body).toMatchObject({ response_action: 'errors', errors: { title: expect.stringContaining('title') as unknown } });
    expect(await h.bot.service.listOpen()).toHaveLength(0);
  });

  it('tells the caller when the form cannot be opened', async () => {
    h.standin.inject('views.open', { error: 'expired_trigger_id' });
    await h.command('open');
    const reply = await h.standin.waitFor(() => h.standin.responses[0]);
    expect(reply.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Could not open the form') as unknown });
  });

  it("takes the title as typed: Slack's &amp; &lt; &gt; entities are decoded once", async () => {
    const { channelId } = await h.openCrisis('Q&amp;A leak &lt;internal&gt;');
    const crisis = (await h.bot.service.crisisInChannel(channelId))!;
    expect(crisis.title).toBe('Q&A leak <internal>');
    expect(h.standin.channels.get(channelId)!.name).toMatch(/-q-a-leak-internal$/);
    expect(json(h.standin.messages(channelId)[0]!.blocks)).toContain('Q&amp;A leak &lt;internal&gt;');
  });
});
