import { afterEach, describe, expect, it } from 'vitest';
import { postgresUnderTest } from '../support/store-under-test.js';
import { channelName } from '../../src/domain/text.js';
import { dateStamp } from '../../src/domain/time.js';
import { commandBody, signedHeaders } from '../support/slack-requests.js';
import { SIGNING_SECRET, startHarness, USERS, type Harness } from '../support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('requests Slack did not sign', () => {
  it('a bad signature and a stale timestamp get 401 and open nothing', async () => {
    h = await startHarness();
    const body = commandBody('open Forged crisis', { responseUrl: h.standin.responseUrl() });
    const forged = await h.post(body, signedHeaders('not-the-secret', body));
    expect(forged.status).toBe(401);
    const stale = await h.post(body, signedHeaders(SIGNING_SECRET, body, Math.floor(Date.now() / 1000) - 6 * 60));
    expect(stale.status).toBe(401);
    const unsigned = await h.post(body, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(unsigned.status).toBe(401);
    expect(await h.bot.service.listOpen()).toHaveLength(0);
    expect(h.standin.callsTo('conversations.create')).toHaveLength(0);
  });

  it('GET /healthz answers ok while the database answers', async () => {
    h = await startHarness();
    const res = await fetch(`${h.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: true,
      database: postgresUnderTest() ? 'postgres' : 'sqlite',
      work: { instance: expect.stringMatching(/^[0-9a-f]{8}$/) as unknown, running: 0, leaseSeconds: 30, takenOver: 0 },
    });
  });
});

describe('Slack failing', () => {
  it('opening completes when channel creation hits a 429 with Retry-After', async () => {
    h = await startHarness();
    h.standin.inject('conversations.create', { status: 429, retryAfter: 1 });
    const { channelId } = await h.openCrisis('Rate limited');
    expect(h.standin.channels.get(channelId)!.members.has('U0ANNA')).toBe(true);
    expect(h.standin.callsTo('conversations.create').map((c) => c.error)).toEqual(['ratelimited', undefined]);
  });

  it('opening completes when channel creation keeps failing with 500 for a while', async () => {
    h = await startHarness();
    h.standin.inject('conversations.create', { status: 500 }, 4); // more than the client's own retries
    const { channelId } = await h.openCrisis('Server errors');
    expect(h.standin.messages(channelId)).toHaveLength(2);
    expect([...h.standin.channels.values()].filter((c) => c.name.includes('server-errors'))).toHaveLength(1);
  });

  it('posts wait out a 429 on chat.postMessage and land once, in order', async () => {
    h = await startHarness();
    h.standin.inject('chat.postMessage', { status: 429, retryAfter: 1 }, 2);
    const { channelId } = await h.openCrisis('Rate limited posts');
    const [summary, checklist] = h.standin.messages(channelId);
    expect(JSON.stringify(summary!.blocks)).toContain('Roster contacts');
    expect(JSON.stringify(checklist!.blocks)).toContain('Checklist');
    expect(h.standin.messages(channelId)).toHaveLength(2);
    expect(h.standin.dm('U0ANNA')).toHaveLength(1);
    expect(h.standin.dm('U0KASIA')).toHaveLength(1);
    expect(h.standin.callsTo('chat.postMessage').filter((c) => c.error === 'ratelimited')).toHaveLength(2);
  });

  it('pages survive a 500 on chat.postMessage and are sent once', async () => {
    h = await startHarness();
    h.standin.inject('chat.postMessage', { status: 500 }, 3);
    await h.openCrisis('Flaky posting');
    expect(h.standin.dm('U0ANNA')).toHaveLength(1);
    expect(h.standin.dm('U0KASIA')).toHaveLength(1);
  });

  it('work that is failing when the bot stops is done after the restart, once', async () => {
    h = await startHarness();
    h.standin.inject('conversations.create', { status: 503 }, 1000);
    await h.command('open Restart while failing', { user: USERS.opener });
    await h.standin.waitFor(() => h!.standin.callsTo('conversations.create').length >= 3);
    await h.restart();
    h.standin.clearFaults();
    const crisis = await h.standin.waitFor(async () => (await h!.bot.service.listOpen()).find((c) => c.channelId !== null), 10_000);
    await h.standin.waitFor(async () => (await h!.bot.service.backlog(crisis.id)).pending === 0, 10_000);
    expect(h.standin.messages(crisis.channelId!)).toHaveLength(2);
    expect(h.standin.dm('U0ANNA')).toHaveLength(1);
  });

  it('a channel created by an attempt that was never recorded is adopted, not doubled', async () => {
    h = await startHarness();
    const name = channelName('crisis', dateStamp(Date.now(), h.bot.plan.timeZone), 'Lost answer');
    // As if a first attempt reached Slack and the bot died before recording the answer.
    const orphan = h.standin.addChannel({ name, members: ['UBOT'] });
    orphan.createdBy = 'UBOT';
    const { channelId } = await h.openCrisis('Lost answer');
    expect(channelId).toBe(orphan.id);
    expect(h.standin.channelByName(`${name}-2`)).toBeUndefined();
  });
});

describe('Slack refusing for good', () => {
  it('a channel Slack will not create fails its dependants instead of leaving them pending forever', async () => {
    h = await startHarness();
    h.standin.inject('conversations.create', { error: 'restricted_action' }, 10);
    await h.command('open Refused channel');
    const crisis = await h.standin.waitFor(async () => (await h!.bot.service.listOpen())[0]);
    await h.standin.waitFor(async () => (await h!.bot.service.backlog(crisis.id)).pending === 0, 10_000);
    expect((await h.bot.service.backlog(crisis.id)).failed).toBeGreaterThanOrEqual(5); // channel, summary, checklist, topic, invite
    expect(h.standin.dm('U0ANNA')).toHaveLength(1); // the pages went out regardless
    expect((await h.command('list')).body?.text).toContain('the channel could not be created');
  }, 20_000);
});
