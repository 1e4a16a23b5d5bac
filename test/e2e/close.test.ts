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

describe('/crisis close', () => {
  it('refuses someone without the close mandate, naming who may, and changes nothing', async () => {
    const { channelId } = await h.openCrisis('Mandates');
    const res = await h.command('close', { channel: channelId, user: USERS.anna });
    expect(res.body).toMatchObject({ response_type: 'ephemeral', text: 'Only Omar Nilsson (crisis-lead) may close a crisis.' });
    expect(await h.bot.service.listOpen()).toHaveLength(1);
  });

  it('posts the debrief in the crisis and debrief channels, uploads it as Markdown, and leaves the list', async () => {
    const { channelId } = await h.openCrisis('Boycott call');
    const annaDm = await h.standin.waitFor(() => h.standin.dm('U0ANNA')[0]);
    await h.click(ActionId.pageAck, buttonsOf(annaDm.blocks)[0]!.value, { user: USERS.anna });
    const [first] = buttonsOf(h.standin.messages(channelId)[1]!.blocks);
    await h.click(ActionId.checklistDone, first!.value, { user: USERS.kasia });
    await h.command('update Holding statement drafted', { channel: channelId, user: USERS.omar });
    await h.bot.worker.idle();

    const res = await h.command('close Boycott called off after apology', { channel: channelId, user: USERS.omar });
    expect(res.body?.text).toContain('Crisis closed');
    const upload = await h.standin.waitFor(() => h.standin.uploads.find((u) => u.channels.includes(channelId) && u.completed));
    const archived = await h.standin.waitFor(() => h.standin.uploads.find((u) => u.channels.includes('C0DEBRIEF') && u.completed));
    expect(upload.filename).toMatch(/^debrief-crisis-\d{8}-boycott-call\.md$/);
    expect(archived.content).toBe(upload.content);

    const md = upload.content;
    for (const expected of [
      '# Debrief: Boycott call',
      '| Severity | serious (sev2) |',
      '| Type | General |',
      '| Duration |',
      'Time to first acknowledgement |',
      '| Anna Berg | 1 (Social team) |',
      '| Kasia Nowak | 1 (Social team) |',
      'did not acknowledge',
      '- [x] Pause all scheduled posts: done by Kasia Nowak at',
      '- [ ] Publish a holding statement (spokesperson)',
      'Left open: 3 items',
      'Holding statement drafted',
      'Boycott called off after apology',
      'Closed by Omar Nilsson',
    ]) {
      expect(md).toContain(expected);
    }
    expect(md).toMatch(/Opened \| \d{4}-\d\d-\d\d \d\d:\d\d by olle/);
    expect(md).toMatch(/\| Time zone \| [A-Za-z_/]+ \(GMT[+-]\d\d:\d\d\) \|/);

    const posted = h.standin.messages(channelId).find((m) => m.text?.startsWith('Debrief:'));
    expect(posted?.blocks?.length).toBeGreaterThan(0);
    expect(h.standin.messages('C0DEBRIEF').some((m) => m.text === 'Debrief: Boycott call')).toBe(true);
    expect(h.standin.callsTo('conversations.join')).toHaveLength(1); // the bot joined the archive channel itself

    await h.standin.waitFor(() => JSON.stringify(h.standin.messages(channelId)[1]!.blocks).includes('crisis closed'));
    expect(buttonsOf(h.standin.messages(channelId)[1]!.blocks)).toHaveLength(0);
    expect((await h.command('list')).body?.text).toBe('No crisis is open.');
  });

  it('a second close is refused and posts no second debrief', async () => {
    const { channelId } = await h.openCrisis('Twice');
    await h.command('close', { channel: channelId, user: USERS.omar });
    const again = await h.command('close', { channel: channelId, user: USERS.omar });
    expect(again.body?.text).toBe('This crisis is already closed.');
    // The debrief file and its chart, in each of the two channels.
    await h.standin.waitFor(() => h.standin.uploads.filter((u) => u.completed).length === 4, 30_000);
    await h.bot.worker.idle();
    expect(h.standin.uploads.map((u) => u.filename.split('.').pop()).sort()).toEqual(['md', 'md', 'png', 'png']);
    expect(h.standin.messages(channelId).filter((m) => m.text?.startsWith('Debrief:'))).toHaveLength(1);
  });
});
