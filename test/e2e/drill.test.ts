import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/ids.js';
import { publishingPlan } from '../fixtures/hootsuite-plan.js';
import { planWith } from '../fixtures/plans.js';
import { buttonsOf, json, shown } from '../support/blocks.js';
import { dmsOf, FIXTURE_PLAN, startHarness, USERS, type Harness } from '../support/harness.js';
import { HootsuiteStandin } from '../support/hootsuite-standin.js';
import { SlackStandin } from '../support/slack-standin.js';

// Drills (issue 26, point 1), unscripted: /crisis drill opens a crisis that is plainly a drill
// everywhere, rehearses the plan as for real, and touches nothing public.

let h: Harness | undefined;
let hs: HootsuiteStandin | undefined;
afterEach(async () => {
  await h?.stop();
  await hs?.close();
  h = hs = undefined;
});

/** `/crisis drill [scenario]` as the opener types it in #general; resolves once the drill's channel and pages exist. */
async function openDrill(h: Harness, scenario = ''): Promise<{ channelId: string; answer: string | undefined }> {
  const triggerId = `trigger-${randomUUID()}`;
  const reply = await h.command(`drill ${scenario}`.trim(), { user: USERS.opener, channel: 'C0GENERAL', triggerId });
  const drill = await h.standin.waitFor(async () =>
    (await h.bot.service.listOpen()).find((c) => c.openKey === `slash:${triggerId}` && c.channelId),
  );
  await h.standin.waitFor(async () => (await h.bot.service.backlog(drill.id)).pending === 0);
  return { channelId: drill.channelId!, answer: reply.body?.text };
}

describe('a drill', () => {
  it('scripted, is marked DRILL in its channel, topic, pages and debrief, and touches neither Hootsuite, the staff channel nor the archive', async () => {
    const standin = await SlackStandin.start();
    standin.addChannel({ id: 'C0STAFF', name: 'all-staff', members: ['UBOT'] });
    hs = await HootsuiteStandin.start();
    h = await startHarness({
      standin,
      plan: publishingPlan('en', 'staff_channel: C0STAFF'),
      env: { HOOTSUITE_ACCESS_TOKEN: hs.token, HOOTSUITE_API_URL: hs.apiUrl },
    });
    // The example plan's own scenario: its first step (a listening reading) plays at once.
    const { channelId, answer } = await openDrill(h, 'boycott');
    expect(answer).toBe(
      '🧪 Opening a drill, *DRILL: Boycott call trending on Instagram*: a channel of its own and pages marked DRILL, up to Social team. Nothing of it reaches the public.',
    );
    const channel = h.standin.channels.get(channelId)!;
    expect(channel.name).toMatch(/^drill-\d{8}-boycott-call-trending-on-instagram$/);
    expect(channel.topic).toContain('DRILL: Boycott call trending on Instagram');
    await h.standin.waitFor(() =>
      h!.standin.messages(channelId).some((m) => shown(m).includes('📈 *Listening* (brandwatch): 400 mentions, 65% negative')),
    );
    // Every page opens with the banner, and its title says DRILL.
    const page = dmsOf(h.standin, 'U0ANNA', 'page')[0]!;
    expect(json(page.blocks)).toContain('🧪 *DRILL*: an exercise. Nothing of it reaches the public');
    expect(page.text).toContain('DRILL: Boycott call trending on Instagram');

    // The owner rehearses Paused: recorded, and Hootsuite is never called.
    const freeze = await h.standin.waitFor(() =>
      h!.standin.dm('U0ANNA').find((m) => buttonsOf(m.blocks).some((b) => b.action_id === ActionId.freezePaused)),
    );
    expect(json(freeze.blocks)).toContain('🧪 *DRILL*');
    await h.click(ActionId.freezePaused, buttonsOf(freeze.blocks).find((b) => b.action_id === ActionId.freezePaused)!.value, {
      user: USERS.anna,
    });
    await h.standin.waitFor(() => json(h!.standin.messages(channelId)).includes('paused by <@U0ANNA>'));

    // A statement approved: Mark published, but no Publish (Hootsuite) in a drill.
    await h.command('statement We are looking into it.', { channel: channelId, user: USERS.anna });
    const ask = await h.standin.waitFor(() =>
      h!.standin.dm('U0OMAR').find((m) => m.text?.startsWith('A statement waits for your approval')),
    );
    expect(json(ask.blocks)).toContain('🧪 *DRILL*');
    await h.click(ActionId.statementApprove, buttonsOf(ask.blocks)[0]!.value, { user: USERS.omar });
    const approved = await h.standin.waitFor(() =>
      h!.standin.messages(channelId).find((m) => m.text?.startsWith('Statement v') && shown(m).includes('✅ Approved')),
    );
    expect(buttonsOf(approved.blocks).map((b) => b.action_id)).toEqual([ActionId.statementPublish, ActionId.statementEdit]);

    // The Q&A goes to the drill's channel, never to the staff's.
    await h.command('qa What happened? | Nothing: this is a drill.', { channel: channelId, user: USERS.anna });
    await h.command('qa publish', { channel: channelId, user: USERS.anna });
    await h.standin.waitFor(() => h!.standin.messages(channelId).some((m) => m.text?.startsWith('Internal Q&A:')));

    // Not a crisis in /crisis list: listed apart.
    expect((await h.command('list', { user: USERS.anna, channel: 'C0GENERAL' })).body?.text).toBe(
      `No crisis is open.\n1 drill under way:\n• <#${channelId}> DRILL: Boycott call trending on Instagram · sev2`,
    );

    // /crisis plan says when the plan was last rehearsed.
    const before = h.standin.responses.length;
    await h.command('plan', { user: USERS.omar, channel: 'C0GENERAL' });
    const planned = await h.standin.waitFor(() => h!.standin.responses.slice(before).find((r) => r.body.replace_original === true));
    expect(json(planned.body.blocks)).toMatch(/Last drill <!date\^\d+/);

    await h.command('close Rehearsed', { channel: channelId, user: USERS.omar });
    const debrief = await h.standin.waitFor(() =>
      h!.standin.uploads.find((u) => u.completed && u.channels.includes(channelId) && u.filename.endsWith('.md')),
    );
    expect(debrief.content).toContain('DRILL: Boycott call trending on Instagram');
    await h.bot.worker.idle();
    expect(hs.calls).toEqual([]);
    expect(h.standin.messages('C0STAFF')).toEqual([]);
    expect(h.standin.messages('C0DEBRIEF')).toEqual([]);
    expect(h.standin.uploads.filter((u) => u.channels.includes('C0DEBRIEF'))).toEqual([]);
  });

  it('says so in the plan’s language: ÖVNING in Swedish', async () => {
    h = await startHarness({ plan: planWith('', 'sv') });
    const { channelId, answer } = await openDrill(h);
    expect(answer).toContain('🧪 Startar en övning, *ÖVNING: vi övar på krisplanen*');
    expect(h.standin.channels.get(channelId)!.name).toMatch(/^drill-\d{8}-vi-ovar-pa-krisplanen$/);
    const page = dmsOf(h.standin, 'U0ANNA', 'page')[0]!;
    expect(json(page.blocks)).toContain('🧪 *ÖVNING*: bara en övning.');
    expect(page.text).toContain('ÖVNING: vi övar på krisplanen');
  });

  it('refuses a scenario the plan does not have, or two words, in one line: nothing opens', async () => {
    h = await startHarness();
    expect((await h.command('drill boycott', { user: USERS.opener, channel: 'C0GENERAL' })).body?.text).toBe(
      '“boycott” is not a drill of the crisis plan, which has no scripted drills (`drills:`); `/crisis drill` alone opens one without a script.',
    );
    expect((await h.command('drill boycott now', { user: USERS.opener, channel: 'C0GENERAL' })).body?.text).toBe(
      'Usage: `/crisis drill [scenario]` (anywhere): a drill of the crisis plan',
    );
    expect(await h.bot.service.listOpen()).toEqual([]);
  });
});

/** The test fixture plan with one scripted drill, its steps seconds apart. */
const SCRIPTED = `${readFileSync(FIXTURE_PLAN, 'utf8')}
drills:
  - id: storm
    title: Kettle video spreading
    type: data-breach
    severity: sev3
    script:
      - { at: 0s, reading: { source: brandwatch, mentions: 400, negative: 260 } }
      - { at: 1s, post: { platform: instagram, author: "@angry", text: "Never buying their kettles again" } }
      - { at: 2s, alert: { title: "Mentions up 6x in an hour", source: brandwatch } }
      - { at: 2s, inject: "A journalist from Aftonbladet calls the switchboard" }
`;

describe('a scripted drill', () => {
  it('plays its script from the outbox, through a restart, each step once: readings, alerts and injects in its channel, posts in its queue', async () => {
    h = await startHarness({ plan: SCRIPTED });
    expect((await h.command('drill volcano', { user: USERS.opener, channel: 'C0GENERAL' })).body?.text).toBe(
      '“volcano” is not a drill of the crisis plan; its drills: `storm`.',
    );
    const { channelId, answer } = await openDrill(h, 'storm');
    expect(answer).toContain('*DRILL: Kettle video spreading*');
    const drill = (await h.bot.service.crisisInChannel(channelId))!;
    expect(drill).toMatchObject({ drill: true, drillScenario: 'storm', type: 'data-breach', severity: 'sev3' });
    // The bot stops while the script is under way: what was due meanwhile plays after the restart.
    await h.restart();
    const said = (text: string) => h!.standin.messages(channelId).filter((m) => shown(m).includes(text));
    await h.standin.waitFor(() => said('A journalist from Aftonbladet calls the switchboard').length === 1, 10_000);
    await h.standin.waitFor(() => said('Mentions up 6x in an hour').length === 1);
    expect(said('📈 *Listening* (brandwatch): 400 mentions, 65% negative')).toHaveLength(1);
    expect(said('🚨 *Alert* (brandwatch): Mentions up 6x in an hour')).toHaveLength(1);
    expect(said('🎭 *Inject*: A journalist from Aftonbladet calls the switchboard')).toHaveLength(1);
    // The public post lands in the drill's queue, at an address that reaches nobody.
    const queued = await h.standin.waitFor(async () => (await h!.bot.service.snapshot(drill.id))!.responses[0]);
    expect(queued).toMatchObject({
      url: `https://drill.invalid/${drill.id}/1`,
      platform: 'instagram',
      author: '@angry',
      text: 'Never buying their kettles again',
    });
    await h.bot.worker.idle();
    // Nothing reached the real alerts channel.
    expect(h.standin.messages('C0ALERTS')).toEqual([]);
  });
});
