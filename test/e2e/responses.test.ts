import { sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionId, CallbackId, ResponseField as F } from '../../src/slack/ids.js';
import { planWith } from '../fixtures/plans.js';
import { buttonsOf, json, shown } from '../support/blocks.js';
import { startHarness, USERS, type Harness } from '../support/harness.js';
import { SlackStandin } from '../support/slack-standin.js';
import { messageShortcutBody, viewSubmissionBody } from '../support/slack-requests.js';

// The response queue and evidence before removal (issue 14, points 1–3), with the example plan
// (stage 1 pages Anna and Kasia), and items reminded 45 minutes after they were added.

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** The example plan, its response_queue replaced by `extra`. */
async function harness(extra: string, language?: string, clock?: () => number): Promise<Harness> {
  const standin = await SlackStandin.start();
  standin.addChannel({ id: 'C0STAFF', name: 'all-staff', members: ['UBOT'] });
  standin.addChannel({ id: 'C0CS', name: 'customer-service', members: ['UBOT'] });
  const plan = planWith('', language).replace('response_queue:\n  remind_after: 1h', extra);
  return startHarness({ plan, standin, ...(clock ? { clock } : {}) });
}

const items = (channelId: string) => h!.standin.messages(channelId).filter((m) => m.text?.startsWith('Post to answer'));
const ephemerals = () => h!.standin.responses.filter((r) => r.body.response_type === 'ephemeral').map((r) => r.body.text as string);

describe('the response queue', () => {
  it('adds a post once however it is added, handles Answered, Moved to private, Escalate and Remove with evidence, reminds once, and counts it all', async () => {
    let skipped = 0;
    h = await harness('response_queue:\n  remind_after: 45m', 'en', () => Date.now() + skipped);
    // With no crisis open, the shortcut has nowhere to add the post, and says so.
    await h.post(
      messageShortcutBody(
        CallbackId.addToResponseQueue,
        { text: 'See <https://x.com/a/status/1>' },
        { user: USERS.kasia, responseUrl: h.standin.responseUrl() },
      ),
    );
    await h.standin.waitFor(() => ephemerals().includes('No crisis is open.'));
    const { channelId } = await h.openCrisis('Recall video spreading', USERS.opener);
    const crisis = (await h.bot.service.crisisInChannel(channelId))!;

    // The same post three ways: typed, with tracking; as Slack escapes a link; by the message shortcut.
    const added = await h.command('respond https://www.instagram.com/p/CxY1/?igsh=abc123 Angry about the recall', {
      channel: channelId,
      user: USERS.anna,
    });
    expect(added.body?.text).toBe('Added to the response queue of *Recall video spreading*; it is being posted in the channel.');
    const again = await h.command('respond <https://instagram.com/p/CxY1>', { channel: channelId, user: USERS.omar });
    expect(again.body?.text).toBe('That post is already in the response queue of *Recall video spreading*; nothing was added.');
    await h.post(
      messageShortcutBody(
        CallbackId.addToResponseQueue,
        { text: 'Look at this <https://m.instagram.com/p/CxY1/|post> :(' },
        { user: USERS.kasia, channel: 'C0GENERAL', responseUrl: h.standin.responseUrl() },
      ),
    );
    await h.standin.waitFor(() => ephemerals().filter((t) => t.startsWith('That post is already')).length === 1);
    const first = await h.standin.waitFor(() => items(channelId)[0]);
    expect(first.text).toBe('Post to answer on Instagram: https://www.instagram.com/p/CxY1/?igsh=abc123');
    expect(shown(first)).toContain('Angry about the recall');
    expect(json(first.blocks)).toContain('Added by <@U0ANNA>');
    expect(buttonsOf(first.blocks).map((b) => [b.action_id, b.text.text])).toEqual([
      [ActionId.responseClaim, "I'll take it"],
      [ActionId.responseAnswered, 'Answered'],
      [ActionId.responseMoved, 'Moved to private'],
      [ActionId.responseEscalate, 'Escalate'],
      [ActionId.responseRemove, 'Remove'],
    ]);
    // From another channel, the shortcut finds the one open crisis; a message without a link is refused.
    await h.post(
      messageShortcutBody(
        CallbackId.addToResponseQueue,
        { text: 'Press asking: <https://twitter.com/reporter/status/42?s=20>' },
        { user: USERS.kasia, channel: 'C0GENERAL', responseUrl: h.standin.responseUrl() },
      ),
    );
    await h.post(
      messageShortcutBody(
        CallbackId.addToResponseQueue,
        { text: 'no link here' },
        { user: USERS.kasia, responseUrl: h.standin.responseUrl() },
      ),
    );
    await h.standin.waitFor(() => ephemerals().includes('That message holds no link to a public post.'));
    // With two open, from outside both, it cannot tell which: it says where to add it instead.
    const other = await h.openCrisis('Unrelated outage', USERS.opener);
    await h.post(
      messageShortcutBody(
        CallbackId.addToResponseQueue,
        { text: 'And <https://x.com/b/status/2>' },
        { user: USERS.kasia, channel: 'C0GENERAL', responseUrl: h.standin.responseUrl() },
      ),
    );
    await h.standin.waitFor(() =>
      ephemerals().includes('Several crises are open: use `/crisis respond &lt;url&gt;` in the crisis’s channel.'),
    );
    await h.command('close', { channel: other.channelId, user: USERS.omar });
    await h.command('respond https://forum.example.org/t/recall/9', { channel: channelId, user: USERS.anna });
    await h.command('respond https://www.tiktok.com/@someone/video/77', { channel: channelId, user: USERS.anna });
    await h
      .command('respond not-a-link', { channel: channelId, user: USERS.anna })
      .then((r) => expect(r.body?.text).toBe('Usage: `/crisis respond &lt;url of the public post&gt; [note]`'));
    const queue = async () => (await h!.bot.service.snapshot(crisis.id))!.responses;
    expect((await queue()).map((i) => [i.platform, i.addedBy])).toEqual([
      ['instagram', 'U0ANNA'],
      ['x', 'U0KASIA'],
      ['web', 'U0ANNA'],
      ['tiktok', 'U0ANNA'],
    ]);
    const [insta, tweet, forum, tiktok] = (await queue()).map((i) => String(i.id));
    await h.standin.waitFor(() => items(channelId).length === 4);

    // Answered asks for the link to the reply, and refuses something that is not one.
    await h.click(ActionId.responseAnswered, insta!, { user: USERS.anna, channel: channelId });
    const answeredForm = await h.standin.waitFor(() => h!.standin.views.find((v) => v.view.callback_id === CallbackId.responseAnswered));
    const answer = (url: string) =>
      h!.post(
        viewSubmissionBody(
          CallbackId.responseAnswered,
          { [F.reply.block]: { [F.reply.action]: { type: 'url_text_input', value: url } } },
          { user: USERS.anna, privateMetadata: answeredForm.view.private_metadata },
        ),
      );
    expect((await answer('soon')).body).toEqual({
      response_action: 'errors',
      errors: { [F.reply.block]: 'Give the link to the published post (https://…).' },
    });
    expect((await answer('https://www.instagram.com/p/CxY1/c/reply1')).status).toBe(200);
    await h.standin.waitFor(() => json(items(channelId)[0]!.blocks).includes('✅ Answered by <@U0ANNA>'));
    expect(buttonsOf(items(channelId)[0]!.blocks)).toHaveLength(0);

    // Moved to private, once: a second click (or a second person) changes nothing.
    await h.click(ActionId.responseMoved, tweet!, { user: USERS.omar, channel: channelId });
    await h.click(ActionId.responseMoved, tweet!, { user: USERS.anna, channel: channelId });
    await h.standin.waitFor(() => ephemerals().includes('<@U0OMAR> already handled this post; nothing was changed.'));

    // Escalate pages the current stage (Anna and Kasia) about this one post.
    await h.click(ActionId.responseEscalate, forum!, { user: USERS.omar, channel: channelId });
    const paged = await h.standin.waitFor(() =>
      h!.standin.dm('U0ANNA').find((m) => m.text === 'A post needs you: https://forum.example.org/t/recall/9'),
    );
    expect(shown(paged)).toContain('Escalated by <@U0OMAR>');
    await h.standin.waitFor(() => ephemerals().includes('Paging 2 people about this post.'));
    await h.standin.waitFor(() =>
      h!.standin.dm('U0KASIA').some((m) => m.text === 'A post needs you: https://forum.example.org/t/recall/9'),
    );

    // Remove: not without the evidence, and not for criticism.
    await h.click(ActionId.responseRemove, tiktok!, { user: USERS.omar, channel: channelId });
    const removeForm = await h.standin.waitFor(() => h!.standin.views.find((v) => v.view.callback_id === CallbackId.responseRemove));
    expect(json(removeForm.view)).toContain('Criticism is never a reason to remove a post: answer it.');
    expect(
      (
        removeForm.view.blocks.find((b) => b.block_id === F.reason.block) as { element: { options: { value: string }[] } } | undefined
      )?.element.options.map((o) => o.value),
    ).toEqual(['hate speech', 'racism', 'sexism', 'threats', 'personal data', 'spam']);
    const remove = (values: { reason?: string; author?: string; text?: string; postedAt?: number }) =>
      h!.post(
        viewSubmissionBody(
          CallbackId.responseRemove,
          {
            [F.reason.block]: {
              [F.reason.action]: { type: 'static_select', selected_option: values.reason ? { value: values.reason } : null },
            },
            [F.author.block]: { [F.author.action]: { type: 'plain_text_input', value: values.author ?? null } },
            [F.postedAt.block]: { [F.postedAt.action]: { type: 'datetimepicker', selected_date_time: values.postedAt ?? null } },
            [F.text.block]: { [F.text.action]: { type: 'plain_text_input', value: values.text ?? null } },
            [F.screenshot.block]: { [F.screenshot.action]: { type: 'url_text_input', value: null } },
          },
          { user: USERS.omar, privateMetadata: removeForm.view.private_metadata },
        ),
      );
    const missing = await remove({ reason: 'hate speech' });
    expect(missing.body?.response_action).toBe('errors');
    expect(Object.keys(missing.body?.errors ?? {}).sort()).toEqual([F.author.block, F.postedAt.block, F.text.block].sort());
    const postedAt = Math.floor(Date.now() / 1000) - 600;
    const criticism = await remove({ reason: 'criticism', author: '@someone', text: 'This brand lies', postedAt });
    expect(criticism.body?.errors?.[F.reason.block]).toBe(
      'A post is removed only for one of the crisis plan’s reasons: hate speech, racism, sexism, threats, personal data and spam. Criticism is not one of them: answer it.',
    );
    expect((await queue()).find((i) => String(i.id) === tiktok)!.state).toBe('open');
    expect((await h.bot.service.snapshot(crisis.id))!.evidence).toHaveLength(0);
    const said = 'Go back to where you came from, all of you';
    expect((await remove({ reason: 'hate speech', author: '@someone', text: said, postedAt })).status).toBe(200);
    const [kept] = (await h.bot.service.snapshot(crisis.id))!.evidence;
    expect(kept).toMatchObject({
      reason: 'hate speech',
      author: '@someone',
      text: said,
      postedAt: postedAt * 1000,
      recordedBy: 'U0OMAR',
      textHash: createHash('sha256').update(said).digest('hex'),
    });
    // chat.update goes at Slack's pace (about one a second): the owners' freeze requests took their turn with the link first.
    await h.standin.waitFor(() => json(items(channelId)[3]!.blocks).includes(`🗑️ Removed by <@U0OMAR>`), 15_000);

    // 45 minutes on, the forum post, still open, is reminded once, naming who added it: in the
    // digest that gathers the posts of a quarter of remind_after, so at most 11¼ minutes later.
    skipped = 57 * 60_000;
    const reminder = await h.standin.waitFor(
      () => h!.standin.messages(channelId).find((m) => m.text?.startsWith('⏰ *Still no answer')),
      10_000,
    );
    expect(reminder.text).toMatch(
      /^⏰ \*Still no answer after 57m( \d+s)?\*: https:\/\/forum\.example\.org\/t\/recall\/9 \(added by <@U0ANNA>\)\. Answer it, move it to private, or remove it with evidence\.$/,
    );
    await h.bot.worker.idle();
    expect(h.standin.messages(channelId).filter((m) => m.text?.startsWith('⏰ *Still no answer'))).toHaveLength(1);

    // Coverage in status and the summary, and everything in the debrief.
    const status = shown((await h.command('status', { channel: channelId })).body!);
    expect(status).toMatch(/\*Response queue\*: 1 open, 1 answered, 1 moved to private, 1 removed · median time to answer \d+s/);
    expect(status).toContain('1 open');
    await h.standin.waitFor(() => shown(h!.standin.messages(channelId)[0]!).includes('*Response queue*: 1 open'), 30_000);
    await h.command('close', { channel: channelId, user: USERS.omar });
    const upload = await h.standin.waitFor(() =>
      h!.standin.uploads.find((u) => u.completed && u.channels.includes('C0DEBRIEF') && u.filename === `debrief-${crisis.channelName}.md`),
    );
    expect(upload.content).toContain('## Response queue');
    expect(upload.content).toContain('4 posts: 1 answered, 1 moved to private, 1 removed, 1 still open.');
    expect(upload.content).toContain('answered by Anna Berg at');
    expect(upload.content).toContain(`Evidence: hate speech; posted by @someone at`);
    expect(upload.content).toContain(`    > ${said}`);
    // Evidence is only ever added to: the table has no way to change it (no update path), and the row is intact.
    expect(await h.rows(sql`select cast(count(*) as integer) as n from evidence`)).toEqual([{ n: 1 }]);
  }, 60_000);

  it('works in Swedish: the form says criticism is not a reason, and the buttons are translated with the same action ids', async () => {
    h = await harness('response_queue:\n  remind_after: 1h', 'sv');
    const { channelId } = await h.openCrisis('Återkallelse sprids', USERS.opener);
    const added = await h.command('respond https://www.facebook.com/example/posts/1', { channel: channelId, user: USERS.anna });
    expect(added.body?.text).toBe('Tillagt i svarskön för *Återkallelse sprids*; det läggs ut i kanalen.');
    const item = await h.standin.waitFor(() => h!.standin.messages(channelId).find((m) => m.text?.startsWith('Inlägg att besvara')));
    expect(buttonsOf(item.blocks).map((b) => [b.action_id, b.text.text])).toEqual([
      [ActionId.responseClaim, 'Jag tar det'],
      [ActionId.responseAnswered, 'Besvarat'],
      [ActionId.responseMoved, 'Flyttat till privat'],
      [ActionId.responseEscalate, 'Eskalera'],
      [ActionId.responseRemove, 'Ta bort'],
    ]);
    await h.click(ActionId.responseRemove, buttonsOf(item.blocks)[4]!.value, { user: USERS.omar, channel: channelId });
    const form = await h.standin.waitFor(() => h!.standin.views.find((v) => v.view.callback_id === CallbackId.responseRemove));
    expect(json(form.view)).toContain('Kritik är aldrig skäl att ta bort ett inlägg: svara på den.');
  }, 30_000);
});
