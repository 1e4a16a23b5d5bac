import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { examplePlanText } from '../unit/support.js';
import { buttonsOf, json, shown } from '../support/blocks.js';
import { startHarness, USERS, type Harness } from '../support/harness.js';

// The publishing freeze (issue 13, point 4), with the example plan: Instagram @example is the
// social-media manager's (Anna), LinkedIn Example AB is Omar's.

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const requests = (user: string) => h!.standin.dm(user).filter((m) => m.text?.startsWith('Pause scheduled posts on'));
const board = (channelId: string) => h!.standin.messages(channelId).find((m) => m.text?.startsWith('Publishing freeze'));

describe('publishing freeze', () => {
  it('owners are asked at opening, Paused is recorded once, the rest are reminded, and the debrief says how long', async () => {
    let skipped = 0;
    h = await startHarness({ plan: examplePlanText(), clock: () => Date.now() + skipped });
    // Slack slow to create the channel: the requests, sent at once, go out before it exists.
    h.standin.methodLatencyMs.set('conversations.create', 800);
    const { channelId } = await h.openCrisis('Boycott call trending on Instagram', USERS.opener);
    h.standin.methodLatencyMs.clear();
    const crisis = (await h.bot.service.crisisInChannel(channelId))!;

    const [instagram] = await h.standin.waitFor(() => (requests('U0ANNA').length === 1 ? requests('U0ANNA') : undefined));
    expect(instagram!.text).toBe('Pause scheduled posts on Instagram @example');
    expect(shown(instagram!)).toContain('Press Paused once nothing goes out from there.');
    const [linkedin] = await h.standin.waitFor(() => (requests('U0OMAR').length === 1 ? requests('U0OMAR') : undefined));
    expect(linkedin!.text).toBe('Pause scheduled posts on LinkedIn Example AB');
    // Sent at once, before the channel may exist: each request gets the channel's link in place, once it does.
    for (const request of [instagram!, linkedin!]) await h.standin.waitFor(() => shown(request).includes(`(<#${channelId}>)`));
    expect([instagram!.edits, linkedin!.edits]).toEqual([1, 1]); // updated in place, once each
    expect(shown(instagram!)).not.toContain('its channel is being created');
    expect(shown(instagram!).split('Boycott call trending on Instagram')).toHaveLength(2); // the crisis named once
    // The board comes after the summary and the checklist.
    const posted = await h.standin.waitFor(() => board(channelId));
    expect(h.standin.messages(channelId).indexOf(posted)).toBe(2);
    expect(shown(posted)).toContain('⏳ Instagram @example: not paused yet');
    expect(shown(posted)).toContain('⏳ LinkedIn Example AB: not paused yet');

    const [paused] = buttonsOf(instagram!.blocks);
    expect(paused).toMatchObject({ action_id: ActionId.freezePaused, text: { text: 'Paused' }, style: 'primary' });
    const click = await h.click(ActionId.freezePaused, paused!.value, { user: USERS.anna });
    // The DM it was pressed in now says who paused and when.
    const replaced = await h.standin.waitFor(() =>
      h!.standin.responses.find((r) => click.responseUrl.endsWith(r.path) && r.body.replace_original === true),
    );
    expect(JSON.stringify(replaced.body.blocks)).toContain('✅ Paused by <@U0ANNA>');
    await h.click(ActionId.freezePaused, paused!.value, { user: USERS.anna }); // twice: recorded once
    await h.standin.waitFor(() => shown(board(channelId)!).includes('✅ Instagram @example: paused by <@U0ANNA>'));
    expect((await h.bot.service.snapshot(crisis.id))!.timeline.filter((e) => e.event.kind === 'account_frozen')).toHaveLength(1);
    expect(shown((await h.command('freeze', { channel: channelId })).body!)).toContain('⏳ LinkedIn Example AB: not paused yet');
    expect(shown((await h.command('status', { channel: channelId })).body!)).toContain('✅ Instagram @example: paused by <@U0ANNA>');

    // The checklist's freeze item ticks itself: it has no Done, and a Done pressed anyway (an old
    // message, a forged payload) is refused in one line and ticks nothing while LinkedIn is not paused.
    const freezeItem = (await h.bot.service.snapshot(crisis.id))!.items.find((i) => i.doneWhen === 'all_accounts_paused')!;
    expect(json(h.standin.messages(channelId)[1]!.blocks)).toContain('Ticks itself when every account is confirmed paused.');
    expect(buttonsOf(h.standin.messages(channelId)[1]!.blocks).some((b) => b.value === String(freezeItem.id))).toBe(false);
    const forced = await h.click(ActionId.checklistDone, String(freezeItem.id), { user: USERS.omar });
    const refused = await h.standin.waitFor(() => h!.standin.responses.find((r) => r.path === new URL(forced.responseUrl).pathname));
    expect(refused.body.text).toBe('This item ticks itself when every account is confirmed paused; it is not ticked or reopened by hand.');
    expect((await h.bot.service.snapshot(crisis.id))!.items.find((i) => i.id === freezeItem.id)!.doneAt).toBeNull();

    // Ten minutes on: only the account not paused is asked again.
    skipped = 10 * 60_000;
    await h.standin.waitFor(() => requests('U0OMAR').length === 2, 15_000);
    expect(requests('U0OMAR')[1]!.blocks!.some((b) => JSON.stringify(b).includes('Still waiting'))).toBe(true);
    await h.bot.worker.idle();
    expect(requests('U0ANNA')).toHaveLength(1);

    // A forged or unknown freeze changes nothing.
    await h.click(ActionId.freezePaused, '999', { user: USERS.omar });
    await h.standin.waitFor(() => h!.standin.responses.some((r) => r.body.text === 'That button is out of date; nothing was changed.'));

    await h.command('close', { channel: channelId, user: USERS.omar });
    await h.standin.waitFor(() =>
      h!.standin.dm('U0ANNA').some((m) => m.text?.includes('You may resume scheduled posts on Instagram @example')),
    );
    await h.standin.waitFor(() =>
      h!.standin.dm('U0OMAR').some((m) => m.text?.includes('You may resume scheduled posts on LinkedIn Example AB')),
    );
    const upload = await h.standin.waitFor(() => h!.standin.uploads.find((u) => u.completed));
    expect(upload.content).toContain('## Publishing freeze');
    expect(upload.content).toMatch(/- Instagram @example: paused by Anna Berg at \d{4}-\d\d-\d\d \d\d:\d\d, for 10m( \d+s)?/);
    expect(upload.content).toContain('- LinkedIn Example AB: never confirmed paused');
  }, 60_000);
});
