import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionId, CallbackId, ResponseField as F } from '../../src/slack/ids.js';
import { planWith } from '../fixtures/plans.js';
import { buttonsOf, json, shown } from '../support/blocks.js';
import { startHarness, USERS, type Harness } from '../support/harness.js';
import { viewActionBody, viewSubmissionBody } from '../support/slack-requests.js';
import { SlackStandin } from '../support/slack-standin.js';
import type { StandinMessage } from '../support/standin-types.js';

// The response queue at volume (issue 24, point 1): posts in bulk from a listening tool
// (POST /responses), a board in the crisis channel kept up to date in place with the posts in its
// thread (or in response_queue.channel), "I'll take it", and one digest of what nobody answered.

const TOKEN = 'listening-token-7c2e';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function harness(extra = '', opts: { clock?: () => number; latencyMs?: number } = {}): Promise<Harness> {
  const standin = await SlackStandin.start({ latencyMs: opts.latencyMs ?? 0 });
  standin.addChannel({ id: 'C0QUEUE', name: 'response-queue', members: ['UBOT'] });
  const plan = planWith('', 'en').replace('response_queue:\n  remind_after: 1h', `response_queue:\n  remind_after: 1h\n${extra}`);
  return startHarness({ plan, standin, env: { ALERT_TOKEN: TOKEN }, ...(opts.clock ? { clock: opts.clock } : {}) });
}

async function send(body: unknown, token = TOKEN) {
  const res = await fetch(`${h!.url}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { added?: number; duplicates?: number; errors?: string[] } };
}

const post = (i: number, over: Record<string, unknown> = {}) => ({
  url: `https://www.instagram.com/p/boycott${i}/`,
  platform: 'instagram',
  author: `@angry_${i}`,
  text: `Never buying from you again (${i})`,
  posted_at: '2026-12-07T21:14:00+01:00',
  ...over,
});

/** Messages in the channel itself, not in a thread. */
const topLevel = (channel: string) => h!.standin.messages(channel).filter((m) => !m.threadTs || m.threadTs === m.ts);
const items = (channel: string) => h!.standin.messages(channel).filter((m) => m.text?.startsWith('Post to answer'));
const board = (channel: string) => h!.standin.messages(channel).find((m) => m.text?.startsWith('Response queue:'));
const ephemerals = () => h!.standin.responses.filter((r) => r.body.response_type === 'ephemeral').map((r) => r.body.text as string);
const count = async (query: ReturnType<typeof sql>) => (await h!.rows<{ n: number }>(query))[0]!.n;
const reminders = (channel: string) => topLevel(channel).filter((m) => /without an answer|Still no answer/.test(m.text ?? ''));

describe('the response queue at volume', () => {
  it('takes 500 posts in one request under Slack’s rate limits: the channel gains a board, and an update sent right after is not queued behind the posts', async () => {
    h = await harness('', { latencyMs: 20 });
    const { channelId } = await h.openCrisis('Boycott call trending on Instagram', USERS.opener);
    h.standin.limitRates();
    const before = topLevel(channelId).length;

    // 498 posts and two of them again, one as a share link with tracking: 500 in the request.
    const posts = [
      ...Array.from({ length: 498 }, (_, i) => post(i)),
      post(0),
      post(1, { url: 'https://instagram.com/p/boycott1?igsh=xyz' }),
    ];
    const answer = await send({ crisis: channelId, posts });
    expect(answer).toEqual({ status: 202, body: { added: 498, duplicates: 2 } });
    const update = await h.command('update Still investigating; a statement follows within the hour', {
      channel: channelId,
      user: USERS.omar,
    });
    expect(update.status).toBe(200);
    const shownUpdate = await h.standin.waitFor(() => topLevel(channelId).find((m) => m.text?.includes('Still investigating')), 15_000);
    // The update went at the channel's next turn: a handful of posts at most had gone before it.
    const postsBefore = items(channelId).filter((m) => Number(m.ts) < Number(shownUpdate.ts)).length;
    expect(postsBefore).toBeLessThanOrEqual(5);
    expect(h.standin.rateLimited).toBe(0);

    // The board says what the queue holds, in place; the posts are in its thread, not in the channel.
    const queueBoard = await h.standin.waitFor(() => {
      const b = board(channelId);
      return b && shown(b).includes('498 posts waiting for an answer') ? b : undefined;
    }, 15_000);
    expect(shown(queueBoard)).toContain('Oldest unanswered: https://www.instagram.com/p/boycott0/ on Instagram');
    expect(shown(queueBoard)).toContain('498 posts are not taken by anyone.');
    await h.standin.waitFor(() => items(channelId).length >= 3, 15_000);
    expect(items(channelId).every((m) => m.threadTs === queueBoard.ts)).toBe(true);
    // Summary and checklist were there before; the board and the update are all the channel gained.
    expect(topLevel(channelId).length - before).toBe(2);
    const first = items(channelId)[0]!;
    expect(shown(first)).toContain('Never buying from you again (0)');
    expect(json(first.blocks)).toContain('Posted by @angry_0');
    expect(json(first.blocks)).toContain('From the listening tool');
    expect(await count(sql`select cast(count(*) as integer) as n from responses`)).toBe(498);
  }, 60_000);

  it('answers 401, 400 with the reasons, and adds nothing from a request it refuses', async () => {
    h = await harness();
    expect((await send({ posts: [post(1)] })).body).toEqual({ ok: false, errors: ['no crisis is open'] });
    const { channelId } = await h.openCrisis('Boycott call trending on Instagram', USERS.opener);
    expect((await send({ posts: [post(1)] }, 'wrong')).status).toBe(401);

    const bad = await send({
      posts: [post(1), post(2, { url: 'javascript:alert(1)' }), post(3, { posted_at: 'yesterday' }), { text: 'no link' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      'posts.1.url: must be an http(s) link to the post',
      'posts.2.posted_at: must be an ISO 8601 date and time with its offset',
      'posts.3.url: Invalid input: expected string, received undefined',
    ]);
    expect((await send({ posts: Array.from({ length: 501 }, (_, i) => post(i)) })).body.errors).toEqual([
      'posts: must hold at most 500 posts',
    ]);
    expect((await send({ crisis: 'C0NOPE', posts: [post(1)] })).body.errors).toEqual(['crisis: no open crisis has the channel C0NOPE']);
    expect(await count(sql`select cast(count(*) as integer) as n from responses`)).toBe(0);

    // Without `crisis`, the one open crisis; with two open, it must be named.
    expect((await send({ posts: [post(1)] })).body).toEqual({ added: 1, duplicates: 0 });
    const other = await h.openCrisis('Unrelated outage', USERS.opener);
    expect((await send({ posts: [post(2)] })).body.errors).toEqual(['crisis: several crises are open; give the channel id of one']);
    // A site the bot does not know by its address keeps the tool's name for it.
    expect(
      (await send({ crisis: other.channelId, posts: [post(9, { url: 'https://forum.example.org/t/9', platform: 'Flashback' })] })).body,
    ).toEqual({
      added: 1,
      duplicates: 0,
    });
    const forum = await h.standin.waitFor(() => items(other.channelId)[0]);
    expect(forum.text).toBe('Post to answer on Flashback: https://forum.example.org/t/9');
    expect((await send({ crisis: channelId, posts: [post(1)] })).body).toEqual({ added: 0, duplicates: 1 });
  }, 30_000);

  it('lets one person take a post, shows who has what on the board, and refuses a second taker', async () => {
    h = await harness();
    const { channelId } = await h.openCrisis('Boycott call trending on Instagram', USERS.opener);
    await send({ posts: [post(1), post(2)] });
    const [one, two] = await h.standin.waitFor(() => (items(channelId).length === 2 ? items(channelId) : undefined));
    const claimButton = (m: StandinMessage) => buttonsOf(m.blocks).find((b) => b.action_id === ActionId.responseClaim)!;
    expect(claimButton(one!).text.text).toBe("I'll take it");
    // Read now: the messages change in place as the posts are taken.
    const ids = { one: claimButton(one!).value, two: claimButton(two!).value };
    const claim = (m: StandinMessage) => ({ value: m === one ? ids.one : ids.two });

    await h.click(ActionId.responseClaim, claim(one!).value, { user: USERS.anna, channel: channelId });
    await h.standin.waitFor(() => json(items(channelId)[0]!.blocks).includes('🙋 <@U0ANNA> is on it'));
    expect(buttonsOf(items(channelId)[0]!.blocks).map((b) => b.action_id)).not.toContain(ActionId.responseClaim);
    // Taken already: a second person is told who has it; the owner's double click changes nothing.
    await h.click(ActionId.responseClaim, claim(one!).value, { user: USERS.omar, channel: channelId });
    await h.standin.waitFor(() => ephemerals().includes('<@U0ANNA> has already taken this post; nothing was changed.'));
    await h.click(ActionId.responseClaim, claim(one!).value, { user: USERS.anna, channel: channelId });
    expect(await h.rows(sql`select claimed_by as "by" from responses order by id`)).toEqual([{ by: 'U0ANNA' }, { by: null }]);

    await h.standin.waitFor(() => {
      const b = board(channelId);
      return b && shown(b).includes('Taken: <@U0ANNA> (1)') && shown(b).includes('1 post is not taken by anyone.');
    }, 10_000);
    // A handled post cannot be taken; a button for a post that does not exist says so.
    await h.click(ActionId.responseMoved, claim(two!).value, { user: USERS.omar, channel: channelId });
    await h.click(ActionId.responseClaim, claim(two!).value, { user: USERS.kasia, channel: channelId });
    await h.standin.waitFor(() => ephemerals().includes('<@U0OMAR> already handled this post; nothing was changed.'));
    await h.click(ActionId.responseClaim, '99999', { user: USERS.kasia, channel: channelId });
    await h.standin.waitFor(() => ephemerals().length === 3);
    expect(await h.rows(sql`select claimed_by as "by" from responses order by id`)).toEqual([{ by: 'U0ANNA' }, { by: null }]);
  }, 30_000);

  it('posts the items in response_queue.channel when the plan names one, the board staying in the crisis channel', async () => {
    h = await harness('  channel: C0QUEUE');
    const { channelId } = await h.openCrisis('Boycott call trending on Instagram', USERS.opener);
    await send({ posts: [post(1), post(2)] });
    await h.standin.waitFor(() => items('C0QUEUE').length === 2);
    expect(items('C0QUEUE').every((m) => !m.threadTs)).toBe(true);
    expect(items(channelId)).toHaveLength(0);
    const b = await h.standin.waitFor(() => board(channelId));
    expect(json(b.blocks)).toContain('The posts are in <#C0QUEUE>');
  }, 30_000);

  it('reminds every post still open in one digest, each post once', async () => {
    let skipped = 0;
    h = await harness('', { clock: () => Date.now() + skipped });
    const { channelId } = await h.openCrisis('Boycott call trending on Instagram', USERS.opener);
    await send({ posts: [post(1), post(2), post(3)] });
    await h.standin.waitFor(() => items(channelId).length === 3);
    await h.click(ActionId.responseMoved, buttonsOf(items(channelId)[2]!.blocks)[0]!.value, { user: USERS.omar, channel: channelId });
    await h.click(ActionId.responseClaim, buttonsOf(items(channelId)[1]!.blocks)[0]!.value, { user: USERS.anna, channel: channelId });
    await h.standin.waitFor(() => json(items(channelId)[1]!.blocks).includes('is on it'));

    // An hour and a quarter on: the two still open in one message.
    skipped = 76 * 60_000;
    const digest = await h.standin.waitFor(() => reminders(channelId)[0], 10_000);
    expect(digest.text).toMatch(
      /^⏰ \*2 posts still without an answer after 1h or more\.\* The oldest, waiting 1h 1[56]m( \d+s)?: https:\/\/www\.instagram\.com\/p\/boycott1\/\. 1 is not taken by anyone\. They are in the thread of the 📬 response queue’s message in this channel\.$/,
    );
    // Later digests leave them out: each post is reminded once.
    await send({ posts: [post(4)] });
    skipped = 3 * 60 * 60_000;
    await h.standin.waitFor(() => reminders(channelId).length === 2, 10_000);
    const second = reminders(channelId)[1]!;
    expect(second.text).toMatch(
      /^⏰ \*Still no answer after 1h 4\dm( \d+s)?\*: https:\/\/www\.instagram\.com\/p\/boycott4\/ \(from the listening tool\)\./,
    );
    await h.bot.worker.idle();
    expect(reminders(channelId)).toHaveLength(2);
  }, 30_000);

  it('offers the Q&A’s answers in Answered’s form and shows the one chosen, ready to copy', async () => {
    h = await harness();
    const { channelId } = await h.openCrisis('Boycott call trending on Instagram', USERS.opener);
    await h.command('qa Do you test on animals? | No. None of our products or ingredients are tested on animals.', {
      channel: channelId,
      user: USERS.anna,
    });
    await send({ posts: [post(1)] });
    const item = await h.standin.waitFor(() => items(channelId)[0]);
    const answered = buttonsOf(item.blocks).find((b) => b.action_id === ActionId.responseAnswered)!;
    await h.click(ActionId.responseAnswered, answered.value, { user: USERS.kasia, channel: channelId });
    const opened = await h.standin.waitFor(() => h!.standin.views.find((v) => v.view.callback_id === CallbackId.responseAnswered));
    const select = opened.view.blocks.find((b) => b.block_id === F.answer.block) as
      { dispatch_action?: boolean; element: { options: { text: { text: string }; value: string }[] } } | undefined;
    expect(select?.dispatch_action).toBe(true);
    expect(select?.element.options.map((o) => o.text.text)).toEqual(['❓ Do you test on animals?']);

    const chosen = viewActionBody(
      opened.view,
      {
        type: 'static_select',
        action_id: F.answer.action,
        block_id: F.answer.block,
        selected_option: { value: select!.element.options[0]!.value },
      },
      {},
      { user: USERS.kasia },
    );
    expect((await h.post(chosen)).status).toBe(200);
    await h.standin.waitFor(() => (opened.updates ?? 0) >= 1);
    const text = opened.view.blocks.find((b) => b.block_id?.startsWith(`${F.answerText.block}-`)) as
      { label: { text: string }; element: { initial_value: string } } | undefined;
    expect(text?.label.text).toBe('The reply, ready to copy');
    expect(text?.element.initial_value).toBe('No. None of our products or ingredients are tested on animals.');

    // Save still takes the link to the reply; the text to copy is not needed for it.
    const saved = await h.post(
      viewSubmissionBody(
        CallbackId.responseAnswered,
        { [F.reply.block]: { [F.reply.action]: { type: 'url_text_input', value: 'https://www.instagram.com/p/boycott1/c/9' } } },
        { user: USERS.kasia, privateMetadata: opened.view.private_metadata },
      ),
    );
    expect(saved.status).toBe(200);
    expect(await h.rows(sql`select state, handled_by as "by" from responses`)).toEqual([{ state: 'answered', by: 'U0KASIA' }]);
    // A choice in a form left open after the post was handled is taken in and changes nothing.
    expect((await h.post(chosen)).status).toBe(200);
    await h.bot.worker.idle();
    expect(opened.updates).toBe(1);
  }, 30_000);
});
