import { afterEach, describe, expect, it } from 'vitest';
import { ActionId, CallbackId, FeedbackField as F } from '../../src/slack/ids.js';
import { planWith } from '../fixtures/plans.js';
import { buttonsOf, json, shown } from '../support/blocks.js';
import { startHarness, USERS, type Harness } from '../support/harness.js';
import { SlackStandin } from '../support/slack-standin.js';
import { viewSubmissionBody } from '../support/slack-requests.js';

// The internal Q&A, lessons, the feedback asked at close, and follow-up actions (issue 14,
// points 4 and 6), with the example plan: stage 1 pages Anna and Kasia; Omar leads.

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function harness(extra: string, o: { language?: string; clock?: () => number } = {}): Promise<Harness> {
  const standin = await SlackStandin.start();
  standin.addChannel({ id: 'C0STAFF', name: 'all-staff', members: ['UBOT'] });
  return startHarness({ plan: planWith(extra, o.language), standin, ...(o.clock ? { clock: o.clock } : {}) });
}

const DAY = 24 * 3600_000;
const staffPosts = () => h!.standin.messages('C0STAFF');

describe('the internal Q&A', () => {
  it('is one message in the staff channel, updated in place at every publish, continued in its thread when it outgrows one message', async () => {
    h = await harness('staff_channel: C0STAFF');
    const { channelId } = await h.openCrisis('Recall video spreading', USERS.opener);
    const qa = (text: string, user = USERS.anna) => h!.command(`qa ${text}`, { channel: channelId, user });

    expect((await qa('publish')).body?.text).toBe(
      'The internal Q&A is empty: add entries with `/crisis qa &lt;question&gt; | &lt;answer&gt;`.',
    );
    expect((await qa('What happened?')).body?.text).toBe('Usage: `/crisis qa &lt;question&gt; | &lt;answer&gt;`, or `/crisis qa publish`');
    await qa('What happened? | A batch of kettles may overheat; we are recalling it.');
    expect((await qa('Is it safe to use? | No: unplug it and contact us for a refund.', USERS.kasia)).body?.text).toBe(
      'Added to the internal Q&A (2 entries). `/crisis qa publish` posts it to <#C0STAFF>.',
    );

    // First publish: one message.
    expect((await qa('publish')).body?.text).toBe(
      'Publishing the internal Q&A (2 entries) in <#C0STAFF>; the message there is updated in place.',
    );
    const message = await h.standin.waitFor(() => staffPosts()[0]);
    expect(message.text).toBe('Internal Q&A: Recall video spreading');
    expect(shown(message)).toContain('*What happened?*\nA batch of kettles may overheat; we are recalling it.');
    expect(shown(message)).toContain('(2 questions)');

    // Second: the same message, updated.
    await qa('Who do I send journalists to? | The press office, press@example.com.');
    await qa('publish');
    await h.standin.waitFor(() => shown(staffPosts()[0]!).includes('Who do I send journalists to?'));
    expect(staffPosts()).toHaveLength(1);
    expect(staffPosts()[0]!.edits).toBeGreaterThanOrEqual(1);

    // Third, with more than one message holds: the rest in its thread; still one message in the channel.
    for (let i = 1; i <= 40; i++) await qa(`Question ${i}? | Answer ${i}.`);
    await qa('publish');
    const reply = await h.standin.waitFor(() => staffPosts().find((m) => m.threadTs === message.ts), 30_000);
    expect(reply.text).toBe('Internal Q&A: Recall video spreading');
    expect(shown(reply)).toContain('(continued, 41–43)');
    expect(shown(reply)).toContain('*Question 40?*\nAnswer 40.');
    await h.standin.waitFor(() => json(staffPosts()[0]!.blocks).includes('3 more questions are in the thread.'), 30_000);
    expect(staffPosts().filter((m) => !m.threadTs)).toHaveLength(1);

    // A fourth publish posts nothing new.
    await qa('publish');
    await h.bot.worker.idle();
    expect(staffPosts()).toHaveLength(2);
    await h.command('close', { channel: channelId, user: USERS.omar });
    const upload = await h.standin.waitFor(() => h!.standin.uploads.find((u) => u.completed));
    expect(upload.content).toContain('## Internal Q&A');
    expect(upload.content).toContain('- **Is it safe to use?**\n  No: unplug it and contact us for a refund.');
  }, 90_000);

  it('without a staff_channel, publishing says where to set it', async () => {
    h = await harness('', { language: 'pl' });
    const { channelId } = await h.openCrisis('Wycofanie czajników', USERS.opener);
    await h.command('qa Co się stało? | Wycofujemy partię czajników.', { channel: channelId, user: USERS.anna });
    expect((await h.command('qa publish', { channel: channelId, user: USERS.anna })).body?.text).toBe(
      'Plan kryzysowy nie wskazuje kanału `staff_channel`, na którym można opublikować wewnętrzne pytania i odpowiedzi.',
    );
  });
});

describe('lessons and follow-up actions', () => {
  it('lessons and the feedback of everyone who took part fill the debrief, also after close; an action’s owner is reminded weekly and Done is recorded', async () => {
    let skipped = 0;
    h = await harness('', { clock: () => Date.now() + skipped });
    const { channelId } = await h.openCrisis('Recall video spreading', USERS.opener);
    expect(
      (await h.command('lesson We should have paused Instagram before the first reply', { channel: channelId, user: USERS.anna })).body
        ?.text,
    ).toBe('Lesson recorded for the debrief.');
    expect((await h.command('lesson plan: Add TikTok to the accounts to pause', { channel: channelId, user: USERS.omar })).body?.text).toBe(
      'Recorded as a change to the crisis plan: the debrief lists it under "Changes to the crisis plan", and `/crisis plan` until the plan’s owner confirms it made.',
    );
    const added = await h.command('action <@U0KASIA|kasia> Update the FAQ on the recall page', { channel: channelId, user: USERS.omar });
    expect(added.body?.text).toBe('Follow-up action recorded; <@U0KASIA> gets it with Done, and a reminder every week until it is done.');
    expect((await h.command('action Kasia do it', { channel: channelId, user: USERS.omar })).body?.text).toBe(
      'Usage: `/crisis action @person [YYYY-MM-DD] &lt;what to do&gt;`',
    );
    // A due day: a past one or one the calendar lacks is refused in one line and records nothing.
    const due = (text: string) => h!.command(`action <@U0KASIA|kasia> ${text}`, { channel: channelId, user: USERS.omar });
    expect((await due('2020-01-31 Brief the board')).body?.text).toBe(
      '2020-01-31 has already passed; give today or a later day as the due date.',
    );
    expect((await due('2099-02-30 Brief the board')).body?.text).toBe(
      '2099-02-30 is not a day of the calendar; write the due date as YYYY-MM-DD, e.g. 2026-12-20.',
    );
    expect((await due('2099-12-20 Brief the board')).body?.text).toBe(
      'Follow-up action recorded, due 2099-12-20; <@U0KASIA> gets it with Done, a reminder on the morning it is due and every week until it is done.',
    );
    const dated = await h.standin.waitFor(() => h!.standin.dm('U0KASIA').find((m) => m.text === 'Follow-up action: Brief the board'));
    expect(shown(dated)).toContain('after Recall video spreading, due 2099-12-20:');
    const assigned = await h.standin.waitFor(() =>
      h!.standin.dm('U0KASIA').find((m) => m.text === 'Follow-up action: Update the FAQ on the recall page'),
    );
    expect(shown(assigned)).toContain('A follow-up action for you* from <@U0OMAR>');
    const [done] = buttonsOf(assigned.blocks);
    expect(done).toMatchObject({ action_id: ActionId.actionDone, text: { text: 'Done' } });

    // At close, everyone who took part is asked, once each: those paged (Anna, Kasia) and Omar,
    // informed, a crisis lead and the one who closed it. The opener, none of these, is not.
    await h.command('close', { channel: channelId, user: USERS.omar });
    const asks = (user: string) =>
      h!.standin.dm(user).filter((m) => m.text === 'What went well, and what should we improve? (Recall video spreading)');
    const ask = (user: string) => asks(user)[0];
    const asked = await h.standin.waitFor(() => ask('U0ANNA'));
    await h.standin.waitFor(() => ask('U0KASIA') && ask('U0OMAR'));
    await h.bot.worker.idle();
    expect(['U0ANNA', 'U0KASIA', 'U0OMAR'].map((u) => asks(u).length)).toEqual([1, 1, 1]);
    expect(ask(USERS.opener.id)).toBeUndefined();
    const first = await h.standin.waitFor(() => h!.standin.uploads.find((u) => u.completed && u.channels.includes('C0DEBRIEF')));
    expect(first.content).toContain('- Lessons:\n  - We should have paused Instagram before the first reply (Anna Berg,');
    expect(first.content).toContain('- Changes to the crisis plan:\n  - Add TikTok to the accounts to pause (Omar Nilsson,');
    expect(first.content).toMatch(/## Follow-up actions\n\n- \[ \] Update the FAQ on the recall page \(Kasia Nowak, since /);
    expect(first.content).toContain('- [ ] Brief the board (Kasia Nowak, due 2099-12-20)');

    // Anna answers the feedback form: the debrief becomes version 2, where the first was.
    await h.click(ActionId.feedback, buttonsOf(asked.blocks)[0]!.value, { user: USERS.anna });
    const form = await h.standin.waitFor(() => h!.standin.views.find((v) => v.view.callback_id === CallbackId.feedback));
    const feedback = (wentWell: string | null, improve: string | null, planChange: string | null = null) =>
      h!.post(
        viewSubmissionBody(
          CallbackId.feedback,
          {
            [F.wentWell.block]: { [F.wentWell.action]: { type: 'plain_text_input', value: wentWell } },
            [F.improve.block]: { [F.improve.action]: { type: 'plain_text_input', value: improve } },
            [F.planChange.block]: { [F.planChange.action]: { type: 'plain_text_input', value: planChange } },
          },
          { user: USERS.anna, privateMetadata: form.view.private_metadata },
        ),
      );
    expect((await feedback(null, '  ')).body).toEqual({
      response_action: 'errors',
      errors: { [F.wentWell.block]: 'Write at least one of them.' },
    });
    // The form's third question is the practice's last step: what to change in the plan.
    expect(form.view.blocks.map((b) => b.block_id)).toContain(F.planChange.block);
    expect(
      (await feedback('The holding statement was out in 20 minutes', 'Nobody knew who owned TikTok', 'Name an owner for TikTok')).status,
    ).toBe(200);
    const v2 = await h.standin.waitFor(() =>
      h!.standin.uploads.find((u) => u.completed && u.filename.endsWith('-v2.md') && u.channels.includes('C0DEBRIEF')),
    );
    expect(v2.initialComment).toBe(
      '📝 *Debrief updated* (version 2): feedback from the team was added. This file replaces the earlier one.',
    );
    expect(v2.content).toContain('- What went well:\n  - The holding statement was out in 20 minutes (Anna Berg,');
    expect(v2.content).toContain('- What to improve:\n  - Nobody knew who owned TikTok (Anna Berg,');
    expect(v2.content).toContain('  - Name an owner for TikTok (Anna Berg,');

    // A lesson after close, in the closed crisis's channel: version 3.
    expect((await h.command('lesson Keep the FAQ owner in the plan', { channel: channelId, user: USERS.omar })).body?.text).toBe(
      'Lesson recorded; the debrief is being updated (a new version).',
    );
    const v3 = await h.standin.waitFor(() =>
      h!.standin.uploads.find((u) => u.completed && u.filename.endsWith('-v3.md') && u.channels.includes('C0DEBRIEF')),
    );
    expect(v3.content).toContain('  - Keep the FAQ owner in the plan (Omar Nilsson,');
    expect(v3.content).toContain('The holding statement was out in 20 minutes');

    // A week on, the action is still open: Kasia is reminded.
    skipped = 7 * DAY + 60_000;
    const reminder = await h.standin.waitFor(
      () => h!.standin.dm('U0KASIA').find((m) => m.text === 'Still open: Update the FAQ on the recall page'),
      15_000,
    );
    expect(shown(reminder)).toMatch(/Still open\* \(7d( \d+[hms])*/);
    // Only its owner marks it done; Anna is told whose it is.
    await h.click(ActionId.actionDone, done!.value, { user: USERS.anna });
    await h.standin.waitFor(() =>
      h!.standin.responses.some((r) => r.body.text === 'This action is <@U0KASIA>’s; only they may mark it done.'),
    );
    const click = await h.click(ActionId.actionDone, done!.value, { user: USERS.kasia });
    const replaced = await h.standin.waitFor(() =>
      h!.standin.responses.find((r) => click.responseUrl.endsWith(r.path) && r.body.replace_original === true),
    );
    expect(JSON.stringify(replaced.body.blocks)).toContain('✅ Done by <@U0KASIA>');
    const v4 = await h.standin.waitFor(() =>
      h!.standin.uploads.find((u) => u.completed && u.filename.endsWith('-v4.md') && u.channels.includes('C0DEBRIEF')),
    );
    expect(v4.initialComment).toContain('a follow-up action was done');
    expect(v4.content).toMatch(/- \[x\] Update the FAQ on the recall page \(Kasia Nowak; done by Kasia Nowak at /);
    // One living debrief in each place it was posted: the post edited to version 4, saying what
    // changed, and in its thread what changed each time with only the current file still there.
    await h.standin.waitFor(() =>
      h!.standin.uploads.find((u) => u.completed && u.filename.endsWith('-v4.md') && u.channels.includes(channelId)),
    );
    await h.bot.worker.idle();
    for (const channel of [channelId, 'C0DEBRIEF']) {
      const top = h.standin.messages(channel).filter((m) => !m.threadTs && !m.deleted);
      const [post, ...more] = top.filter((m) => m.text === 'Debrief: Recall video spreading');
      expect(more).toHaveLength(0);
      expect(post!.edits).toBe(3);
      expect(post!.blocks![0]).toMatchObject({
        type: 'context',
        elements: [{ text: '📝 Updated to version 4: a follow-up action was done. The current file is in this message’s thread.' }],
      });
      expect(JSON.stringify(post!.blocks)).toContain('Update the FAQ on the recall page');
      const debriefFiles = top.flatMap((m) => m.files ?? []).filter((f) => f.name?.startsWith('debrief-'));
      expect(debriefFiles.map((f) => f.name)).toEqual([expect.not.stringMatching(/-v\d+\.md$/)]);
      const thread = h.standin.thread(channel, post!.ts);
      expect(thread.map((m) => [m.text!.slice(0, 36), m.files!.map((f) => f.mode ?? f.name!.replace(/.*-/, ''))])).toEqual([
        ['📝 *Debrief updated* (version 2): fe', ['tombstone']],
        ['📝 *Debrief updated* (version 3): a ', ['tombstone']],
        ['📝 *Debrief updated* (version 4): a ', ['v4.md']],
      ]);
    }
    expect(h.standin.uploads.filter((u) => u.deleted).map((u) => u.filename.replace(/.*-/, ''))).toEqual([
      'v2.md',
      'v2.md',
      'v3.md',
      'v3.md',
    ]);
    // Done: no more reminders.
    skipped = 14 * DAY + 120_000;
    await new Promise((r) => setTimeout(r, 1500));
    await h.bot.worker.idle();
    expect(h.standin.dm('U0KASIA').filter((m) => m.text === 'Still open: Update the FAQ on the recall page')).toHaveLength(1);
  }, 90_000);
});
