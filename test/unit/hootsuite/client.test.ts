import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOOTSUITE_WINDOW_MS, HootsuiteClient, HootsuiteError, withHootsuite } from '../../../src/hootsuite/client.js';
import type { RetryPolicy } from '../../../src/outbox/errors.js';
import { HootsuiteStandin } from '../../support/hootsuite-standin.js';

let hs: HootsuiteStandin;
let client: HootsuiteClient;
const HOUR = 3600_000;

beforeEach(async () => {
  hs = await HootsuiteStandin.start('token-1');
  client = new HootsuiteClient(hs.apiUrl, 'token-1');
});
afterEach(() => hs.close());

describe('HootsuiteClient against the stand-in', () => {
  it('lists what is scheduled or waiting for approval on one profile in the next four weeks, every page, earliest first, each message whole', async () => {
    const now = Date.now();
    for (let i = 0; i < 130; i++) hs.schedule('111', `post ${i}`, now + (i + 1) * HOUR, i === 0 ? ['https://ow.ly/i/a.jpg'] : []);
    const pending = hs.schedule('111', 'waiting for the legal team', now + 200 * HOUR, [], { state: 'PENDING_APPROVAL' });
    hs.schedule('111', 'being sent', now + 201 * HOUR, [], { state: 'SUBMITTED' });
    hs.schedule('222', 'another profile', now + HOUR);
    hs.schedule('111', 'beyond the window', now + HOOTSUITE_WINDOW_MS + HOUR);
    const { posts, unlisted } = await client.scheduled('111', now);
    expect(posts).toHaveLength(131);
    expect(unlisted).toEqual([]);
    expect(posts[0]).toMatchObject({ profileId: '111', text: 'post 0', mediaUrls: ['https://ow.ly/i/a.jpg'], awaitingApproval: false });
    expect(posts.at(-1)).toMatchObject({ id: pending.id, awaitingApproval: true, message: pending });
    expect(posts.map((p) => p.at)).toEqual([...posts.map((p) => p.at)].sort((a, b) => a - b));
    const lists = hs.calls.filter((c) => c.method === 'GET');
    expect(lists).toHaveLength(2); // 100 a page
    expect(lists[0]!.query.has('state')).toBe(false); // the filter takes one state; both are wanted
    expect(Date.parse(lists[0]!.query.get('endTime')!) - Date.parse(lists[0]!.query.get('startTime')!)).toBeLessThanOrEqual(
      HOOTSUITE_WINDOW_MS,
    );
  });

  it('unschedules; reads 400 with 4001 as gone and 40003 as a refusal; schedules again with a new id', async () => {
    const post = hs.schedule('111', 'Summer sale starts now!', Date.now() + HOUR);
    expect(await client.unschedule(post.id)).toBe('deleted');
    expect(hs.messages.has(post.id)).toBe(false);
    expect(await client.unschedule(post.id)).toBe('gone');
    const sending = hs.schedule('111', 'Going out this second', Date.now() + HOUR, [], { state: 'SUBMITTED' });
    await expect(client.unschedule(sending.id)).rejects.toMatchObject({ status: 400, code: 40003, transient: false });
    const made = await client.schedule({
      profileId: '111',
      text: post.text,
      at: Date.now() + 2 * HOUR,
      mediaUrls: [],
      message: { ...post },
    });
    expect(made.pending).toBe(false);
    expect(made.id).not.toBe(post.id);
    expect(hs.messages.get(made.id)).toMatchObject({ text: 'Summer sale starts now!', state: 'SCHEDULED', socialProfile: { id: '111' } });
  });

  it('brings a post back whole: media by id, tags, targeting, privacy, location, webhooks, e-mail notification, a Pinterest board', async () => {
    const image = hs.addMedia('image/png');
    const carried = {
      media: [{ id: image, thumbnailId: 'dGh1bWI=', videoOptions: { facebook: { title: 'Launch', category: 'BUSINESS' } } }],
      mediaUrls: [{ url: 'http://ow.ly/i/launch', thumbnailUrl: 'http://static.ow.ly/photos/thumb/launch.jpg' }],
      tags: ['launch', 'spring'],
      targeting: { facebookPage: { countries: [{ k: 'SE' }] } },
      privacy: { facebook: { visibility: ['everyone'] } },
      location: { latitude: 59.33, longitude: 18.07 },
      webhookUrls: ['https://hooks.example.com/hootsuite'],
      emailNotification: true,
    };
    const post = hs.schedule('111', 'Our spring range is here', Date.now() + HOUR, [], carried);
    const pin = hs.schedule('333', 'Spring boards', Date.now() + HOUR, [], {
      extendedInfo: [
        {
          socialProfileType: 'PINTEREST',
          socialProfileId: '333',
          data: { boardId: '123456789012345678', destinationUrl: 'https://example.com/spring' },
        },
      ],
    });
    const [kept] = (await client.scheduled('111', Date.now())).posts;
    const [keptPin] = (await client.scheduled('333', Date.now())).posts;
    for (const m of [post, pin]) await client.unschedule(m.id);
    const at = Date.now() + 3 * HOUR;
    const again = await client.schedule({ ...kept!, at, message: kept!.message });
    const pinAgain = await client.schedule({ ...keptPin!, at, message: keptPin!.message });
    const back = hs.messages.get(again.id)!;
    const { media: _media, mediaUrls: _urls, ...rest } = carried;
    expect(back).toMatchObject({ ...rest, text: post.text, socialProfile: { id: '111' } });
    // What Hootsuite adds of its own (a thumbnail's id and URL) is not sent back: Message has no place for it.
    expect(back.media).toEqual([{ id: image, videoOptions: carried.media[0]!.videoOptions }]);
    expect(back.mediaUrls).toEqual([{ url: 'http://ow.ly/i/launch' }]);
    expect(hs.messages.get(pinAgain.id)!.extendedInfo).toEqual(pin.extendedInfo);
  });

  it('keeps what a partial answer lists and names what it could not', async () => {
    const now = Date.now();
    const posts = [1, 2, 3].map((i) => hs.schedule('111', `post ${i}`, now + i * HOUR));
    hs.inject('GET /v1/messages', { status: 'partial', keep: 2 });
    const list = await client.scheduled('111', now);
    expect(list.posts.map((p) => p.id)).toEqual([posts[0]!.id, posts[1]!.id]);
    expect(list.unlisted).toEqual([`5000 · An unknown error occurred · message ${posts[2]!.id}`]);
  });

  it('says when a post scheduled again waits for approval in Hootsuite', async () => {
    hs.approvalRequired.add('111');
    const made = await client.schedule({ profileId: '111', text: 'Back soon', at: Date.now() + HOUR, mediaUrls: [], message: null });
    expect(made.pending).toBe(true);
    expect(hs.messages.get(made.id)!.state).toBe('PENDING_APPROVAL');
  });

  it('refuses a time in the past and a wrong token, gives 429 with its Retry-After as transient, and a plan limit as final', async () => {
    const past = { profileId: '111', text: 'x', at: Date.now() - HOUR, mediaUrls: [], message: null };
    await expect(client.schedule(past)).rejects.toMatchObject({ status: 400, transient: false });
    const stranger = new HootsuiteClient(hs.apiUrl, 'wrong');
    const refused = await stranger.scheduled('111', Date.now()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HootsuiteError);
    expect(refused).toMatchObject({ status: 401, code: 1001, transient: false });
    expect(String((refused as Error).message)).not.toContain('wrong'); // the token is never in a message
    hs.inject('DELETE /v1/messages', { status: 429, retryAfter: 7 });
    await expect(client.unschedule('1000')).rejects.toMatchObject({ status: 429, retryAfterMs: 7000, transient: true });
    hs.inject('GET /v1/messages', { status: 503 });
    await expect(client.scheduled('111', Date.now())).rejects.toMatchObject({ status: 503, transient: true });
    // An exhausted plan answers the same however often it is asked.
    hs.inject('GET /v1/messages', { status: 429, code: 1003 });
    await expect(client.scheduled('111', Date.now())).rejects.toMatchObject({ status: 429, code: 1003, transient: false });
    hs.inject('POST /v1/messages', { status: 403, code: 1004 });
    await expect(client.schedule({ ...past, at: Date.now() + HOUR })).rejects.toMatchObject({ code: 1004, transient: false });
  });

  it('treats no answer at all as transient', async () => {
    const gone = new HootsuiteClient('http://127.0.0.1:1', 'token-1');
    await expect(gone.unschedule('1')).rejects.toMatchObject({ status: undefined, transient: true });
  });
});

describe('Hootsuite errors in the outbox', () => {
  const slack: RetryPolicy = { transient: () => false, retryAfterMs: () => 7, describe: () => 'slack' };
  const policy = withHootsuite(slack);

  it('waits out a 429 without counting an attempt, retries 5xx, gives up on a refusal, and leaves Slack errors to Slack', async () => {
    hs.inject('DELETE /v1/messages', { status: 429, retryAfter: 3 });
    hs.inject('DELETE /v1/messages', { status: 503 });
    hs.inject('DELETE /v1/messages', { status: 403, code: 4009 });
    const errors = await Promise.all([1, 2, 3].map(() => client.unschedule('1').catch((e: unknown) => e)));
    expect(errors.map((e) => [policy.retryAfterMs!(e), policy.transient(e)])).toEqual([
      [3000, true],
      [undefined, true],
      [undefined, false],
    ]);
    expect((errors[2] as HootsuiteError).shown).toBe('HTTP 403 · 4009 · Insufficient organization permissions');
    expect(policy.describe(errors[2])).toBe('Hootsuite DELETE /v1/messages/1 answered 403: Insufficient organization permissions');
    const other = new Error('x');
    expect([policy.retryAfterMs!(other), policy.transient(other), policy.describe(other)]).toEqual([7, false, 'slack']);
  });
});
