import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { CallbackId, ActionId, ResumeField } from '../../src/slack/ids.js';
import { HOOTSUITE_PROFILE, hootsuitePlan } from '../fixtures/hootsuite-plan.js';
import { buttonsOf, json, shown } from '../support/blocks.js';
import { startHarness, USERS, type Harness } from '../support/harness.js';
import { HootsuiteStandin } from '../support/hootsuite-standin.js';
import { viewSubmissionBody } from '../support/slack-requests.js';

// The freeze through Hootsuite (issue 13, point 5), with the example plan's Instagram @example
// (owner: Anna, the social-media manager) scheduled in Hootsuite on profile 111. Omar holds
// the close mandate; Kasia neither owns the account nor may close.

const HOUR = 3_600_000;
const PROFILE = HOOTSUITE_PROFILE;

let h: Harness | undefined;
let hs: HootsuiteStandin | undefined;
afterEach(async () => {
  await h?.stop();
  await hs?.close();
  h = hs = undefined;
});

const heldRows = () =>
  h!.rows<{ id: string; state: string; text: string }>(sql`select external_id as id, state, text from held_posts order by id`);
const list = (channelId: string) => h!.standin.messages(channelId).find((m) => m.text?.startsWith('Held back in Hootsuite'));

describe('the freeze through Hootsuite', () => {
  it('Paused saves, unschedules (through a 429) and lists the posts; Resume posts after close schedules them again and reports the one refused with its text', async () => {
    let skipped = 0;
    hs = await HootsuiteStandin.start();
    const now = Date.now();
    const soon = hs.schedule(PROFILE, 'Happy Friday! 20% off everything 🎉', now + 30 * 60_000);
    const later = hs.schedule(PROFILE, 'Meet the team behind our new range', now + 3 * HOUR, ['https://ow.ly/i/abc']);
    const nextWeek = hs.schedule(PROFILE, 'Summer sale starts Monday', now + 7 * 24 * HOUR);
    const elsewhere = hs.schedule('222', 'Another profile, not ours to touch', now + HOUR);
    const farOff = hs.schedule(PROFILE, 'Beyond the four weeks Hootsuite lets us see', now + 30 * 24 * HOUR);
    // The first DELETE meets Hootsuite's rate limit: retried at its Retry-After, nothing lost.
    hs.inject('DELETE /v1/messages', { status: 429, retryAfter: 1 });
    h = await startHarness({
      plan: hootsuitePlan(),
      clock: () => Date.now() + skipped,
      env: { HOOTSUITE_ACCESS_TOKEN: hs.token, HOOTSUITE_API_URL: hs.apiUrl },
    });
    const { channelId } = await h.openCrisis('sev2 Boycott call trending on Instagram', USERS.opener);

    // A sev2 waits for the owner: nothing is touched in Hootsuite before Paused.
    const request = await h.standin.waitFor(() =>
      h!.standin.dm('U0ANNA').find((m) => m.text === 'Pause scheduled posts on Instagram @example'),
    );
    expect(json(request.blocks)).toContain('This account is scheduled through Hootsuite');
    expect(hs.calls).toHaveLength(0);
    await h.click(ActionId.freezePaused, buttonsOf(request.blocks)[0]!.value, { user: USERS.anna });

    const posted = await h.standin.waitFor(() => list(channelId), 20_000);
    expect(shown(posted)).toContain('Held back in Hootsuite: Instagram @example*: 3 scheduled posts, unscheduled by the bot');
    for (const text of [soon.text, later.text, nextWeek.text]) expect(shown(posted)).toContain(text);
    expect(hs.scheduledOn(PROFILE).map((m) => m.id)).toEqual([farOff.id]);
    expect(hs.scheduledOn('222').map((m) => m.id)).toEqual([elsewhere.id]);
    expect(await heldRows()).toEqual([soon, later, nextWeek].map((m) => ({ id: m.id, state: 'held', text: m.text })));
    // The listing asked for four weeks on the profile, in every state (scheduled and waiting for approval are both held).
    const get = hs.calls.find((c) => c.method === 'GET')!;
    expect([
      get.query.get('state'),
      get.query.getAll('socialProfileIds'),
      Date.parse(get.query.get('endTime')!) - Date.parse(get.query.get('startTime')!),
    ]).toEqual([null, [PROFILE], 28 * 24 * HOUR]);
    // Every DELETE was for a saved post; the one refused with 429 was sent again.
    const deletes = hs.calls.filter((c) => c.method === 'DELETE').map((c) => c.path.split('/').pop());
    expect(deletes).toEqual([soon.id, soon.id, later.id, nextWeek.id]);
    await h.standin.waitFor(() =>
      shown(h!.standin.messages(channelId).find((m) => m.text?.startsWith('Publishing freeze'))!).includes(
        '3 posts held back in Hootsuite',
      ),
    );

    // Resume posts is for after the close.
    const freezeId = (await h.bot.service.snapshot((await h.bot.service.crisisInChannel(channelId))!.id))!.freezes[0]!.id;
    await h.click(ActionId.freezeResume, String(freezeId), { user: USERS.anna });
    await h.standin.waitFor(() => h!.standin.responses.some((r) => r.body.text === 'Posts are resumed once the crisis is closed.'));

    // An hour on, the first post's time has passed; the crisis is closed.
    skipped = HOUR;
    await h.command('close Resolved; apology published', { channel: channelId, user: USERS.omar });
    const offer = await h.standin.waitFor(() =>
      h!.standin.dm('U0ANNA').find((m) => m.text?.includes('You may resume scheduled posts on Instagram @example')),
    );
    expect(shown(offer)).toContain('The bot held back 3 posts in Hootsuite on Instagram @example. Press Resume posts');
    const [resume] = buttonsOf(offer.blocks);
    expect(resume).toMatchObject({ action_id: ActionId.freezeResume, text: { text: 'Resume posts' } });
    // The list in the channel offers it too, now.
    await h.standin.waitFor(() => buttonsOf(list(channelId)!.blocks).some((b) => b.action_id === ActionId.freezeResume));
    // The debrief at close keeps every held post in full: nothing is lost if nobody resumes.
    const upload = await h.standin.waitFor(() => h!.standin.uploads.find((u) => u.completed));
    expect(upload.content).toContain('Held back in Hootsuite: 3; scheduled again: 0; not scheduled again: 0');
    expect(upload.content).toContain(`    > ${later.text}`);

    // Kasia may not; Anna, the owner, may.
    await h.click(ActionId.freezeResume, resume!.value, { user: USERS.kasia });
    await h.standin.waitFor(() =>
      h!.standin.responses.some((r) => r.body.text === 'Only Anna Berg and Omar Nilsson may resume posts on Instagram @example.'),
    );
    expect(h.standin.views.filter((v) => v.view.callback_id === CallbackId.resumePosts)).toHaveLength(0);
    await h.click(ActionId.freezeResume, resume!.value, { user: USERS.anna });
    const form = await h.standin.waitFor(() => h!.standin.views.find((v) => v.view.callback_id === CallbackId.resumePosts));
    expect(JSON.stringify(form.view)).toContain('1 post whose time has passed');
    expect(JSON.stringify(form.view)).toContain(soon.text);

    // A time too soon is refused on its field; then two hours ahead. Hootsuite refuses one post.
    const submit = (at: number) =>
      h!.post(
        viewSubmissionBody(
          CallbackId.resumePosts,
          { [ResumeField.at.block]: { [ResumeField.at.action]: { type: 'datetimepicker', selected_date_time: Math.floor(at / 1000) } } },
          { user: USERS.anna, privateMetadata: form.view.private_metadata },
        ),
      );
    const tooSoon = await submit(Date.now() + skipped + 60_000);
    expect(tooSoon.body).toEqual({
      response_action: 'errors',
      errors: { [ResumeField.at.block]: 'Pick a time at least 5 minutes from now.' },
    });
    hs.inject('POST /v1/messages', { status: 403, code: 4009 });
    const newTime = Math.floor((Date.now() + skipped + 2 * HOUR) / 1000) * 1000;
    expect((await submit(newTime)).status).toBe(200);

    const report = await h.standin.waitFor(
      () => h!.standin.dm('U0ANNA').find((m) => m.text?.startsWith('Posts on Instagram @example')),
      20_000,
    );
    expect(report.text).toBe('Posts on Instagram @example: 2 of 3 scheduled again');
    // The refused one (the first POST: the overdue post) comes with its whole text, to post by hand.
    expect(shown(report)).toContain('1 post could not be scheduled again.');
    expect(shown(report)).toContain('Hootsuite answered: HTTP 403 · 4009 · Insufficient organization permissions');
    expect(shown(report)).toContain(soon.text);
    const again = hs.scheduledOn(PROFILE);
    expect(again.map((m) => m.text)).toEqual([later.text, nextWeek.text, farOff.text]);
    // Posts still ahead keep their time and media; the new ids are recorded.
    expect(again[0]).toMatchObject({ scheduledSendTime: later.scheduledSendTime, mediaUrls: [{ url: 'https://ow.ly/i/abc' }] });
    expect(again[1]!.scheduledSendTime).toBe(nextWeek.scheduledSendTime);
    expect((await heldRows()).map((r) => r.state)).toEqual(['failed', 'restored', 'restored']);
    // The list is rendered again after each outcome: the last render shows who resumed and the refusal.
    await h.standin.waitFor(
      () => json(list(channelId)!.blocks).includes('Resume posts: <@U0ANNA>') && shown(list(channelId)!).includes('⚠️'),
    );
    expect(buttonsOf(list(channelId)!.blocks)).toHaveLength(0);

    // The debrief is compiled again, as version 2, and shared in the thread of each debrief post, saying why.
    const revised = await h.standin.waitFor(() => {
      const v2 = h!.standin.uploads.filter((u) => u.completed && u.filename.endsWith('-v2.md'));
      return v2.length === 2 ? v2 : undefined;
    }, 20_000);
    expect(revised.map((u) => u.channels[0]).sort()).toEqual([channelId, 'C0DEBRIEF'].sort());
    for (const u of revised) expect(h.standin.messages(u.channels[0]!).find((m) => m.ts === u.threadTs)?.text).toMatch(/^Debrief: /);
    expect(revised[0]!.initialComment).toBe(
      '📝 *Debrief updated* (version 2): posts on Instagram @example were scheduled again in Hootsuite. This file replaces the earlier one.',
    );
    expect(revised[0]!.content).toContain('Held back in Hootsuite: 3; scheduled again: 2; not scheduled again: 1');
    expect(revised[0]!.content).toContain('Resume posts: Anna Berg at');
    expect(revised[0]!.content).toContain(`    > ${soon.text}`);
    expect(revised[0]!.content).toContain(`(scheduled again for `);
    // A second press changes nothing.
    await h.click(ActionId.freezeResume, resume!.value, { user: USERS.omar });
    await h.standin.waitFor(() =>
      h!.standin.responses.some((r) => r.body.text === '<@U0ANNA> already resumed these posts; nothing was changed.'),
    );
    const timeline = (await h.bot.service.snapshot((await h.bot.service.crisisInChannel(channelId))!.id))!.timeline.map(
      (e) => e.event.kind,
    );
    expect(timeline.filter((k) => k === 'posts_held' || k === 'posts_resumed')).toEqual(['posts_held', 'posts_resumed']);
    expect(h.logs.join('\n')).not.toContain(hs.token);
  }, 60_000);

  it('a sev1 holds the posts back at opening without waiting for Paused, and the account shows paused by the bot', async () => {
    hs = await HootsuiteStandin.start();
    const post = hs.schedule(PROFILE, 'Cheerful giveaway 🎁', Date.now() + 2 * HOUR);
    h = await startHarness({ plan: hootsuitePlan('sv'), env: { HOOTSUITE_ACCESS_TOKEN: hs.token, HOOTSUITE_API_URL: hs.apiUrl } });
    const { channelId } = await h.openCrisis('sev1 Bojkott sprids på Instagram', USERS.opener);
    const posted = await h.standin.waitFor(
      () => h!.standin.messages(channelId).find((m) => m.text?.startsWith('Inhållet i Hootsuite')),
      20_000,
    );
    expect(shown(posted)).toContain('1 schemalagt inlägg, avschemalagt av boten');
    expect(shown(posted)).toContain(post.text);
    expect(hs.scheduledOn(PROFILE)).toEqual([]);
    const board = await h.standin.waitFor(() => {
      const b = h!.standin.messages(channelId).find((m) => m.text?.startsWith('Publiceringsstopp'));
      return b && shown(b).includes('1 inlägg hålls inne i Hootsuite') ? b : undefined;
    });
    expect(shown(board)).toContain('Instagram @example: pausat i Hootsuite av boten');
    // Nobody is reminded about an account the bot paused itself; LinkedIn (no scheduler) is untouched.
    expect(
      (await h.bot.service.snapshot((await h.bot.service.crisisInChannel(channelId))!.id))!.freezes.map((f) => [
        f.account,
        f.frozenBy,
        f.frozenAt !== null,
      ]),
    ).toEqual([
      ['Instagram', null, true],
      ['LinkedIn', null, false],
    ]);
  }, 30_000);

  it('holds an image post and one waiting for approval, and brings both back whole; a restore that comes back pending approval is found again after a lost answer, made once, and reported waiting', async () => {
    hs = await HootsuiteStandin.start();
    const image = hs.addMedia('image/png');
    const carried = {
      media: [{ id: image }],
      tags: ['recall', 'kettles'],
      targeting: { facebookPage: { countries: [{ k: 'SE' }] } },
      location: { latitude: 59.33, longitude: 18.07 },
      webhookUrls: ['https://hooks.example.com/hootsuite'],
      emailNotification: true,
    };
    const photo = hs.schedule(PROFILE, 'Our new kettle, in three colours', Date.now() + 2 * HOUR, [], carried);
    const awaiting = hs.schedule(PROFILE, 'Spring giveaway: tell us your favourite tea', Date.now() + 3 * HOUR, [], {
      state: 'PENDING_APPROVAL',
    });
    h = await startHarness({ plan: hootsuitePlan(), env: { HOOTSUITE_ACCESS_TOKEN: hs.token, HOOTSUITE_API_URL: hs.apiUrl } });
    const { channelId } = await h.openCrisis('sev1 Kettle recall trending', USERS.opener);
    // Both would go out (the second once someone approves it): both are held back.
    await h.standin.waitFor(() => (hs!.scheduledOn(PROFILE, ['SCHEDULED', 'PENDING_APPROVAL']).length === 0 ? true : undefined), 20_000);
    await h.standin.waitFor(async () => ((await heldRows()).every((r) => r.state === 'held') ? true : undefined));
    expect((await heldRows()).map((r) => r.id)).toEqual([photo.id, awaiting.id]);

    await h.command('close Recall handled', { channel: channelId, user: USERS.omar });
    const offer = await h.standin.waitFor(() =>
      h!.standin.dm('U0ANNA').find((m) => m.text?.includes('You may resume scheduled posts on Instagram @example')),
    );
    // Meanwhile Anna's Hootsuite role became "publish with approval"; the first restore's answer is lost.
    hs.approvalRequired.add(PROFILE);
    hs.inject('POST /v1/messages', { status: 503, apply: true });
    await h.click(ActionId.freezeResume, buttonsOf(offer.blocks)[0]!.value, { user: USERS.anna });
    const form = await h.standin.waitFor(() => h!.standin.views.find((v) => v.view.callback_id === CallbackId.resumePosts));
    const submitted = await h.post(
      viewSubmissionBody(CallbackId.resumePosts, {}, { user: USERS.anna, privateMetadata: form.view.private_metadata }),
    );
    expect(submitted.status).toBe(200);
    const report = await h.standin.waitFor(
      () => h!.standin.dm('U0ANNA').find((m) => m.text?.startsWith('Posts on Instagram @example')),
      20_000,
    );
    expect(report.text).toBe('Posts on Instagram @example: 2 of 2 scheduled again');
    expect(shown(report)).toContain('2 of them wait for approval in Hootsuite before they go out:');
    // Made once each, though the first answer was lost, and whole.
    const back = hs.scheduledOn(PROFILE, ['SCHEDULED', 'PENDING_APPROVAL']);
    expect(back.map((m) => [m.text, m.state])).toEqual([
      [photo.text, 'PENDING_APPROVAL'],
      [awaiting.text, 'PENDING_APPROVAL'],
    ]);
    expect(back[0]).toMatchObject({ ...carried, scheduledSendTime: photo.scheduledSendTime });
  }, 40_000);

  it('holds a Pinterest pin back and brings it back to its board', async () => {
    hs = await HootsuiteStandin.start();
    const pin = hs.schedule(PROFILE, 'Five ways to style the new kettle', Date.now() + 4 * HOUR, [], {
      media: [{ id: hs.addMedia('image/png') }],
      extendedInfo: [
        {
          socialProfileType: 'PINTEREST',
          socialProfileId: PROFILE,
          data: { boardId: '549755813888', destinationUrl: 'https://example.com/kettle' },
        },
      ],
    });
    // The plan's account is a Pinterest profile this time.
    const plan = hootsuitePlan().replace('  - name: Instagram\n    handle: "@example"', '  - name: Pinterest\n    handle: "@example"');
    h = await startHarness({ plan, env: { HOOTSUITE_ACCESS_TOKEN: hs.token, HOOTSUITE_API_URL: hs.apiUrl } });
    const { channelId } = await h.openCrisis('sev1 Kettle recall', USERS.opener);
    await h.standin.waitFor(async () => ((await heldRows()).some((r) => r.state === 'held') ? true : undefined), 20_000);
    expect(hs.scheduledOn(PROFILE)).toEqual([]);
    await h.command('close Recall handled', { channel: channelId, user: USERS.omar });
    const offer = await h.standin.waitFor(() =>
      h!.standin.dm('U0ANNA').find((m) => m.text?.includes('You may resume scheduled posts on Pinterest @example')),
    );
    await h.click(ActionId.freezeResume, buttonsOf(offer.blocks)[0]!.value, { user: USERS.anna });
    const form = await h.standin.waitFor(() => h!.standin.views.find((v) => v.view.callback_id === CallbackId.resumePosts));
    await h.post(viewSubmissionBody(CallbackId.resumePosts, {}, { user: USERS.anna, privateMetadata: form.view.private_metadata }));
    await h.standin.waitFor(
      () => h!.standin.dm('U0ANNA').find((m) => m.text === 'Posts on Pinterest @example: 1 of 1 scheduled again'),
      20_000,
    );
    const [back] = hs.scheduledOn(PROFILE);
    expect(back).toMatchObject({
      text: pin.text,
      scheduledSendTime: pin.scheduledSendTime,
      media: pin.media,
      extendedInfo: pin.extendedInfo,
    });
    expect(back!.id).not.toBe(pin.id);
  }, 40_000);

  it('keeps working on a refresh token past the access token’s life; when Hootsuite refuses it, /healthz and the leads say so and the owners pause by hand', async () => {
    hs = await HootsuiteStandin.start();
    const app = { clientId: 'crisis-bot-app', clientSecret: 'hootsuite-app-secret-42' };
    const first = hs.enableOAuth({ ...app, accessTtlSec: 2 });
    const post = hs.schedule(PROFILE, 'Weekend brunch menu is live', Date.now() + 3 * HOUR);
    h = await startHarness({
      plan: hootsuitePlan(),
      env: {
        HOOTSUITE_CLIENT_ID: app.clientId,
        HOOTSUITE_CLIENT_SECRET: app.clientSecret,
        HOOTSUITE_REFRESH_TOKEN: first,
        HOOTSUITE_API_URL: hs.apiUrl,
      },
    });
    const { channelId } = await h.openCrisis('sev1 Brunch poisoning rumour', USERS.opener);
    await h.standin.waitFor(async () => ((await heldRows()).some((r) => r.state === 'held') ? true : undefined), 20_000);
    // The access token runs out in the middle of the freeze; the restore still goes through.
    await new Promise((r) => setTimeout(r, 2200));
    await h.command('close Rumour denied', { channel: channelId, user: USERS.omar });
    const offer = await h.standin.waitFor(() =>
      h!.standin.dm('U0ANNA').find((m) => m.text?.includes('You may resume scheduled posts on Instagram @example')),
    );
    await h.click(ActionId.freezeResume, buttonsOf(offer.blocks)[0]!.value, { user: USERS.anna });
    const form = await h.standin.waitFor(() => h!.standin.views.find((v) => v.view.callback_id === CallbackId.resumePosts));
    await h.post(viewSubmissionBody(CallbackId.resumePosts, {}, { user: USERS.anna, privateMetadata: form.view.private_metadata }));
    await h.standin.waitFor(
      () => h!.standin.dm('U0ANNA').find((m) => m.text === 'Posts on Instagram @example: 1 of 1 scheduled again'),
      20_000,
    );
    expect(hs.scheduledOn(PROFILE).map((m) => m.text)).toEqual([post.text]);
    expect(hs.refreshes).toBeGreaterThanOrEqual(2);
    expect(hs.refusedRefreshes).toBe(0);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);

    // The member revokes the app. The next crisis needs Hootsuite: the refresh is refused.
    hs.revokeRefreshTokens();
    hs.schedule(PROFILE, 'Monday motivation', Date.now() + 5 * HOUR);
    await new Promise((r) => setTimeout(r, 2200));
    // (Not openCrisis: it waits for the backlog to empty, and a refused refresh first waits a
    // moment for another instance's.)
    expect((await h.command('open sev1 Second wave of the rumour', { user: USERS.opener })).status).toBe(200);
    const told = (user: string) => h!.standin.dm(user).find((m) => m.text === 'Hootsuite no longer accepts the bot’s access');
    const lead = await h.standin.waitFor(() => told('U0OMAR'), 20_000);
    expect(shown(lead)).toContain('it refused the refresh token: invalid_grant: The refresh token is invalid, expired or revoked');
    expect(shown(lead)).toContain('pause them by hand in Hootsuite');
    await h.standin.waitFor(() => told('U0ANNA')); // the account's owner
    await h.standin.waitFor(() =>
      h!.standin.dm('U0ANNA').find((m) => m.text === 'Posts on Instagram @example are still scheduled in Hootsuite'),
    );
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { reasons: string[] }).reasons).toContain(
      "Hootsuite no longer accepts the bot's refresh token (invalid_grant: The refresh token is invalid, expired or revoked): authorise the bot again",
    );
    const logs = h.logs.join('\n');
    for (const secret of [app.clientSecret, first]) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/refresh-[0-9a-f-]{36}|access-[0-9a-f-]{36}/);
  }, 60_000);

  it('while the crisis is open, looks again and holds back what a colleague scheduled since, telling the owner; stops looking at close', async () => {
    hs = await HootsuiteStandin.start();
    const first = hs.schedule(PROFILE, 'Tuesday tips: descaling your kettle', Date.now() + 2 * HOUR);
    h = await startHarness({
      plan: hootsuitePlan('en', 'hootsuite_recheck: 1s'),
      env: { HOOTSUITE_ACCESS_TOKEN: hs.token, HOOTSUITE_API_URL: hs.apiUrl },
    });
    const { channelId } = await h.openCrisis('sev1 Kettle fire video', USERS.opener);
    await h.standin.waitFor(
      async () => ((await heldRows()).some((r) => r.id === first.id && r.state === 'held') ? true : undefined),
      20_000,
    );
    // An agency schedules a cheerful post, not knowing about the crisis.
    const agency = hs.schedule(PROFILE, 'Flash sale on kettles this weekend! 🔥', Date.now() + 6 * HOUR);
    const told = await h.standin.waitFor(
      () => h!.standin.dm('U0ANNA').find((m) => m.text === '1 more post held back on Instagram @example'),
      20_000,
    );
    expect(shown(told)).toContain('1 post was scheduled on Instagram @example during the freeze* (Kettle fire video)');
    expect(shown(told)).toContain(agency.text);
    await h.standin.waitFor(async () => ((await heldRows()).find((r) => r.id === agency.id)?.state === 'held' ? true : undefined));
    expect(hs.scheduledOn(PROFILE)).toEqual([]);
    await h.standin.waitFor(() => (shown(list(channelId)!).includes(agency.text) ? true : undefined));
    // The posts held back, counted once each on the board.
    await h.standin.waitFor(() =>
      shown(h!.standin.messages(channelId).find((m) => m.text?.startsWith('Publishing freeze'))!).includes('2 posts held back in Hootsuite')
        ? true
        : undefined,
    );
    await h.command('close Video was staged', { channel: channelId, user: USERS.omar });
    await h.bot.worker.idle();
    const lists = () => hs!.calls.filter((c) => c.operationId === 'retrieveMessages').length;
    const before = lists();
    await new Promise((r) => setTimeout(r, 2500));
    expect(lists()).toBe(before); // no look after the close
    expect(h.standin.dm('U0ANNA').filter((m) => m.text === '1 more post held back on Instagram @example')).toHaveLength(1);
  }, 40_000);

  it('a partial list holds what it shows and tells the owner about the rest; the next look catches it', async () => {
    hs = await HootsuiteStandin.start();
    const posts = ['Monday: new colours', 'Wednesday: behind the scenes', 'Friday: giveaway!'].map((text, i) =>
      hs!.schedule(PROFILE, text, Date.now() + (i + 2) * HOUR),
    );
    hs.inject('GET /v1/messages', { status: 'partial', keep: 2 });
    h = await startHarness({
      plan: hootsuitePlan('en', 'hootsuite_recheck: 1s'),
      env: { HOOTSUITE_ACCESS_TOKEN: hs.token, HOOTSUITE_API_URL: hs.apiUrl },
    });
    await h.openCrisis('sev1 Factory smoke on TikTok', USERS.opener);
    const told = await h.standin.waitFor(
      () => h!.standin.dm('U0ANNA').find((m) => m.text === 'Posts on Instagram @example are still scheduled in Hootsuite'),
      20_000,
    );
    expect(shown(told)).toContain(
      `Hootsuite listed only part of the posts scheduled on Instagram @example* for Factory smoke on TikTok (5000 · An unknown error occurred · message ${posts[2]!.id})`,
    );
    // The next look lists it whole: the third is held back too, and the owner hears of it.
    await h.standin.waitFor(() => h!.standin.dm('U0ANNA').find((m) => m.text === '1 more post held back on Instagram @example'), 20_000);
    await h.standin.waitFor(async () => ((await heldRows()).filter((r) => r.state === 'held').length === 3 ? true : undefined));
    expect(hs.scheduledOn(PROFILE)).toEqual([]);
  }, 40_000);

  it('when Hootsuite refuses, the owners are told the posts still go out and to pause by hand: a refused token, a post it will not unschedule', async () => {
    hs = await HootsuiteStandin.start();
    const kept = hs.schedule(PROFILE, 'Being sent right now', Date.now() + 10 * 60_000);
    const held = hs.schedule(PROFILE, 'Tomorrow’s teaser', Date.now() + 24 * HOUR);
    hs.inject(`DELETE /v1/messages/${kept.id}`, { status: 400, code: 40003 });
    h = await startHarness({ plan: hootsuitePlan(), env: { HOOTSUITE_ACCESS_TOKEN: hs.token, HOOTSUITE_API_URL: hs.apiUrl } });
    const { channelId } = await h.openCrisis('sev1 Product recall trending', USERS.opener);
    const problem = await h.standin.waitFor(
      () => h!.standin.dm('U0ANNA').find((m) => m.text === 'Posts on Instagram @example are still scheduled in Hootsuite'),
      20_000,
    );
    expect(shown(problem)).toContain(
      'Hootsuite would not unschedule 1 post on Instagram @example* for Product recall trending: it is still scheduled.',
    );
    expect(shown(problem)).toContain(
      `${kept.text} (Hootsuite would not unschedule it: HTTP 400 · 40003 · You have attempted to delete a message that cannot be deleted in its current state; it is still scheduled)`,
    );
    expect(hs.scheduledOn(PROFILE).map((m) => m.id)).toEqual([kept.id]);
    expect((await heldRows()).map((r) => [r.id, r.state])).toEqual([
      [kept.id, 'refused'],
      [held.id, 'held'],
    ]);
    // Not claimed as paused: the account waits for its owner, and the board says why.
    await h.standin.waitFor(() =>
      shown(h!.standin.messages(channelId).find((m) => m.text?.startsWith('Publishing freeze'))!).includes(
        '⚠️ 1 post Hootsuite would not unschedule',
      ),
    );
    expect((await h.bot.service.snapshot((await h.bot.service.crisisInChannel(channelId))!.id))!.freezes[0]!.frozenAt).toBeNull();
    await h.stop();
    await hs.close();

    // A token Hootsuite refuses: nothing can be listed, so nothing is touched, and the owners pause by hand.
    hs = await HootsuiteStandin.start();
    hs.schedule(PROFILE, 'Cheerful giveaway', Date.now() + HOUR);
    h = await startHarness({ plan: hootsuitePlan('pl'), env: { HOOTSUITE_ACCESS_TOKEN: 'revoked-token', HOOTSUITE_API_URL: hs.apiUrl } });
    const second = await h.openCrisis('sev1 Wycofanie produktu', USERS.opener);
    const failed = await h.standin.waitFor(
      () => h!.standin.dm('U0ANNA').find((m) => m.text === 'Wpisy na koncie Instagram @example są nadal zaplanowane w Hootsuite'),
      20_000,
    );
    expect(shown(failed)).toContain(
      'Bot nie zdołał wstrzymać wpisów zaplanowanych w Hootsuite na koncie Instagram @example* w sprawie „Wycofanie produktu” (HTTP 401 · 1001 · Invalid access token)',
    );
    expect(hs.calls.map((c) => c.method)).toEqual(['GET']);
    expect(hs.scheduledOn(PROFILE)).toHaveLength(1);
    await h.standin.waitFor(() =>
      shown(h!.standin.messages(second.channelId).find((m) => m.text?.startsWith('Wstrzymanie publikacji'))!).includes(
        'Hootsuite nie udostępnił listy zaplanowanych wpisów (HTTP 401',
      ),
    );
    expect(h.logs.join('\n')).not.toContain('revoked-token');
  }, 60_000);

  it('start-up with a scheduler in the plan and no token stops naming the variable and the account', async () => {
    await expect(startHarness({ plan: hootsuitePlan() })).rejects.toThrow(
      /^HOOTSUITE_ACCESS_TOKEN \(or HOOTSUITE_CLIENT_ID, HOOTSUITE_CLIENT_SECRET and HOOTSUITE_REFRESH_TOKEN\) is required: .*accounts\[0\] \(Instagram\) names scheduler: hootsuite$/,
    );
  });
});
