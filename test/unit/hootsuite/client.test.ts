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
  it('lists what is scheduled on one profile in the next four weeks, every page, earliest first', async () => {
    const now = Date.now();
    for (let i = 0; i < 130; i++) hs.schedule('111', `post ${i}`, now + (i + 1) * HOUR, i === 0 ? ['https://ow.ly/i/a.jpg'] : []);
    hs.schedule('222', 'another profile', now + HOUR);
    hs.schedule('111', 'beyond the window', now + HOOTSUITE_WINDOW_MS + HOUR);
    const posts = await client.scheduled('111', now);
    expect(posts).toHaveLength(130);
    expect(posts[0]).toMatchObject({ profileId: '111', text: 'post 0', mediaUrls: ['https://ow.ly/i/a.jpg'] });
    expect(posts.map((p) => p.at)).toEqual([...posts.map((p) => p.at)].sort((a, b) => a - b));
    const lists = hs.calls.filter((c) => c.method === 'GET');
    expect(lists).toHaveLength(2); // 100 a page
    expect(lists[0]!.query.get('state')).toBe('SCHEDULED');
    expect(Date.parse(lists[0]!.query.get('endTime')!) - Date.parse(lists[0]!.query.get('startTime')!)).toBeLessThanOrEqual(
      HOOTSUITE_WINDOW_MS,
    );
  });

  it('unschedules, says gone for a message Hootsuite no longer has, and schedules again with a new id', async () => {
    const post = hs.schedule('111', 'Summer sale starts now!', Date.now() + HOUR);
    expect(await client.unschedule(post.id)).toBe('deleted');
    expect(hs.messages.has(post.id)).toBe(false);
    expect(await client.unschedule(post.id)).toBe('gone');
    const id = await client.schedule({ profileId: '111', text: post.text, at: Date.now() + 2 * HOUR, mediaUrls: [] });
    expect(id).not.toBe(post.id);
    expect(hs.messages.get(id)).toMatchObject({ text: 'Summer sale starts now!', state: 'SCHEDULED', socialProfile: { id: '111' } });
  });

  it('refuses a time in the past and a wrong token, and gives 429 with its Retry-After as a transient error', async () => {
    await expect(client.schedule({ profileId: '111', text: 'x', at: Date.now() - HOUR, mediaUrls: [] })).rejects.toMatchObject({
      status: 400,
      transient: false,
    });
    const stranger = new HootsuiteClient(hs.apiUrl, 'wrong');
    const refused = await stranger.scheduled('111', Date.now()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HootsuiteError);
    expect(refused).toMatchObject({ status: 401, code: 1001, transient: false });
    expect(String((refused as Error).message)).not.toContain('wrong'); // the token is never in a message
    hs.inject('DELETE /v1/messages', { status: 429, retryAfter: 7 });
    await expect(client.unschedule('1000')).rejects.toMatchObject({ status: 429, retryAfterMs: 7000, transient: true });
    hs.inject('GET /v1/messages', { status: 503 });
    await expect(client.scheduled('111', Date.now())).rejects.toMatchObject({ status: 503, transient: true });
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
    hs.inject('DELETE /v1/messages', { status: 403 });
    const errors = await Promise.all([1, 2, 3].map(() => client.unschedule('1').catch((e: unknown) => e)));
    expect(errors.map((e) => [policy.retryAfterMs!(e), policy.transient(e)])).toEqual([
      [3000, true],
      [undefined, true],
      [undefined, false],
    ]);
    expect((errors[2] as HootsuiteError).shown).toBe('HTTP 403 · 4030 · Not permitted on this social profile');
    expect(policy.describe(errors[2])).toBe('Hootsuite DELETE /v1/messages/1 answered 403: Not permitted on this social profile');
    const other = new Error('x');
    expect([policy.retryAfterMs!(other), policy.transient(other), policy.describe(other)]).toEqual([7, false, 'slack']);
  });
});
