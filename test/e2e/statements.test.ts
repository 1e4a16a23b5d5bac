import { afterEach, describe, expect, it } from 'vitest';
import { textHash } from '../../src/domain/statements.js';
import { ActionId, CallbackId, StatementField as F } from '../../src/slack/ids.js';
import { examplePlanText } from '../unit/support.js';
import { buttonsOf, json, shown } from '../support/blocks.js';
import { startHarness, USERS, type Harness } from '../support/harness.js';
import { viewActionBody, viewSubmissionBody } from '../support/slack-requests.js';
import type { StandinBlock } from '../support/standin-types.js';

// What the brand says (issue 13, statements): drafted, approved on its exact text by the
// approve mandate, edited into new versions, marked published; the first publication is the
// first public response. With the example plan: approve is [crisis-lead, spokesperson] (Omar).

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const statementMessage = (channelId: string) => h!.standin.messages(channelId).find((m) => m.text?.startsWith('Statement v'));
const actionsOf = (blocks: readonly StandinBlock[] | undefined) => buttonsOf(blocks).map((b) => b.action_id);

async function submit(callbackId: string, privateMetadata: string, values: Record<string, Record<string, unknown>>, user = USERS.omar) {
  return h!.post(viewSubmissionBody(callbackId, values, { user, privateMetadata }));
}

describe('statements', () => {
  it('a draft is approved only by the mandate, on its exact text; an edit needs approval again; Mark published stops the clock', async () => {
    let skipped = 0;
    h = await startHarness({ plan: examplePlanText(), clock: () => Date.now() + skipped });
    const { channelId } = await h.openCrisis('Boycott call trending on Instagram', USERS.anna);
    const crisis = (await h.bot.service.crisisInChannel(channelId))!;

    const drafted = await h.command('statement We have seen the posts and are looking into it.', { channel: channelId, user: USERS.anna });
    expect(drafted.body?.text).toBe('Draft posted in the channel; the approvers are asked by direct message.');
    const draft = await h.standin.waitFor(() => statementMessage(channelId));
    expect(shown(draft)).toContain('📝 *Statement* v1, written by <@U0ANNA>');
    expect(shown(draft)).toContain('⏳ Waiting for approval by <@U0OMAR>');
    expect(json(draft.blocks)).toContain('X 47/280 · Instagram 47/2200 · LinkedIn 47/3000 · TikTok 47/2200 · Facebook 47/63206');
    expect(actionsOf(draft.blocks)).toEqual([ActionId.statementApprove, ActionId.statementChanges, ActionId.statementEdit]);
    // The approver is asked by DM, with the draft and the buttons.
    const ask = await h.standin.waitFor(() =>
      h!.standin.dm('U0OMAR').find((m) => m.text?.startsWith('A statement waits for your approval')),
    );
    expect(json(ask.blocks)).toContain('We have seen the posts and are looking into it.');
    const [approve] = buttonsOf(ask.blocks);

    // Anna wrote it and has no approve mandate: refused, naming who may.
    await h.click(ActionId.statementApprove, approve!.value, { user: USERS.anna, channel: channelId });
    await h.standin.waitFor(() =>
      h!.standin.responses.some((r) => r.body.text === 'Only Omar Nilsson (crisis-lead and spokesperson) may approve a statement.'),
    );
    // Nobody approved within ten minutes: the approver is reminded, once.
    skipped = 10 * 60_000;
    await h.standin.waitFor(() => h!.standin.dm('U0OMAR').some((m) => m.text?.startsWith('A statement waits') && m.ts !== ask.ts), 15_000);
    const reminder = h.standin
      .dm('U0OMAR')
      .filter((m) => m.text?.startsWith('A statement waits'))
      .at(-1)!;
    expect(json(reminder.blocks)).toContain('still waits for your approval');

    await h.click(ActionId.statementApprove, approve!.value, { user: USERS.omar });
    await h.standin.waitFor(() => shown(statementMessage(channelId)!).includes('✅ Approved by <@U0OMAR>'));
    const approved = statementMessage(channelId)!;
    expect(actionsOf(approved.blocks)).toEqual([ActionId.statementPublish, ActionId.statementEdit]);
    const [v1] = (await h.bot.service.snapshot(crisis.id))!.statements[0]!.versions;
    expect(v1!.approvedHash).toBe(textHash('We have seen the posts and are looking into it.'));
    // A second click approves nothing twice.
    await h.click(ActionId.statementApprove, approve!.value, { user: USERS.omar });
    await h.standin.waitFor(() =>
      h!.standin.responses.some((r) => r.body.text === 'This version was already decided; nothing was changed.'),
    );

    // Edit after approval: a new version, waiting again; the old approval stays with v1.
    const [publishButton, editButton] = buttonsOf(approved.blocks);
    await h.click(ActionId.statementEdit, editButton!.value, { user: USERS.anna });
    const editForm = await h.standin.waitFor(() => h!.standin.views.find((v) => v.view.callback_id === CallbackId.statementEdit));
    expect(json(editForm.view.blocks)).toContain('We have seen the posts and are looking into it.');
    const edited = await submit(
      CallbackId.statementEdit,
      editForm.view.private_metadata,
      {
        [F.text.block]: {
          [F.text.action]: {
            type: 'plain_text_input',
            value: 'We have seen the posts about the boycott and are looking into it. Back within the hour.',
          },
        },
      },
      USERS.anna,
    );
    expect(edited.status).toBe(200);
    await h.standin.waitFor(() => shown(statementMessage(channelId)!).includes('v2, written by <@U0ANNA>'));
    const v2 = statementMessage(channelId)!;
    expect(shown(v2)).toContain('⏳ Waiting for approval');
    expect(json(v2.blocks)).toContain('1 earlier version');
    // The v1 buttons now decide nothing: there is a newer text.
    await h.click(ActionId.statementPublish, publishButton!.value, { user: USERS.omar });
    await h.standin.waitFor(() =>
      h!.standin.responses.some((r) => r.body.text === 'There is a newer version (v2) of this statement; decide on that one.'),
    );
    expect(h.standin.views.filter((v) => v.view.callback_id === CallbackId.statementPublish)).toHaveLength(0);

    // Approve v2 and mark it published.
    const [approve2] = buttonsOf(v2.blocks);
    await h.click(ActionId.statementApprove, approve2!.value, { user: USERS.omar });
    await h.standin.waitFor(() => actionsOf(statementMessage(channelId)!.blocks)[0] === ActionId.statementPublish);
    const [publish2] = buttonsOf(statementMessage(channelId)!.blocks);
    await h.click(ActionId.statementPublish, publish2!.value, { user: USERS.anna });
    const form = await h.standin.waitFor(() => h!.standin.views.find((v) => v.view.callback_id === CallbackId.statementPublish));
    const values = (url: string) => ({
      [F.platform.block]: { [F.platform.action]: { type: 'static_select', selected_option: { value: 'instagram' } } },
      [F.url.block]: { [F.url.action]: { type: 'url_text_input', value: url } },
    });
    const bad = await submit(CallbackId.statementPublish, form.view.private_metadata, values('not a link'), USERS.anna);
    expect(bad.body).toEqual({ response_action: 'errors', errors: { [F.url.block]: 'Give the link to the published post (https://…).' } });
    const ok = await submit(CallbackId.statementPublish, form.view.private_metadata, values('https://instagram.com/p/abc'), USERS.anna);
    expect(ok.status).toBe(200);

    await h.standin.waitFor(() => shown(statementMessage(channelId)!).includes('📣 Published on Instagram by <@U0ANNA>'));
    const status = shown((await h.command('status', { channel: channelId })).body!);
    expect(status).toMatch(/First public response: \d+m( \d+s)? after opening/);
    await h.standin.waitFor(() => shown(h!.standin.messages(channelId)[0]!).includes('📣 *Public line*, published on Instagram'));
    // The checklist item for the first public response is ticked by it.
    await h.standin.waitFor(
      async () => (await h!.bot.service.snapshot(crisis.id))!.items.find((i) => i.doneWhen === 'first_response')!.doneBy === 'U0ANNA',
    );

    await h.command('close', { channel: channelId, user: USERS.omar });
    const upload = await h.standin.waitFor(() => h!.standin.uploads.find((u) => u.completed));
    expect(upload.content).toContain('## Statements');
    expect(upload.content).toContain('- Version 1, written by Anna Berg at');
    expect(upload.content).toContain(`Approved by Omar Nilsson at`);
    expect(upload.content).toContain(textHash('We have seen the posts and are looking into it.'));
    expect(upload.content).toContain('- Version 2, written by Anna Berg at');
    expect(upload.content).toContain('Published on Instagram by Anna Berg at');
    expect(upload.content).toMatch(/\| Time to first public response \| \d+m( \d+s)? \|/);
  }, 60_000);

  it('Request changes asks why and tells the author; the form counts per platform and fills in a plan statement', async () => {
    h = await startHarness({ plan: examplePlanText() });
    const { channelId } = await h.openCrisis('Product failure video', USERS.anna);

    // The form: a keystroke updates the counts; choosing a plan statement fills the text in.
    await h.command('statement', { channel: channelId, user: USERS.anna });
    const opened = await h.standin.waitFor(() => h!.standin.views.find((v) => v.view.callback_id === CallbackId.statementModal));
    const view = opened.view;
    const typed = 'x'.repeat(290);
    const textBlock = view.blocks.find((b) => b.block_id?.startsWith(F.text.block))!.block_id!;
    const keystroke = viewActionBody(
      view,
      { type: 'plain_text_input', action_id: F.text.action, block_id: textBlock, value: typed },
      {
        [textBlock]: { [F.text.action]: { type: 'plain_text_input', value: typed } },
        [F.platforms.block]: { [F.platforms.action]: { type: 'checkboxes', selected_options: [{ value: 'x' }, { value: 'linkedin' }] } },
      },
    );
    expect((await h.post(keystroke)).status).toBe(200);
    await h.standin.waitFor(() => (opened.updates ?? 0) >= 1);
    expect(json(opened.view.blocks)).toContain('⚠️ X 290/280: too long · LinkedIn 290/3000');

    const chosen = viewActionBody(
      opened.view,
      { type: 'static_select', action_id: F.template.action, block_id: F.template.block, selected_option: { value: 'holding' } },
      {},
    );
    expect((await h.post(chosen)).status).toBe(200);
    await h.standin.waitFor(() => (opened.updates ?? 0) >= 2);
    // The internal title stays out of public copy: the form asks for the subject in public words.
    expect(json(opened.view.blocks)).toContain(
      'We have seen the posts about {topic} and are looking into it. We will be back within the hour.',
    );
    expect(json(opened.view.blocks)).not.toContain('Product failure video');
    expect(opened.view.blocks.find((b) => b.block_id === F.topic.block)).toMatchObject({
      type: 'input',
      label: { text: 'The subject, as the public should read it' },
    });
    const draftWith = (topic: string) =>
      submit(
        CallbackId.statementModal,
        opened.view.private_metadata,
        {
          [`${F.text.block}-1`]: {
            [F.text.action]: { type: 'plain_text_input', value: 'We have seen the posts about {topic} and are looking into it.' },
          },
          [F.topic.block]: { [F.topic.action]: { type: 'plain_text_input', value: topic } },
          [F.platforms.block]: { [F.platforms.action]: { type: 'checkboxes', selected_options: [{ value: 'x' }] } },
        },
        USERS.anna,
      );
    expect((await draftWith('  ')).body).toEqual({
      response_action: 'errors',
      errors: { [F.topic.block]: 'Give the subject as the public should read it: it replaces {topic} in the text.' },
    });
    expect(statementMessage(channelId)).toBeUndefined();

    const submitted = await draftWith('the kettle video');
    expect(submitted.status).toBe(200);
    const draft = await h.standin.waitFor(() => statementMessage(channelId));
    expect(json(draft.blocks)).toContain('We have seen the posts about the kettle video and are looking into it.');
    expect(json(draft.blocks)).toContain('X 70/280');
    expect(json(draft.blocks)).not.toContain('Instagram');

    // An empty form is refused on its field.
    const empty = await submit(
      CallbackId.statementModal,
      opened.view.private_metadata,
      { [`${F.text.block}-1`]: { [F.text.action]: { type: 'plain_text_input', value: '  ' } } },
      USERS.anna,
    );
    expect(empty.body?.response_action).toBe('errors');

    // Request changes: the reason, then the author is told.
    const [, changes] = buttonsOf(draft.blocks);
    await h.click(ActionId.statementChanges, changes!.value, { user: USERS.omar });
    const reasonForm = await h.standin.waitFor(() => h!.standin.views.find((v) => v.view.callback_id === CallbackId.statementChanges));
    const blank = await submit(CallbackId.statementChanges, reasonForm.view.private_metadata, {
      [F.reason.block]: { [F.reason.action]: { type: 'plain_text_input', value: '   ' } },
    });
    expect(blank.body).toEqual({
      response_action: 'errors',
      errors: { [F.reason.block]: 'Say what should change, so the author knows what to do.' },
    });
    await submit(CallbackId.statementChanges, reasonForm.view.private_metadata, {
      [F.reason.block]: { [F.reason.action]: { type: 'plain_text_input', value: 'Say when we will be back.' } },
    });
    const told = await h.standin.waitFor(() => h!.standin.dm('U0ANNA').find((m) => m.text?.includes('asked for changes')));
    expect(told.text).toContain('<@U0OMAR> asked for changes to your statement (v1)');
    expect(told.text).toContain('Say when we will be back.');
    await h.standin.waitFor(() => shown(statementMessage(channelId)!).includes('✏️ Changes requested by <@U0OMAR>'));

    // An edit that changes nothing is refused on the field, and makes no version.
    const [, , edit] = buttonsOf(statementMessage(channelId)!.blocks);
    await h.click(ActionId.statementEdit, edit!.value, { user: USERS.anna });
    const editForm = await h.standin.waitFor(() => h!.standin.views.find((v) => v.view.callback_id === CallbackId.statementEdit));
    const same = await submit(
      CallbackId.statementEdit,
      editForm.view.private_metadata,
      {
        [F.text.block]: {
          [F.text.action]: {
            type: 'plain_text_input',
            value: 'We have seen the posts about the kettle video and are looking into it.',
          },
        },
      },
      USERS.anna,
    );
    expect(same.body).toEqual({
      response_action: 'errors',
      errors: { [F.text.block]: 'That is the text already there; nothing was changed.' },
    });
    expect((await h.bot.service.snapshot((await h.bot.service.crisisInChannel(channelId))!.id))!.statements[0]!.versions).toHaveLength(1);
  }, 60_000);

  it('four eyes: the author of a version may not approve it, even holding the mandate, unless the plan allows it', async () => {
    h = await startHarness({ plan: examplePlanText() });
    const { channelId } = await h.openCrisis('Boycott call trending on Instagram', USERS.anna);
    // Omar holds the approve mandate and writes the draft himself: nobody else may approve it.
    await h.command('statement We are looking into it.', { channel: channelId, user: USERS.omar });
    const draft = await h.standin.waitFor(() => statementMessage(channelId));
    const approve = buttonsOf(draft.blocks).find((b) => b.action_id === ActionId.statementApprove)!;
    await h.click(ActionId.statementApprove, approve.value, { user: USERS.omar, channel: channelId });
    await h.standin.waitFor(() =>
      h!.standin.responses.some(
        (r) =>
          r.body.text ===
          'Four eyes: you wrote this version, and nobody else holds the approve mandate. Add an approver to the crisis plan, or set `statements_self_approve: true` for a one-person team.',
      ),
    );
    const crisis = (await h.bot.service.crisisInChannel(channelId))!;
    const record = async () => (await h!.bot.service.snapshot(crisis.id))!.statements[0]!;
    expect((await record()).versions[0]!.approvedAt).toBeNull();
    // Nobody is asked to approve their own draft by DM either.
    await h.bot.worker.idle();
    expect(h.standin.dm('U0OMAR').filter((m) => m.text?.startsWith('A statement waits'))).toHaveLength(0);

    // A second approver in the plan is named in the refusal; a one-person team may opt out.
    await h.stop();
    h = await startHarness({
      plan: examplePlanText().replace('approve: [crisis-lead, spokesperson]', 'approve: [crisis-lead, social-media-manager]'),
    });
    const second = await h.openCrisis('Boycott call trending on Instagram', USERS.anna);
    await h.command('statement We are looking into it.', { channel: second.channelId, user: USERS.omar });
    const draft2 = await h.standin.waitFor(() => statementMessage(second.channelId));
    const approve2 = buttonsOf(draft2.blocks).find((b) => b.action_id === ActionId.statementApprove)!;
    await h.click(ActionId.statementApprove, approve2.value, { user: USERS.omar, channel: second.channelId });
    await h.standin.waitFor(() =>
      h!.standin.responses.some((r) => r.body.text === 'Four eyes: you wrote this version, so someone else approves it: Anna Berg.'),
    );
    await h.stop();
    h = await startHarness({ plan: `${examplePlanText()}\nstatements_self_approve: true\n` });
    const alone = await h.openCrisis('Boycott call trending on Instagram', USERS.anna);
    await h.command('statement We are looking into it.', { channel: alone.channelId, user: USERS.omar });
    const draft3 = await h.standin.waitFor(() => statementMessage(alone.channelId));
    const approve3 = buttonsOf(draft3.blocks).find((b) => b.action_id === ActionId.statementApprove)!;
    await h.click(ActionId.statementApprove, approve3.value, { user: USERS.omar, channel: alone.channelId });
    const own = (await h.bot.service.crisisInChannel(alone.channelId))!;
    await h.standin.waitFor(async () => (await h!.bot.service.snapshot(own.id))!.statements[0]!.versions[0]!.approvedBy ?? undefined);
    expect((await h.bot.service.snapshot(own.id))!.statements[0]!.versions[0]!.approvedBy).toBe(USERS.omar.id);
  }, 60_000);

  it('a button whose form Slack will not open tells the presser, acked once', async () => {
    h = await startHarness({ plan: examplePlanText() });
    const { channelId } = await h.openCrisis('Boycott call trending on Instagram', USERS.anna);
    await h.command('statement We have seen the posts and are looking into it.', { channel: channelId, user: USERS.anna });
    const draft = await h.standin.waitFor(() => statementMessage(channelId));
    const edit = buttonsOf(draft.blocks).find((b) => b.action_id === ActionId.statementEdit)!;
    h.standin.inject('views.open', { error: 'expired_trigger_id' });
    const click = await h.click(ActionId.statementEdit, edit.value, { user: USERS.anna, channel: channelId });
    expect(click.status).toBe(200);
    const reply = await h.standin.waitFor(() => h!.standin.responses.find((r) => r.path === new URL(click.responseUrl).pathname));
    expect(reply.body).toMatchObject({
      response_type: 'ephemeral',
      text: 'Something went wrong on our side; nothing was changed. The error is logged.',
    });
    // Acked before views.open, and not again when it failed: Bolt's receiver throws on a second ack.
    expect(h.logs.join('')).not.toContain('unhandled error in a listener');
  });

  it('drafting outside a crisis channel, or in a closed crisis, changes nothing', async () => {
    h = await startHarness({ plan: examplePlanText() });
    expect((await h.command('statement Hello', { user: USERS.anna })).body?.text).toBe(
      '`/crisis statement` works in a crisis channel; `/crisis list` shows the open crises.',
    );
    const { channelId } = await h.openCrisis('Closed soon', USERS.anna);
    await h.command('close', { channel: channelId, user: USERS.omar });
    expect((await h.command('statement Too late', { channel: channelId, user: USERS.anna })).body?.text).toBe('This crisis is closed.');
    expect((await h.bot.service.snapshot((await h.bot.service.crisisInChannel(channelId))!.id))!.statements).toEqual([]);
  });
});
