import { afterEach, describe, expect, it } from 'vitest';
import { firstResponseAt } from '../../src/domain/escalation.js';
import { publishedOf } from '../../src/domain/statements.js';
import { ActionId, CallbackId } from '../../src/slack/ids.js';
import { HOOTSUITE_PROFILE, publishingPlan } from '../fixtures/hootsuite-plan.js';
import { buttonsOf, json, shown } from '../support/blocks.js';
import { startHarness, USERS, type Harness } from '../support/harness.js';
import { HootsuiteStandin } from '../support/hootsuite-standin.js';
import { viewSubmissionBody } from '../support/slack-requests.js';

// Publish (issue 25, point 4): an approved statement goes out through Hootsuite on the plan's
// accounts with `publish: true`, exactly as approved, once. The example plan's Instagram
// @example (profile 111) publishes; Omar holds the approve mandate, Anna does not.

let h: Harness | undefined;
let hs: HootsuiteStandin | undefined;
afterEach(async () => {
  await h?.stop();
  await hs?.close();
  h = hs = undefined;
});

const TEXT = 'We know about the video and we are looking into it. More within the hour.';
const statementMessage = (channelId: string) => h!.standin.messages(channelId).find((m) => m.text?.startsWith('Statement v'));

/** An X account that publishes too, on profile 222. */
const withX = (plan: string) =>
  plan.replace(
    'accounts:\n',
    'accounts:\n  - name: X\n    handle: "@example"\n    owner: social-media-manager\n    scheduler: hootsuite\n    profile_id: "222"\n    publish: true\n',
  );

/** A crisis with `text` drafted by Anna and approved by Omar. */
async function approvedStatement(text = TEXT, plan = publishingPlan('en', 'hootsuite_recheck: 1s')): Promise<{ channelId: string }> {
  hs = await HootsuiteStandin.start();
  h = await startHarness({ plan, env: { HOOTSUITE_ACCESS_TOKEN: hs.token, HOOTSUITE_API_URL: hs.apiUrl } });
  const { channelId } = await h.openCrisis('sev2 Kettle video spreading', USERS.opener);
  await h.command(`statement ${text}`, { channel: channelId, user: USERS.anna });
  const ask = await h.standin.waitFor(() => h!.standin.dm('U0OMAR').find((m) => m.text?.startsWith('A statement waits for your approval')));
  await h.click(ActionId.statementApprove, buttonsOf(ask.blocks)[0]!.value, { user: USERS.omar });
  await h.standin.waitFor(() => shown(statementMessage(channelId)!).includes('✅ Approved by <@U0OMAR>'));
  return { channelId };
}

async function confirm(channelId: string, user = USERS.omar) {
  const button = buttonsOf(statementMessage(channelId)!.blocks).find((b) => b.action_id === ActionId.statementSend)!;
  const before = h!.standin.views.length;
  await h!.click(ActionId.statementSend, button.value, { user, channel: channelId });
  const form = await h!.standin.waitFor(() => h!.standin.views.slice(before).find((v) => v.view.callback_id === CallbackId.statementSend));
  return {
    form,
    submit: () => h!.post(viewSubmissionBody(CallbackId.statementSend, {}, { user, privateMetadata: form.view.private_metadata })),
  };
}

describe('Publish', () => {
  it('sends exactly the approved text through Hootsuite once, after a confirmation naming the accounts; the first publication is the first public response', async () => {
    const { channelId } = await approvedStatement();
    expect(buttonsOf(statementMessage(channelId)!.blocks).map((b) => [b.action_id, b.text.text])).toEqual([
      [ActionId.statementSend, 'Publish'],
      [ActionId.statementPublish, 'Mark published'],
      [ActionId.statementEdit, 'Edit'],
    ]);

    // Anna may draft but not publish: refused in the confirmation, nothing sent.
    const anna = await confirm(channelId, USERS.anna);
    const refused = await anna.submit();
    expect(refused.body).toMatchObject({ response_action: 'update' });
    expect(JSON.stringify(refused.body)).toContain(
      'Only Omar Nilsson (crisis-lead and spokesperson) may publish a statement through Hootsuite.',
    );
    expect(hs!.calls.filter((c) => c.operationId === 'scheduleMessage')).toHaveLength(0);

    const omar = await confirm(channelId);
    expect(json(omar.form.view.blocks)).toContain('goes out now through Hootsuite, exactly as approved, on:');
    expect(json(omar.form.view.blocks)).toContain('Instagram @example');
    expect((await omar.submit()).status).toBe(200);
    await h!.standin.waitFor(() =>
      shown(statementMessage(channelId)!).includes(
        '📣 Published on Instagram @example through Hootsuite, exactly as approved (asked by <@U0OMAR>)',
      ),
    );
    const posts = hs!.calls.filter((c) => c.operationId === 'scheduleMessage');
    expect(posts.map((c) => c.body)).toEqual([{ text: TEXT, socialProfileIds: [HOOTSUITE_PROFILE] }]);
    const sent = [...hs!.messages.values()].find((m) => m.text === TEXT)!;
    expect(sent.state).toBe('SENT');
    expect(shown(statementMessage(channelId)!)).toContain(sent.postUrl!);
    // It is the first public response: the first-response clock stops at it.
    const snap = (await h!.bot.service.snapshot((await h!.bot.service.crisisInChannel(channelId))!.id))!;
    expect(snap.statements[0]!.publications.map((p) => [p.platform, p.via, p.url])).toEqual([
      ['Instagram @example', 'hootsuite', sent.postUrl],
    ]);
    const [publication] = snap.statements[0]!.publications;
    expect(firstResponseAt(snap.items, publishedOf(snap))).toBe(publication!.publishedAt);
    expect(snap.timeline.some((e) => e.event.kind === 'statement_published')).toBe(true);

    // A second confirmation sends nothing twice.
    const again = await confirm(channelId);
    expect(json(again.form.view.blocks)).toContain('Instagram @example: already sent.');
    expect(JSON.stringify((await again.submit()).body)).toContain('This version has already been sent to every account.');
    await h!.bot.worker.idle();
    expect(hs!.calls.filter((c) => c.operationId === 'scheduleMessage')).toHaveLength(1);
  }, 40_000);

  it('a send Hootsuite refuses is shown in its words, to post by hand, and may be sent again: once', async () => {
    const { channelId } = await approvedStatement();
    hs!.inject('POST /v1/messages', { status: 403, code: 4009 });
    await (await confirm(channelId)).submit();
    await h!.standin.waitFor(() =>
      shown(statementMessage(channelId)!).includes(
        '❌ Instagram @example: Hootsuite did not publish it (HTTP 403 · 4009 · Insufficient organization permissions). Post it by hand and mark it published.',
      ),
    );
    expect([...hs!.messages.values()].filter((m) => m.text === TEXT)).toHaveLength(0);
    // Refused is not sent: the confirmation offers the account again, and this time it goes.
    const again = await confirm(channelId);
    expect(json(again.form.view.blocks)).not.toContain('already sent');
    await again.submit();
    await h!.standin.waitFor(() => shown(statementMessage(channelId)!).includes('📣 Published on Instagram @example through Hootsuite'));
    expect(shown(statementMessage(channelId)!)).not.toContain('did not publish it');
    expect([...hs!.messages.values()].filter((m) => m.text === TEXT)).toHaveLength(1);
  }, 40_000);

  it('a text over a platform’s length is not published there; one waiting for approval in Hootsuite says so until it goes out', async () => {
    const long = `${TEXT} ${'We will share what we find, and what we change, with everyone who bought one. '.repeat(3)}`.trim();
    const { channelId } = await approvedStatement(long, withX(publishingPlan('en', 'hootsuite_recheck: 1s')));
    const confirmation = await confirm(channelId);
    expect(json(confirmation.form.view.blocks)).toContain(
      `X @example: not possible, the text has ${[...long].length} characters and X takes 280.`,
    );
    hs!.approvalRequired.add(HOOTSUITE_PROFILE);
    await confirmation.submit();
    await h!.standin.waitFor(() =>
      shown(statementMessage(channelId)!).includes('⏳ Instagram @example: waiting for approval in Hootsuite before it goes out.'),
    );
    expect(
      hs!.calls.filter((c) => c.operationId === 'scheduleMessage').map((c) => (c.body as { socialProfileIds: string[] }).socialProfileIds),
    ).toEqual([[HOOTSUITE_PROFILE]]);
    const waiting = [...hs!.messages.values()].find((m) => m.text === long)!;
    expect(waiting.state).toBe('PENDING_APPROVAL');
    // Someone approves it in Hootsuite: the next look finds it out, with its link.
    hs!.approve(waiting.id);
    await h!.standin.waitFor(
      () => shown(statementMessage(channelId)!).includes('📣 Published on Instagram @example through Hootsuite'),
      20_000,
    );
    expect(shown(statementMessage(channelId)!)).not.toContain('waiting for approval');
  }, 60_000);
});
