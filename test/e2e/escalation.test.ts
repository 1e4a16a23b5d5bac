import { afterEach, describe, expect, it } from 'vitest';
import { EARLY_MARGIN_MS } from '../../src/services/reminder-service.js';
import { ActionId, CallbackId, FirstResponseField } from '../../src/slack/ids.js';
import { fastPlan } from '../fixtures/fast-plan.js';
import { dmsOf, startHarness, USERS, type Harness } from '../support/harness.js';
import { buttonsOf, json } from '../support/blocks.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const notices = (channelId: string) => h!.standin.messages(channelId).map((m) => m.text ?? '');
const crisisIn = async (channelId: string) => (await h!.bot.service.crisisInChannel(channelId))!;

describe('stage escalation', () => {
  it('pages the next stage when nobody acknowledges in time, and announces the unanswered last stage', async () => {
    h = await startHarness({ plan: fastPlan({ ackTimeout: '2s' }) });
    const { channelId } = await h.openCrisis('Nobody answers');
    const crisis = await crisisIn(channelId);
    const pagedAt = async (user: string) => (await h!.bot.service.snapshot(crisis.id))!.pages.find((p) => p.userId === user)!.pagedAt;

    // When the bot decided comes from its own records: never before the deadline. How soon
    // after it is measured by bench/escalation-lateness.ts; the worker's own wake-up at a
    // deadline is unit-tested with fake timers. A bound here would measure the load on the CI
    // machine: one run saw 1 s.
    await h.standin.waitFor(() => dmsOf(h!.standin, 'U0OMAR', 'page')[0], 15_000);
    expect(await pagedAt('U0OMAR')).toBeGreaterThanOrEqual(crisis.openedAt + 2000);
    await h.standin.waitFor(
      () => notices(channelId).some((t) => t.includes('Nobody in stage 1 (Social team) acknowledged within 2s')),
      15_000,
    );
    await h.standin.waitFor(() => h!.standin.channels.get(channelId)!.members.has('U0OMAR'));

    // Stage 2 gets its own full timeout, counted from when it was paged.
    await h.standin.waitFor(() => h!.standin.dm('U0PER')[0], 15_000);
    expect(await pagedAt('U0PER')).toBeGreaterThanOrEqual((await pagedAt('U0OMAR')) + 2000);
    await h.standin.waitFor(() => notices(channelId).some((t) => t.includes('and it is the last stage')), 15_000);

    await h.bot.worker.idle();
    const snap = (await h.bot.service.snapshot((await crisisIn(channelId)).id))!;
    expect(snap.crisis.stage).toBe(3);
    expect(snap.timeline.filter((e) => e.event.kind === 'escalated').map((e) => e.event)).toEqual([
      { kind: 'escalated', to: 2, paged: ['Omar Nilsson'], cause: { kind: 'deadline', stage: 1, timeoutMs: 2000 } },
      { kind: 'escalated', to: 3, paged: ['Per Holm'], cause: { kind: 'deadline', stage: 2, timeoutMs: 2000 } },
    ]);
    // The channel is told who was paged and why, in the plan's words.
    await h.standin.waitFor(async () => (await h!.bot.service.backlog(snap.crisis.id)).pending === 0);
    expect(notices(channelId)).toContain(
      '⏫ Nobody in stage 1 (Social team) acknowledged within 2s. Paging stage 2 (Crisis group): <@U0OMAR>.',
    );
    expect(notices(channelId)).toContain(
      '⏫ Nobody in stage 2 (Crisis group) acknowledged within 2s. Paging stage 3 (Management): <@U0PER>.',
    );
    expect(snap.timeline.filter((e) => e.event.kind === 'unanswered')).toHaveLength(1);
    for (const user of ['U0ANNA', 'U0KASIA', 'U0OMAR', 'U0PER']) expect(dmsOf(h.standin, user, 'page'), user).toHaveLength(1);
    // Everyone still silent when their stage's time ran out got one more message, with the button.
    for (const user of ['U0ANNA', 'U0KASIA', 'U0OMAR', 'U0PER']) {
      const chases = dmsOf(h.standin, user, 'chase');
      expect(chases, user).toHaveLength(1);
      expect(chases[0]!.text).toContain('Still waiting for your acknowledgement: Nobody answers');
      expect(buttonsOf(chases[0]!.blocks).map((b: { action_id: string }) => b.action_id)).toEqual([ActionId.pageAck]);
    }
    expect(snap.timeline.filter((e) => e.event.kind === 'chased').map((e) => e.event)).toEqual([
      { kind: 'chased', member: 'Anna Berg', stage: 1 },
      { kind: 'chased', member: 'Kasia Nowak', stage: 1 },
      { kind: 'chased', member: 'Omar Nilsson', stage: 2 },
      { kind: 'chased', member: 'Per Holm', stage: 3 },
    ]);
    // Nobody answered even then: status says whom to call, with the number the plan has.
    const status = await h.command('status', { channel: channelId });
    expect(status.body?.text).toContain(
      '*Never answered, even after a reminder*: <@U0ANNA> (no phone number in the plan), <@U0KASIA> (no phone number in the plan), <@U0OMAR> on +46 70 000 00 02 and <@U0PER> (no phone number in the plan). Call them.',
    );
    // The lead was informed at opening (before being paged at stage 2), once.
    expect(dmsOf(h.standin, 'U0OMAR', 'inform')).toHaveLength(1);
  }, 60_000);

  it('a chased member who acknowledges from the reminder counts, and is not chased again', async () => {
    h = await startHarness({ plan: fastPlan({ ackTimeout: '2s' }) });
    const { channelId } = await h.openCrisis('Anna wakes late');
    const chase = await h.standin.waitFor(() => dmsOf(h!.standin, 'U0ANNA', 'chase')[0], 15_000);
    expect(chase.text).toContain('Anna wakes late');
    await h.click(ActionId.pageAck, buttonsOf(chase.blocks)[0]!.value, { user: USERS.anna });
    const crisis = await crisisIn(channelId);
    await h.standin.waitFor(async () => (await h!.bot.service.snapshot(crisis.id))!.pages.find((p) => p.userId === 'U0ANNA')!.ackedAt);
    // Stage 2 was paged anyway (the escalation happened with the chase) and times out next.
    await h.standin.waitFor(() => dmsOf(h!.standin, 'U0PER', 'page')[0], 15_000);
    await h.bot.worker.idle();
    expect(dmsOf(h.standin, 'U0ANNA', 'chase')).toHaveLength(1);
    const status = await h.command('status', { channel: channelId });
    expect(status.body?.text).not.toContain('<@U0ANNA> (no phone');
  }, 60_000);

  it('one acknowledgement in the current stage stops the chain', async () => {
    // Ten minutes pass on the bot's clock when the test says so, not while the machine is slow.
    let skipped = 0;
    h = await startHarness({ plan: fastPlan({ ackTimeout: '10m' }), clock: () => Date.now() + skipped });
    const { channelId } = await h.openCrisis('Anna answers');
    const crisis = await crisisIn(channelId);
    const dm = await h.standin.waitFor(() => h!.standin.dm('U0ANNA')[0]);
    await h.click(ActionId.pageAck, buttonsOf(dm.blocks)[0]!.value, { user: USERS.anna });
    await h.standin.waitFor(async () => (await h!.bot.service.snapshot(crisis.id))!.pages.find((p) => p.userId === 'U0ANNA')!.ackedAt);
    skipped = 10 * 60_000;
    // The deadline still comes, and decides that stage 1 answered.
    const deadline = await h.standin.waitFor(async () => {
      const job = await h!.job(`deadline:${crisis.id}:1`);
      return job?.state === 'done' && job;
    }, 15_000);
    expect(deadline.doneAt).toBeGreaterThanOrEqual(crisis.openedAt + 10 * 60_000);
    await h.bot.worker.idle();
    expect(dmsOf(h.standin, 'U0OMAR', 'page')).toHaveLength(0);
    expect(dmsOf(h.standin, 'U0KASIA', 'chase')).toHaveLength(0); // the stage answered: nobody is chased
    expect((await crisisIn(channelId)).stage).toBe(1);
    expect((await h.bot.service.snapshot(crisis.id))!.timeline.filter((e) => e.event.kind === 'escalated')).toHaveLength(0);
    const status = await h.command('status', { channel: channelId });
    expect(status.body?.text).not.toContain('is paged');
  }, 60_000);

  it('status says when the next stage will be paged', async () => {
    h = await startHarness({ plan: fastPlan({ ackTimeout: '10m' }) });
    const { channelId } = await h.openCrisis('Waiting');
    const status = await h.command('status', { channel: channelId });
    expect(status.body?.text).toMatch(/Nobody in stage 1 has acknowledged: stage 2 \(Crisis group\) is paged .* \(in (9m \d+s|10m)/);
  });
});

describe('/crisis escalate and /crisis severity', () => {
  it('escalate pages the next stage now, obeys the mandate, and stops at the last stage', async () => {
    h = await startHarness({ plan: fastPlan({ ackTimeout: '10m' }) });
    const { channelId } = await h.openCrisis('Manual escalation');

    // Per is in nobody's way: not paged in this crisis, and without the mandate.
    const refused = await h.command('escalate', { channel: channelId, user: USERS.per });
    expect(refused.body).toMatchObject({
      response_type: 'ephemeral',
      text: 'Only Omar Nilsson (crisis-lead), or someone paged in this crisis, may escalate it.',
    });
    expect((await crisisIn(channelId)).stage).toBe(1);

    // Anna was paged: raising the alarm is never blocked for her, mandate or not.
    const first = await h.command('escalate', { channel: channelId, user: USERS.anna });
    expect(first.body?.text).toBe('Paging stage 2 (Crisis group).');
    await h.standin.waitFor(() => dmsOf(h!.standin, 'U0OMAR', 'page')[0]);
    await h.standin.waitFor(() => notices(channelId).some((t) => t.includes('Anna Berg escalated. Paging stage 2 (Crisis group)')));
    await h.command('escalate', { channel: channelId, user: USERS.omar });
    await h.standin.waitFor(() => h!.standin.dm('U0PER')[0]);
    // The page goes first; the invite to the channel follows as work of its own.
    await h.standin.waitFor(() => h!.standin.channels.get(channelId)!.members.has('U0PER'));

    const last = await h.command('escalate', { channel: channelId, user: USERS.omar });
    expect(last.body?.text).toContain('already at the last stage (Management)');
    await h.bot.worker.idle();
    expect(
      (await h.bot.service.snapshot((await crisisIn(channelId)).id))!.timeline.filter((e) => e.event.kind === 'escalated'),
    ).toHaveLength(2);
    expect(h.standin.dm('U0PER')).toHaveLength(1);
  });

  it('severity changes the severity and pages the stages a higher one requires at once', async () => {
    h = await startHarness({ plan: fastPlan({ ackTimeout: '10m' }) });
    const { channelId } = await h.openCrisis('sev2 It got worse');
    expect(dmsOf(h.standin, 'U0OMAR', 'page')).toHaveLength(0);
    // Lowering takes the mandate, even for someone paged; raising does not (below).
    expect((await h.command('severity sev3', { channel: channelId, user: USERS.anna })).body?.text).toContain('Only Omar Nilsson');

    const res = await h.command('severity sev1', { channel: channelId, user: USERS.anna });
    expect(res.body?.text).toBe('Severity is now sev1; paging up to stage 2 (Crisis group).');
    await h.standin.waitFor(() => dmsOf(h!.standin, 'U0OMAR', 'page')[0]);
    await h.standin.waitFor(() => h!.standin.channels.get(channelId)!.topic.includes('SEV1'));
    await h.standin.waitFor(() => json(h!.standin.messages(channelId)[0]!.blocks).includes('SEV1'));
    expect(await crisisIn(channelId)).toMatchObject({ severity: 'sev1', stage: 2 });

    expect((await h.command('severity sev1', { channel: channelId, user: USERS.omar })).body?.text).toBe('The severity is already sev1.');
    expect((await h.command('severity sev9', { channel: channelId, user: USERS.omar })).body?.text).toContain('sev1|sev2|sev3');
    expect((await h.command('severity sev3', { channel: channelId, user: USERS.anna })).body?.text).toContain('Only Omar Nilsson');

    await h.command('severity sev3', { channel: channelId, user: USERS.omar });
    await h.bot.worker.idle();
    const snap = (await h.bot.service.snapshot((await crisisIn(channelId)).id))!;
    expect(snap.crisis.stage).toBe(2); // lowering never un-pages anyone
    expect(snap.timeline.filter((e) => e.event.kind === 'severity').map((e) => [e.actorId, e.event])).toEqual([
      ['U0ANNA', { kind: 'severity', from: 'sev2', to: 'sev1' }],
      ['U0OMAR', { kind: 'severity', from: 'sev1', to: 'sev3' }],
    ]);
  });
});

describe('reminders', () => {
  it('reminds the crisis lead when no status update came within the cadence', async () => {
    h = await startHarness({ plan: fastPlan({ ackTimeout: '10m', updatesEvery: '2s' }) });
    const { channelId } = await h.openCrisis('Quiet channel');
    const reminder = await h.standin.waitFor(
      () => h!.standin.messages(channelId).find((m) => m.text?.includes('No status update for')),
      15_000,
    );
    expect(reminder.text).toContain('<@U0OMAR>');
    expect(reminder.text).toContain('/crisis update');

    // An update resets the clock: the next reminder comes a full cadence after the update, not
    // after the last reminder. The pause puts the two a second apart, so the test can tell.
    await new Promise((r) => setTimeout(r, 1000));
    await h.command('update We are still gathering facts', { channel: channelId, user: USERS.omar });
    const reminders = async () =>
      (await h!.bot.service.snapshot((await crisisIn(channelId)).id))!.timeline.filter((e) => e.event.kind === 'update_overdue');
    const updatedAt = (await h.bot.service.snapshot((await crisisIn(channelId)).id))!.updates[0]!.postedAt;
    const next = await h.standin.waitFor(async () => (await reminders()).find((e) => e.at > updatedAt), 15_000);
    // A cadence job may decide up to EARLY_MARGIN_MS before the cadence is up.
    expect(next.at - updatedAt).toBeGreaterThanOrEqual(2000 - EARLY_MARGIN_MS);
    const posted = () => h!.standin.messages(channelId).filter((m) => m.text?.includes('No status update for')).length;
    await h.standin.waitFor(async () => posted() >= 2 && posted() === (await reminders()).length);
  }, 60_000);

  it('an item not done by its due time gets one reminder naming its role; status and debrief show it', async () => {
    h = await startHarness({ plan: fastPlan({ ackTimeout: '10m', due: '1s' }) });
    const { channelId } = await h.openCrisis('Statement late');
    // Decided on its due second, the reminder says it is due now, not "due 0s ago".
    const isReminder = (text: string | undefined) => /⏰ (Due now|Overdue):/.test(text ?? '');
    const reminder = await h.standin.waitFor(() => h!.standin.messages(channelId).find((m) => isReminder(m.text)), 15_000);
    expect(reminder.text).toMatch(/^⏰ Due now: \*Publish a holding statement\*/);
    expect(reminder.text).not.toContain('0s ago');
    expect(reminder.text).toContain('<@U0OMAR> (spokesperson)');

    const status = await h.command('status', { channel: channelId });
    expect(status.body?.text).toContain('*Overdue*: Publish a holding statement');
    expect(status.body?.text).toMatch(/First public response \(Publish a holding statement\): not yet, \d+s since opening/);

    // Done on the first-response item asks for the link to the response; the clock stops at that tick.
    const [statement] = buttonsOf(h.standin.messages(channelId)[1]!.blocks);
    await h.click(ActionId.checklistDone, statement!.value, { user: USERS.omar });
    const form = await h.standin.waitFor(() => h!.standin.views.find((v) => v.view.callback_id === CallbackId.firstResponse));
    const give = (url: string) =>
      h!.submitView(
        CallbackId.firstResponse,
        { [FirstResponseField.url.block]: { [FirstResponseField.url.action]: { type: 'url_text_input', value: url } } },
        { user: USERS.omar, privateMetadata: form.view.private_metadata },
      );
    // Not a link: refused on its field, and nothing is ticked.
    expect((await give('soon')).body).toEqual({
      response_action: 'errors',
      errors: { [FirstResponseField.url.block]: 'Give the link to the published post (https://…).' },
    });
    expect((await h.bot.service.snapshot((await crisisIn(channelId)).id))!.items.every((i) => i.doneAt === null)).toBe(true);
    expect((await give('https://www.instagram.com/p/holding1')).status).toBe(200);
    await h.bot.worker.idle();
    expect((await h.command('status', { channel: channelId })).body?.text).toMatch(/First public response: \d+s after opening/);
    const ticked = buttonsOf(h.standin.messages(channelId)[1]!.blocks);
    expect(ticked.some((b) => b.value === statement!.value)).toBe(false);
    expect(json(h.standin.messages(channelId)[1]!.blocks)).toContain('<https://www.instagram.com/p/holding1|the public response>');

    await h.command('close', { channel: channelId, user: USERS.omar });
    const upload = await h.standin.waitFor(() => h!.standin.uploads.find((u) => u.completed));
    // The tick and the clock say the same: done, and how long it took.
    expect(upload.content).toMatch(/\| Time to first public response \| \d+s \|/);
    expect(upload.content).not.toContain('none before closing');
    expect(upload.content).toMatch(/- \[x\] Publish a holding statement \(spokesperson\): done by Omar Nilsson/);
    expect(upload.content).toMatch(/- Publish a holding statement: due \d{4}-\d\d-\d\d \d\d:\d\d, done \d+s late/);
    expect(upload.content).toContain('Reminder: "Publish a holding statement" is overdue');
    expect(upload.content).toContain('with the public response https://www.instagram.com/p/holding1');
    expect(h.standin.messages(channelId).filter((m) => isReminder(m.text))).toHaveLength(1);
  }, 60_000);

  it('an item done before its due time gets no reminder', async () => {
    let skipped = 0;
    h = await startHarness({ plan: fastPlan({ ackTimeout: '10m', due: '5m' }), clock: () => Date.now() + skipped });
    const { channelId } = await h.openCrisis('On time');
    const crisis = await crisisIn(channelId);
    const [statement] = buttonsOf(h.standin.messages(channelId)[1]!.blocks);
    await h.click(ActionId.checklistDone, statement!.value, { user: USERS.omar });
    const form = await h.standin.waitFor(() => h!.standin.views.find((v) => v.view.callback_id === CallbackId.firstResponse));
    await h.submitView(
      CallbackId.firstResponse,
      {
        [FirstResponseField.url.block]: {
          [FirstResponseField.url.action]: { type: 'url_text_input', value: 'https://x.com/brand/status/1' },
        },
      },
      { user: USERS.omar, privateMetadata: form.view.private_metadata },
    );
    const item = await h.standin.waitFor(async () => (await h!.bot.service.snapshot(crisis.id))!.items.find((i) => i.doneAt !== null));
    skipped = 5 * 60_000;
    // The due time still comes, and its job decides that the item is done.
    await h.standin.waitFor(async () => (await h!.job(`due:${item.id}`))?.state === 'done', 15_000);
    await h.bot.worker.idle();
    expect((await h.bot.service.snapshot(crisis.id))!.timeline.some((e) => e.event.kind === 'item_overdue')).toBe(false);
    expect(h.standin.messages(channelId).some((m) => m.text?.includes('Overdue'))).toBe(false);
  }, 60_000);
});

describe('summary stays true', () => {
  it('an escalation right after the channel appears still ends in an up-to-date summary', async () => {
    h = await startHarness({ plan: fastPlan({ ackTimeout: '10m' }) });
    // The summary's first post waits in Slack while the escalation is decided.
    h.standin.methodLatencyMs.set('chat.postMessage', 1500);
    await h.command('open Escalated early', { user: USERS.opener });
    const crisis = await h.standin.waitFor(async () => (await h!.bot.service.listOpen()).find((c) => c.channelId !== null), 15_000);
    await h.standin.waitFor(
      () => h!.standin.received.some((c) => c.method === 'chat.postMessage' && c.args.channel === crisis.channelId),
      15_000,
    );
    await h.command('escalate', { channel: crisis.channelId!, user: USERS.omar });
    await h.standin.waitFor(async () => (await h!.bot.service.backlog(crisis.id)).pending === 0, 30_000);
    const escalated = (await h.bot.service.snapshot(crisis.id))!.timeline.find((e) => e.event.kind === 'escalated')!;
    expect(escalated.at).toBeLessThan((await h.job(`summary:${crisis.id}`))!.doneAt!); // the premise
    expect(json(h.standin.messages(crisis.channelId!)[0]!.blocks)).toContain(
      '• stage 2 (Crisis group): <@U0OMAR> (+46 70 000 00 02) ⏳. Omar Nilsson escalated.',
    );
  }, 60_000);
});
