import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { startHarness, USERS, type Harness } from '../support/harness.js';
import { buttonsOf } from '../support/blocks.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

describe('/crisis status, update, list, help', () => {
  it('status shows state, severity, stage, who was paged and acknowledged, progress and time open', async () => {
    const { channelId } = await h.openCrisis('sev3 Rumour about recall');
    const dm = await h.standin.waitFor(() => h.standin.dm('U0ANNA')[0]);
    await h.click(ActionId.pageAck, buttonsOf(dm.blocks)[0]!.value, { user: USERS.anna });
    const [item] = buttonsOf(h.standin.messages(channelId)[1]!.blocks);
    await h.click(ActionId.checklistDone, item!.value, { user: USERS.anna });
    await h.bot.worker.idle();

    const res = await h.command('status', { channel: channelId });
    expect(res.body?.response_type).toBe('ephemeral');
    const text = res.body?.text;
    expect(text).toContain('Rumour about recall');
    expect(text).toContain('open');
    expect(text).toContain('SEV3');
    expect(text).toContain('stage 1 (Social team)');
    expect(text).toContain('Checklist: 1/4 done');
    expect(text).toMatch(/<@U0ANNA> stage 1: paged .*, acknowledged/);
    expect(text).toMatch(/<@U0KASIA> stage 1: paged .*, not acknowledged/);
    expect(text).toMatch(/Open for \d+s/);
  });

  it('update records the update and posts it in the channel', async () => {
    const { channelId } = await h.openCrisis('Update me');
    const res = await h.command('update We have paused all posts; <!channel> the picture is incomplete.', {
      channel: channelId,
      user: USERS.anna,
    });
    expect(res.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('recorded') as unknown });
    const post = await h.standin.waitFor(() =>
      h.standin.messages(channelId).find((m) => JSON.stringify(m.blocks).includes('Status update')),
    );
    // Slack sent "@channel" as <!channel>; posted back it is the text "@channel", which pings nobody.
    expect(JSON.stringify(post.blocks)).toContain('We have paused all posts; @channel the picture is incomplete.');
    expect(JSON.stringify(post.blocks)).not.toContain('<!channel>');
    const snap = (await h.bot.service.snapshot((await h.bot.service.crisisInChannel(channelId))!.id))!;
    expect(snap.updates.map((u) => u.authorId)).toEqual(['U0ANNA']);
  });

  it('status, update and close outside a crisis channel explain themselves and change nothing', async () => {
    for (const verb of ['status', 'update hello', 'close', 'escalate']) {
      const res = await h.command(verb, { channel: 'C0GENERAL' });
      expect(res.body?.response_type).toBe('ephemeral');
      expect(res.body?.text).toContain('works in a crisis channel');
    }
    const empty = await h.command('update', { channel: 'C0GENERAL' });
    expect(empty.body?.text).toContain('Say what changed');
  });

  it('list shows the open crises with channel links', async () => {
    const none = await h.command('list');
    expect(none.body?.text).toBe('No crisis is open.');
    const a = await h.openCrisis('First crisis');
    const b = await h.openCrisis('Second crisis');
    const res = await h.command('list');
    expect(res.body?.response_type).toBe('ephemeral');
    expect(res.body?.text?.split('\n')[0]).toBe('*2 open crises*');
    expect(res.body?.text).toContain(`<#${a.channelId}> First crisis`);
    expect(res.body?.text).toContain(`<#${b.channelId}> Second crisis`);
  });

  it('help and unknown verbs answer with usage, only to the caller', async () => {
    for (const text of ['help', '', 'dance']) {
      const res = await h.command(text);
      expect(res.body?.response_type).toBe('ephemeral');
      // Slack reads < and > as markup: the placeholders are escaped, and show as typed.
      expect(res.body?.text).toContain('/crisis open [sev1|sev2|sev3] [type:&lt;name&gt;] &lt;title&gt;');
    }
  });
});
