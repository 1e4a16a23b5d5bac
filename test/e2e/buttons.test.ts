import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../src/slack/ids.js';
import { startHarness, USERS, type Harness } from '../support/harness.js';
import { buttonsOf, json } from '../support/blocks.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

async function pageOf(user: string) {
  const dm = await h.standin.waitFor(() => h.standin.dm(user)[0]);
  return { dm, pageId: buttonsOf(dm.blocks)[0]!.value };
}

describe('Acknowledge', () => {
  it('is recorded once and the DM says who acknowledged and when', async () => {
    await h.openCrisis('Boycott call');
    const { dm, pageId } = await pageOf('U0ANNA');

    const first = await h.click(ActionId.pageAck, pageId, { user: USERS.anna });
    expect(first.status).toBe(200);
    await h.standin.waitFor(() => json(dm.blocks).includes('Acknowledged by <@U0ANNA>'));
    expect(buttonsOf(dm.blocks)).toHaveLength(0);
    const crisisId = (await h.bot.service.listOpen())[0]!.id;
    const ackedAt = (await h.bot.service.snapshot(crisisId))!.pages.find((p) => p.userId === 'U0ANNA')!.ackedAt;
    expect(ackedAt).toBeTypeOf('number');

    const edits = dm.edits;
    const second = await h.click(ActionId.pageAck, pageId, { user: USERS.anna });
    expect(second.status).toBe(200);
    await h.bot.worker.idle();
    const snap = (await h.bot.service.snapshot(crisisId))!;
    expect(snap.pages.find((p) => p.userId === 'U0ANNA')!.ackedAt).toBe(ackedAt);
    expect(snap.timeline.filter((e) => e.event.kind === 'acknowledged')).toHaveLength(1);
    expect(dm.edits).toBe(edits);
  });

  it('a double click at the same moment records one acknowledgement', async () => {
    await h.openCrisis('Double click');
    const { pageId } = await pageOf('U0KASIA');
    const results = await Promise.all([1, 2, 3].map(() => h.click(ActionId.pageAck, pageId, { user: USERS.kasia })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const snap = (await h.bot.service.snapshot((await h.bot.service.listOpen())[0]!.id))!;
    expect(snap.timeline.filter((e) => e.event.kind === 'acknowledged')).toHaveLength(1);
  });

  it('refuses, ephemerally, someone else acknowledging a page, and a forged page id', async () => {
    await h.openCrisis('Not yours');
    const { pageId } = await pageOf('U0ANNA');
    const other = await h.click(ActionId.pageAck, pageId, { user: USERS.omar });
    const reply = await h.standin.waitFor(() => h.standin.responses.find((r) => r.path === new URL(other.responseUrl).pathname));
    expect(reply.body).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: expect.stringContaining('only they can acknowledge') as unknown,
    });

    const forged = await h.click(ActionId.pageAck, 'not-a-number', { user: USERS.anna });
    const forgedReply = await h.standin.waitFor(() => h.standin.responses.find((r) => r.path === new URL(forged.responseUrl).pathname));
    expect(forgedReply.body.text).toContain('out of date');
    const snap = (await h.bot.service.snapshot((await h.bot.service.listOpen())[0]!.id))!;
    expect(snap.pages.every((p) => p.ackedAt === null)).toBe(true);
  });
});

describe('Checklist', () => {
  it('a tick is on disk by the time Slack has the answer', async () => {
    const { channelId } = await h.openCrisis('Answered means written');
    const message = await h.standin.waitFor(() => h.standin.messages(channelId)[1]);
    const items = buttonsOf(message.blocks).map((b) => b.value);
    const answers = await Promise.all(items.map((value) => h.click(ActionId.checklistDone, value, { user: USERS.anna })));
    expect(answers.map((a) => a.status)).toEqual(items.map(() => 200));
    // No waiting: what Slack was told is already in the database. The first-response item is
    // the exception: its Done asks for the link to the response first, in a form.
    const snap = (await h.bot.service.snapshot((await h.bot.service.listOpen())[0]!.id))!;
    const [asks, ticks] = [snap.items.filter((i) => i.doneWhen === 'first_response'), snap.items.filter((i) => i.doneWhen === null)];
    expect(asks).toHaveLength(1);
    expect(ticks.every((i) => i.doneAt !== null) && asks[0]!.doneAt === null).toBe(true);
    // The form opens right after the ack (Slack's trigger lives 3 s).
    await h.standin.waitFor(() => h.standin.views.some((v) => v.view.callback_id === CallbackId.firstResponse));
    expect(h.standin.views.filter((v) => v.view.callback_id === CallbackId.firstResponse)).toHaveLength(1);
  });

  it('Done records who and when, shows Undo, and Undo reopens the item', async () => {
    const { channelId } = await h.openCrisis('Ticks');
    const message = h.standin.messages(channelId)[1]!;
    const [first] = buttonsOf(message.blocks);
    await h.click(ActionId.checklistDone, first!.value, { user: USERS.anna });
    await h.standin.waitFor(() => json(message.blocks).includes('done by <@U0ANNA>'));
    expect(json(message.blocks)).toContain('1/4 done');
    const undo = buttonsOf(message.blocks).find((b) => b.value === first!.value);
    expect(undo).toMatchObject({ action_id: ActionId.checklistUndo, text: { text: 'Undo' } });

    await h.click(ActionId.checklistUndo, first!.value, { user: USERS.anna });
    await h.standin.waitFor(() => json(message.blocks).includes('0/4 done'));
    const item = (await h.bot.service.snapshot((await h.bot.service.listOpen())[0]!.id))!.items[0]!;
    expect(item).toMatchObject({ doneAt: null, doneBy: null });
  });

  it('four people ticking four items at the same moment all land', async () => {
    await h.stop();
    const plan = (await import('node:fs')).readFileSync(new URL('../fixtures/plan.yml', import.meta.url), 'utf8');
    const plain = ['Pause all scheduled posts', 'Brief customer service', 'Tell the staff', 'Log the posts'].map((t) => `    - ${t}`);
    h = await startHarness({ plan: plan.replace(/checklists:[\s\S]*$/, `checklists:\n  default:\n${plain.join('\n')}\n`) });
    const { channelId } = await h.openCrisis('Concurrent ticks');
    h.standin.latencyMs = 30; // renders overlap with the clicks
    const message = h.standin.messages(channelId)[1]!;
    const ids = buttonsOf(message.blocks).map((b) => b.value);
    const people = [USERS.anna, USERS.kasia, USERS.omar, USERS.opener];
    await Promise.all(ids.map((id, i) => h.click(ActionId.checklistDone, id, { user: people[i]! })));
    await h.standin.waitFor(() => json(message.blocks).includes('4/4 done'));
    await h.bot.worker.idle();
    const items = (await h.bot.service.snapshot((await h.bot.service.listOpen())[0]!.id))!.items;
    expect(items.map((i) => i.doneBy)).toEqual(people.map((p) => p.id));
    expect(buttonsOf(message.blocks).every((b) => b.text.text === 'Undo')).toBe(true);
  });

  it('a checklist longer than 50 blocks continues in a second message', async () => {
    await h.stop();
    const items = Array.from({ length: 60 }, (_, i) => `    - Item ${i + 1}`).join('\n');
    const plan = (await import('node:fs')).readFileSync(new URL('../fixtures/plan.yml', import.meta.url), 'utf8');
    h = await startHarness({ plan: plan.replace(/checklists:[\s\S]*$/, `checklists:\n  default:\n${items}\n`) });
    const { channelId } = await h.openCrisis('Long list');
    const [, part1, part2] = h.standin.messages(channelId);
    expect(part1!.blocks!.length).toBeLessThanOrEqual(50);
    expect(buttonsOf(part1!.blocks).length + buttonsOf(part2!.blocks).length).toBe(60);
    expect(json(part2!.blocks)).toContain('continued');

    const last = buttonsOf(part2!.blocks).at(-1);
    await h.click(ActionId.checklistDone, last!.value, { user: USERS.anna });
    await h.standin.waitFor(() => json(part2!.blocks).includes('done by <@U0ANNA>'));
    await h.standin.waitFor(() => json(part1!.blocks).includes('1/60 done'));
  });

  it('a tick after close is refused ephemerally and changes nothing', async () => {
    const { channelId } = await h.openCrisis('Closed list');
    const [first] = buttonsOf(h.standin.messages(channelId)[1]!.blocks);
    await h.command('close', { user: USERS.omar, channel: channelId });
    const click = await h.click(ActionId.checklistDone, first!.value, { user: USERS.anna });
    const reply = await h.standin.waitFor(() => h.standin.responses.find((r) => r.path === new URL(click.responseUrl).pathname));
    expect(reply.body.text).toContain('closed');
    const crisis = (await h.bot.service.crisisInChannel(channelId))!;
    expect((await h.bot.service.snapshot(crisis.id))!.items[0]!.doneAt).toBeNull();
  });
});
