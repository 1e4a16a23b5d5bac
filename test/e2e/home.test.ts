import { afterEach, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../src/slack/ids.js';
import { buttonsOf } from '../support/blocks.js';
import { SIGNING_SECRET, startHarness, USERS, type Harness } from '../support/harness.js';
import { eventBody, homeButtonBody, signedJsonHeaders, type SlackUser } from '../support/slack-requests.js';
import type { StandinBlock } from '../support/standin-types.js';
import { examplePlanText } from '../unit/support.js';

// An App Home for each person (issue 26, point 3), with the example plan: stage 1 pages Anna
// and Kasia; Omar leads, approves statements and is the spokesperson.

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Slack's app_home_opened, signed and delivered as the Events API does. */
async function openHome(h: Harness, user: SlackUser, tab = 'home'): Promise<number> {
  const body = eventBody({ type: 'app_home_opened', user: user.id, channel: `D${user.id}`, tab });
  return (await h.post(body, signedJsonHeaders(SIGNING_SECRET, body))).status;
}

/** What a Home shows as text: its sections and context lines. */
const textOf = (blocks: readonly StandinBlock[]): string =>
  blocks
    .flatMap((b) => {
      const { text, elements } = b as { text?: { text?: string }; elements?: { text?: string }[] };
      return b.type === 'section' ? [text?.text ?? ''] : b.type === 'context' ? (elements ?? []).map((e) => e.text ?? '') : [];
    })
    .join('\n');

const home = (h: Harness, user: string) => h.standin.homes.get(user);

/** Waits until `user`'s Home, published at least `after` times, shows what `probe` asks. */
const homeShows = (h: Harness, user: string, probe: (text: string) => boolean, after = 0) =>
  h.standin.waitFor(() => {
    const view = home(h, user);
    return view && view.published > after && probe(textOf(view.blocks)) ? view : undefined;
  }, 8000);

describe('the Home tab', () => {
  it('shows each person their pages and approvals, and is kept current as they are answered', async () => {
    h = await startHarness({ plan: examplePlanText() });
    expect(await openHome(h, USERS.anna)).toBe(200);
    const empty = await homeShows(h, 'U0ANNA', (t) => t.includes('Nothing waits for you right now.'));
    expect(buttonsOf(empty.blocks).map((b) => [b.action_id, b.text.text])).toEqual([
      [ActionId.homeOpenCrisis, 'Open a crisis'],
      [ActionId.homeStartDrill, 'Start a drill'],
    ]);

    // A crisis opens: Anna's Home, opened before, is published again with her page.
    const { channelId } = await h.openCrisis('Boycott call trending on Instagram', USERS.opener);
    const paged = await homeShows(h, 'U0ANNA', (t) => t.includes('A page waits for your acknowledgement'));
    expect(textOf(paged.blocks)).toContain(`*Boycott call trending on Instagram* <#${channelId}>: you were paged (stage 1 (Social team))`);
    expect(textOf(paged.blocks)).toContain('*1 open crisis*');
    const [ack] = buttonsOf(paged.blocks).filter((b) => b.action_id === ActionId.pageAck);
    expect(ack!.text.text).toBe('Acknowledge');

    // Acknowledged from Home itself (no response URL there): recorded, and the Home follows.
    const published = home(h, 'U0ANNA')!.published;
    expect((await h.post(homeButtonBody(ActionId.pageAck, ack!.value, { user: USERS.anna, viewId: paged.id }))).status).toBe(200);
    await homeShows(h, 'U0ANNA', (t) => !t.includes('A page waits'), published);
    const crisis = (await h.bot.service.crisisInChannel(channelId))!;
    expect((await h.bot.service.snapshot(crisis.id))!.pages.find((p) => p.userId === 'U0ANNA')!.ackedAt).toBeTypeOf('number');

    // Kasia's Home: her page, and the checklist item for her role.
    await openHome(h, USERS.kasia);
    const kasia = await homeShows(h, 'U0KASIA', (t) => t.includes('A page waits'));
    expect(textOf(kasia.blocks)).toContain('*☑️ A checklist item is yours*');
    expect(textOf(kasia.blocks)).toMatch(
      new RegExp(`• Brief customer service with the holding answers \\(<#${channelId}>\\), due <!date\\^`),
    );

    // Anna drafts a statement: Omar, who approves, sees it on his Home; approved, it leaves.
    await openHome(h, USERS.omar);
    await homeShows(h, 'U0OMAR', (t) => t.includes('open crisis'));
    await h.command('statement We have seen the posts and are looking into it.', { channel: channelId, user: USERS.anna });
    const waiting = await homeShows(h, 'U0OMAR', (t) => t.includes('A statement waits for your approval'));
    expect(textOf(waiting.blocks)).toContain(`• Version 1 in <#${channelId}>: “We have seen the posts and are looking into it.”`);
    // The author sees no approval of her own draft.
    expect(textOf(home(h, 'U0ANNA')!.blocks)).not.toContain('for your approval');
    const ask = await h.standin.waitFor(() =>
      h!.standin.dm('U0OMAR').find((m) => m.text?.startsWith('A statement waits for your approval')),
    );
    const before = home(h, 'U0OMAR')!.published;
    await h.click(ActionId.statementApprove, buttonsOf(ask.blocks)[0]!.value, { user: USERS.omar });
    await homeShows(h, 'U0OMAR', (t) => !t.includes('for your approval'), before);
    // Every Home stayed within Slack's limits (the stand-in refuses a view over 100 blocks).
    expect(h.standin.callsTo('views.publish').filter((c) => c.error !== undefined)).toEqual([]);
  });

  it('follows a close, a claim and an action, and one person Slack refuses does not keep the others stale', async () => {
    h = await startHarness({ plan: examplePlanText() });
    await openHome(h, USERS.per);
    await openHome(h, USERS.omar);
    await homeShows(h, 'U0PER', () => true);
    await homeShows(h, 'U0OMAR', () => true);
    // Per leaves the company: Slack refuses his Home from now on (sorted first of the two).
    h.standin.users.delete('U0PER');
    const { channelId } = await h.openCrisis('Recall video spreading', USERS.opener);
    await homeShows(h, 'U0OMAR', (t) => t.includes('*1 open crisis*'));
    await h.command('action <@U0OMAR|omar> Update the FAQ on the recall page', { channel: channelId, user: USERS.omar });
    await homeShows(h, 'U0OMAR', (t) => t.includes(`• Update the FAQ on the recall page (<#${channelId}>)`));
    await h.command('close', { channel: channelId, user: USERS.omar });
    // Closed: the crisis leaves Home; the action, which outlives it, stays.
    const closed = await homeShows(h, 'U0OMAR', (t) => !t.includes('open crisis'));
    expect(textOf(closed.blocks)).toContain('A follow-up action is yours');
    expect(h.standin.callsTo('views.publish').some((c) => c.args.user_id === 'U0PER' && c.error === 'user_not_found')).toBe(true);
  });

  it('opens the crisis form from Open a crisis, and only the Home tab is published on app_home_opened', async () => {
    h = await startHarness({ plan: examplePlanText() });
    await openHome(h, USERS.per, 'messages');
    await openHome(h, USERS.anna);
    const view = await homeShows(h, 'U0ANNA', () => true);
    await h.bot.worker.idle();
    expect(home(h, 'U0PER')).toBeUndefined();
    expect(h.standin.callsTo('views.publish').map((c) => c.args.user_id)).toEqual(['U0ANNA']);

    const open = buttonsOf(view.blocks).find((b) => b.action_id === ActionId.homeOpenCrisis)!;
    await h.post(homeButtonBody(ActionId.homeOpenCrisis, open.value, { user: USERS.anna, viewId: view.id }));
    const form = await h.standin.waitFor(() => h!.standin.views.find((v) => v.view.callback_id === CallbackId.openModal));
    expect(form.view.type).toBe('modal');

    // Start a drill: a drill at once, said in a DM (a Home has no response URL), and on every Home.
    await h.post(homeButtonBody(ActionId.homeStartDrill, 'drill', { user: USERS.anna, viewId: view.id }));
    await h.standin.waitFor(() =>
      h!.standin.dm('U0ANNA').some((m) => m.text?.startsWith('🧪 Opening a drill, *DRILL: rehearsing the crisis plan*')),
    );
    const drills = (await h.bot.service.listOpen()).filter((c) => c.drill);
    expect(drills.map((c) => c.openerId)).toEqual(['U0ANNA']);
    await homeShows(h, 'U0ANNA', (t) => t.includes('*DRILL: rehearsing the crisis plan*'));
  });

  it('publishes a Home Slack failed to take on a later try, and tells the presser when the form will not open', async () => {
    h = await startHarness({ plan: examplePlanText() });
    h.standin.inject('views.publish', { status: 500 }, 3);
    await openHome(h, USERS.anna);
    await homeShows(h, 'U0ANNA', (t) => t.includes('Nothing waits for you right now.'));

    h.standin.inject('views.open', { error: 'expired_trigger_id' });
    const view = home(h, 'U0ANNA')!;
    await h.post(homeButtonBody(ActionId.homeOpenCrisis, 'open', { user: USERS.anna, viewId: view.id }));
    await h.standin.waitFor(() =>
      h!.standin.dm('U0ANNA').some((m) => m.text === 'Could not open the form; use `/crisis open [sev1|sev2|sev3] &lt;title&gt;` instead.'),
    );
  });
});
