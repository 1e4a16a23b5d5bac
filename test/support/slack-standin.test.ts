// The stand-in is only worth something if the real WebClient accepts it as Slack, so every test
// here goes through @slack/web-api rather than poking the server with hand-made requests
// (except where the point is a request shape the WebClient never sends).
import { ErrorCode, type Logger, LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackStandin } from './slack-standin.js';

let slack: SlackStandin;
let client: WebClient;
/** What the WebClient logged; Slack's response_metadata.messages surface here. */
let logged: string[];

function quietLogger(): Logger {
  const keep = (...msg: unknown[]): void => void logged.push(msg.map(String).join(' '));
  return {
    debug: () => {},
    info: keep,
    warn: keep,
    error: keep,
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

/** An empty token makes the WebClient send no Authorization header at all. */
function newClient(token = 'xoxb-test'): WebClient {
  return new WebClient(token, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 20 },
    logger: quietLogger(),
  });
}

/** Slack errors reach the app as WebAPIPlatformError with the code in data.error. */
async function slackError(call: Promise<unknown>): Promise<string> {
  const err = await call.then(
    () => expect.fail('expected Slack to answer ok:false'),
    (e: unknown) => e as { code?: string; data?: { error?: string; response_metadata?: { messages?: string[] } } },
  );
  expect(err.code).toBe(ErrorCode.PlatformError);
  return err.data?.error ?? '(no error code)';
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string) => ({
  type: 'actions',
  elements: [{ type: 'button', action_id: 'go', text: { type: 'plain_text', text } }],
});

beforeAll(async () => {
  slack = await SlackStandin.start({
    users: [
      { id: 'U1', email: 'ana@example.com', name: 'ana' },
      { id: 'U2', email: 'bo@example.com', name: 'bo' },
    ],
  });
});
afterAll(async () => slack.close());
beforeEach(() => {
  slack.reset();
  slack.latencyMs = 0;
  logged = [];
  client = newClient();
});

describe('auth', () => {
  it('answers auth.test with the bot identity', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0TEST' });
  });

  it('rejects a missing token and a non-bot token', async () => {
    expect(await slackError(newClient('').auth.test())).toBe('not_authed');
    expect(await slackError(newClient('xoxp-user-token').auth.test())).toBe('invalid_auth');
  });

  it('answers unknown_method for methods it does not know', async () => {
    expect(await slackError(client.apiCall('reactions.add', { channel: 'C1', name: 'x' }))).toBe('unknown_method');
    expect(slack.callsTo('reactions.add')).toHaveLength(1);
  });
});

describe('conversations', () => {
  it('creates a channel the bot is in, and refuses the same name twice', async () => {
    const res = await client.conversations.create({ name: 'crisis-2024-acme' });
    const id = res.channel?.id ?? '';
    expect(id).toMatch(/^C[A-Z0-9]+$/);
    expect(slack.channelByName('crisis-2024-acme')?.members.has('UBOT')).toBe(true);
    expect(await slackError(client.conversations.create({ name: 'crisis-2024-acme' }))).toBe('name_taken');
    expect(slack.channels.size).toBe(1);
  });

  it('validates channel names like Slack', async () => {
    expect(await slackError(client.conversations.create({ name: 'Crisis Room' }))).toBe('invalid_name_specials');
    expect(await slackError(client.conversations.create({ name: 'a'.repeat(81) }))).toBe('invalid_name_maxlength');
    await expect(client.conversations.create({ name: 'a'.repeat(80) })).resolves.toMatchObject({ ok: true });
  });

  it('invites users, and answers already_in_channel when there is no one new', async () => {
    const { channel } = await client.conversations.create({ name: 'war-room' });
    const id = channel!.id!;
    await client.conversations.invite({ channel: id, users: 'U1,U2' });
    expect([...slack.channels.get(id)!.members].sort()).toEqual(['U1', 'U2', 'UBOT']);
    expect(await slackError(client.conversations.invite({ channel: id, users: 'U1' }))).toBe('already_in_channel');
    expect(await slackError(client.conversations.invite({ channel: id, users: 'UBOT' }))).toBe('cant_invite_self');
    expect(await slackError(client.conversations.invite({ channel: id, users: 'U404' }))).toBe('user_not_found');
    expect(await slackError(client.conversations.invite({ channel: 'C404', users: 'U1' }))).toBe('channel_not_found');
  });

  it('sets a topic only where the bot is a member and within 250 characters', async () => {
    const { channel } = await client.conversations.create({ name: 'topics' });
    await client.conversations.setTopic({ channel: channel!.id!, topic: 'SEV1: outage' });
    expect(slack.channels.get(channel!.id!)?.topic).toBe('SEV1: outage');
    expect(await slackError(client.conversations.setTopic({ channel: channel!.id!, topic: 'x'.repeat(251) }))).toBe('too_long');
    const outside = slack.addChannel({ name: 'general', members: ['U1'] });
    expect(await slackError(client.conversations.setTopic({ channel: outside.id, topic: 'hi' }))).toBe('not_in_channel');
  });
});

describe('users', () => {
  it('looks users up by email, case-insensitively, and reports users_not_found', async () => {
    const res = await client.users.lookupByEmail({ email: 'Ana@Example.com' });
    expect(res.user).toMatchObject({ id: 'U1', profile: { email: 'ana@example.com' } });
    expect(await slackError(client.users.lookupByEmail({ email: 'nobody@example.com' }))).toBe('users_not_found');
  });

  it('keeps users across reset() and knows users added later', async () => {
    slack.addUser({ id: 'U3', email: 'cy@example.com' });
    slack.reset();
    await expect(client.users.info({ user: 'U3' })).resolves.toMatchObject({ user: { id: 'U3' } });
    expect(await slackError(client.users.info({ user: 'U404' }))).toBe('user_not_found');
  });

  it('says a deactivated user is deleted, and no longer finds them by email (as Slack documents)', async () => {
    slack.addUser({ id: 'U4', email: 'gone@example.com', deleted: true });
    await expect(client.users.info({ user: 'U4' })).resolves.toMatchObject({ user: { id: 'U4', deleted: true } });
    expect(await slackError(client.users.lookupByEmail({ email: 'gone@example.com' }))).toBe('users_not_found');
  });

  it('answers dnd.teamInfo for up to 50 users, without the snooze fields, and refuses more or none', async () => {
    slack.addUser({ id: 'U5', dnd: { enabled: true, startTs: 100, endTs: 200, snoozeUntil: 150 } });
    const res = await client.dnd.teamInfo({ users: 'U1,U5' });
    expect(res.users).toEqual({
      U1: { dnd_enabled: false, next_dnd_start_ts: 1, next_dnd_end_ts: 1 },
      U5: { dnd_enabled: true, next_dnd_start_ts: 100, next_dnd_end_ts: 200 },
    });
    expect(await slackError(client.dnd.teamInfo({ users: Array.from({ length: 51 }, () => 'U1').join(',') }))).toBe('invalid_arguments');
    expect(await slackError(client.dnd.teamInfo({ users: 'U404' }))).toBe('user_not_visible');
  });
});

describe('chat', () => {
  it('posts to a user id in the bot DM, which is what dm() shows', async () => {
    const res = await client.chat.postMessage({ channel: 'U1', text: 'You are on call' });
    expect(res.channel).toBe('DU1');
    expect(slack.dm('U1').map((m) => m.text)).toEqual(['You are on call']);
    expect(await slackError(client.chat.postMessage({ channel: 'U404', text: 'x' }))).toBe('channel_not_found');
  });

  it('refuses channels the bot is not in, and messages without content', async () => {
    const outside = slack.addChannel({ name: 'general' });
    expect(await slackError(client.chat.postMessage({ channel: outside.id, text: 'hi' }))).toBe('not_in_channel');
    const { channel } = await client.conversations.create({ name: 'room' });
    expect(await slackError(client.chat.postMessage({ channel: channel!.id!, text: '' }))).toBe('no_text');
    expect(slack.messages(channel!.id!)).toEqual([]);
  });

  it('gives increasing ts, threads replies and edits in place', async () => {
    const { channel } = await client.conversations.create({ name: 'room' });
    const id = channel!.id!;
    const parent = await client.chat.postMessage({ channel: id, text: 'status: investigating' });
    const reply = await client.chat.postMessage({ channel: id, text: 'detail', thread_ts: parent.ts! });
    expect(Number(reply.ts)).toBeGreaterThan(Number(parent.ts));
    expect(parent.ts).toMatch(/^\d{10}\.\d{6}$/);
    await client.chat.update({ channel: id, ts: parent.ts!, text: 'status: resolved', blocks: [section('*resolved*')] });
    const [first, second] = slack.messages(id);
    expect(first).toMatchObject({ text: 'status: resolved', edits: 1, blocks: [section('*resolved*')] });
    expect(second).toMatchObject({ threadTs: parent.ts, edits: 0 });
    expect(await slackError(client.chat.update({ channel: id, ts: '1.000001', text: 'x' }))).toBe('message_not_found');
    const orphan = client.chat.postMessage({ channel: id, text: 'x', thread_ts: '1.000001' });
    expect(await slackError(orphan)).toBe('invalid_thread_ts');
  });

  it('records ephemerals only for users in the channel', async () => {
    const { channel } = await client.conversations.create({ name: 'room' });
    await client.conversations.invite({ channel: channel!.id!, users: 'U1' });
    await client.chat.postEphemeral({ channel: channel!.id!, user: 'U1', text: 'only you' });
    expect(slack.ephemerals).toEqual([{ channel: channel!.id, user: 'U1', text: 'only you', blocks: undefined }]);
    const outsider = client.chat.postEphemeral({ channel: channel!.id!, user: 'U2', text: 'x' });
    expect(await slackError(outsider)).toBe('user_not_in_channel');
  });
});

describe('Block Kit limits', () => {
  let room: string;
  beforeEach(async () => {
    room = (await client.conversations.create({ name: 'limits' })).channel!.id!;
  });

  it('accepts exactly 50 blocks and rejects 51 with an explanation', async () => {
    const blocks = (n: number) => Array.from({ length: n }, (_, i) => section(`line ${i}`));
    await client.chat.postMessage({ channel: room, text: 'ok', blocks: blocks(50) });
    const err = client.chat.postMessage({ channel: room, text: 'too many', blocks: blocks(51) });
    expect(await slackError(err)).toBe('invalid_blocks');
    expect(slack.messages(room)).toHaveLength(1);
    expect(logged.join('\n')).toContain('no more than 50 items allowed');
  });

  it('rejects a 76-character button label, on post and on update', async () => {
    const posted = await client.chat.postMessage({ channel: room, text: 'ok', blocks: [button('b'.repeat(75))] });
    const tooLong = [button('b'.repeat(76))];
    expect(await slackError(client.chat.postMessage({ channel: room, text: 'x', blocks: tooLong }))).toBe('invalid_blocks');
    const update = client.chat.update({ channel: room, ts: posted.ts!, text: 'x', blocks: tooLong });
    expect(await slackError(update)).toBe('invalid_blocks');
    expect(slack.messages(room)[0]?.edits).toBe(0);
  });

  it('rejects long section text, long ids, and text over 40000 characters', async () => {
    const post = (extra: object) => slackError(client.chat.postMessage({ channel: room, text: 'x', ...extra }));
    expect(await post({ blocks: [section('s'.repeat(3001))] })).toBe('invalid_blocks');
    expect(await post({ blocks: [{ ...section('ok'), block_id: 'i'.repeat(256) }] })).toBe('invalid_blocks');
    const longField = { type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2001) }] };
    expect(await post({ blocks: [longField] })).toBe('invalid_blocks');
    expect(await slackError(client.chat.postMessage({ channel: room, text: 't'.repeat(40001) }))).toBe('msg_too_long');
    expect(slack.messages(room)).toEqual([]);
  });
});

describe('faults', () => {
  it('answers an injected 429 with Retry-After, which the WebClient waits out and retries', async () => {
    const { channel } = await client.conversations.create({ name: 'room' });
    slack.inject('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await client.chat.postMessage({ channel: channel!.id!, text: 'eventually' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(slack.callsTo('chat.postMessage').map((c) => c.error)).toEqual(['ratelimited', undefined]);
    expect(slack.messages(channel!.id!)).toHaveLength(1);
  });

  it('answers an injected 500, which the WebClient retries', async () => {
    const { channel } = await client.conversations.create({ name: 'room' });
    slack.inject('chat.postMessage', { status: 500 });
    await client.chat.postMessage({ channel: channel!.id!, text: 'after the blip' });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect(slack.messages(channel!.id!)).toHaveLength(1);
  });

  it('lets outages outlast the retries, and injected errors are not retried', async () => {
    slack.inject('auth.test', { status: 503 }, 2);
    await expect(client.auth.test()).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    slack.inject('users.info', { error: 'fatal_error' });
    expect(await slackError(client.users.info({ user: 'U1' }))).toBe('fatal_error');
    expect(slack.callsTo('users.info')).toHaveLength(1);
    await expect(client.users.info({ user: 'U1' })).resolves.toMatchObject({ ok: true });
  });

  it('delays every answer by latencyMs', async () => {
    slack.latencyMs = 150;
    const started = Date.now();
    await client.auth.test();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('holds one method for its own latency, and lists a call as received while it is held', async () => {
    slack.methodLatencyMs.set('users.info', 300);
    const held = client.users.info({ user: 'U1' });
    await slack.waitFor(() => slack.received.some((c) => c.method === 'users.info'));
    expect(slack.calls.some((c) => c.method === 'users.info')).toBe(false);
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true }); // other methods are not held
    expect(slack.calls.some((c) => c.method === 'users.info')).toBe(false);
    await expect(held).resolves.toMatchObject({ ok: true });
  });
});

describe('files.uploadV2', () => {
  it('goes through all three steps and ends in uploads with the content', async () => {
    const { channel } = await client.conversations.create({ name: 'reports' });
    const res = await client.files.uploadV2({ channel_id: channel!.id!, filename: 'x.md', content: '# hi', title: 'X' });
    expect(res.ok).toBe(true);
    expect(slack.uploads).toEqual([
      expect.objectContaining({ filename: 'x.md', title: 'X', content: '# hi', channels: [channel!.id], completed: true }),
    ]);
    expect(slack.calls.map((c) => c.method)).toEqual([
      'conversations.create',
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
    // Sharing is a message in the channel, which its history shows with the file on it.
    const history = await client.conversations.history({ channel: channel!.id! });
    expect(history.messages).toEqual([expect.objectContaining({ files: [expect.objectContaining({ name: 'x.md', title: 'X' })] })]);
  });

  it('can hold a share back after answering, as Slack shows shares late, until released', async () => {
    const { channel } = await client.conversations.create({ name: 'late-shares' });
    slack.holdShares = true;
    await client.files.uploadV2({ channel_id: channel!.id!, filename: 'y.md', content: 'y' });
    expect(slack.uploads[0]!.completed).toBe(true);
    expect((await client.conversations.history({ channel: channel!.id! })).messages).toEqual([]);
    slack.releaseShares();
    const after = (await client.conversations.history({ channel: channel!.id! })).messages!;
    expect(after).toEqual([expect.objectContaining({ files: [expect.objectContaining({ name: 'y.md' })] })]);
    // `oldest` leaves out what came before it, as in Slack.
    expect((await client.conversations.history({ channel: channel!.id!, oldest: after[0]!.ts! })).messages).toEqual([]);
  });

  it('shares into a thread when given its parent, and refuses a thread that is not there', async () => {
    const { channel } = await client.conversations.create({ name: 'threaded-files' });
    const parent = await client.chat.postMessage({ channel: channel!.id!, text: 'Debrief' });
    await client.files.uploadV2({
      channel_id: channel!.id!,
      thread_ts: parent.ts!,
      filename: 'v2.md',
      content: '2',
      initial_comment: 'v2',
    });
    expect((await client.conversations.history({ channel: channel!.id! })).messages!.map((m) => m.text)).toEqual(['Debrief']);
    const replies = await client.conversations.replies({ channel: channel!.id!, ts: parent.ts! });
    expect(replies.messages!.map((m) => [m.text, m.files?.map((f) => f.name)])).toEqual([
      ['Debrief', undefined],
      ['v2', ['v2.md']],
    ]);
    const lost = client.files.uploadV2({ channel_id: channel!.id!, thread_ts: '1.000001', filename: 'v3.md', content: '3' });
    expect(await slackError(lost)).toBe('invalid_thread_ts');
  });

  it('deletes a file as Slack does: a share with a comment keeps it as a tombstone, a bare share goes', async () => {
    const { channel } = await client.conversations.create({ name: 'deleted-files' });
    const commented = await client.files.uploadV2({ channel_id: channel!.id!, filename: 'a.md', content: 'a', initial_comment: 'why' });
    await client.files.uploadV2({ channel_id: channel!.id!, filename: 'b.md', content: 'b' });
    const [a, b] = slack.uploads.map((u) => u.fileId);
    expect((commented as { files?: { files?: { id?: string }[] }[] }).files?.[0]?.files?.[0]?.id).toBe(a);
    await client.files.delete({ file: a! });
    await client.files.delete({ file: b! });
    const history = (await client.conversations.history({ channel: channel!.id! })).messages!;
    expect(history.map((m) => [m.text, m.files])).toEqual([['why', [{ id: a, mode: 'tombstone' }]]]);
    expect(await slackError(client.files.delete({ file: a! }))).toBe('file_deleted');
    expect(await slackError(client.files.delete({ file: 'F404' }))).toBe('file_not_found');
  });

  it('answers file_not_found for ids it never handed out', async () => {
    const err = client.files.completeUploadExternal({ files: [{ id: 'F404' }] });
    expect(await slackError(err)).toBe('file_not_found');
  });
});

describe('views, response URLs and waitFor', () => {
  it('opens modals, and insists on a trigger_id', async () => {
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Declare crisis' }, blocks: [] };
    const res = await client.views.open({ trigger_id: 'tr-1', view });
    expect(res.view?.id).toMatch(/^V/);
    expect(slack.views).toEqual([{ trigger_id: 'tr-1', view: expect.objectContaining({ title: view.title }) as unknown }]);
    expect(await slackError(client.apiCall('views.open', { view }))).toBe('invalid_arguments');
  });

  it('publishes a Home tab per user, replaced whole, within 100 blocks', async () => {
    const blocks = (n: number) => Array.from({ length: n }, () => ({ type: 'section', text: { type: 'mrkdwn', text: 'x' } }));
    const first = await client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: blocks(100) } });
    await client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: blocks(2) } });
    expect(slack.homes.get('U1')).toMatchObject({ id: first.view?.id, published: 2 });
    expect(slack.homes.get('U1')!.blocks).toHaveLength(2);
    expect(await slackError(client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: blocks(101) } }))).toBe(
      'invalid_arguments',
    );
    expect(await slackError(client.views.publish({ user_id: 'U404', view: { type: 'home', blocks: [] } }))).toBe('user_not_found');
  });

  it('records JSON POSTed to a response URL', async () => {
    const url = slack.responseUrl();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replace_original: true, text: 'Acknowledged' }),
    });
    expect(res.status).toBe(200);
    expect(slack.responses).toEqual([
      { path: new URL(url).pathname, body: { replace_original: true, text: 'Acknowledged' }, at: expect.any(Number) as unknown },
    ]);
    expect((await fetch(`${slack.baseUrl}/response/never-issued`, { method: 'POST' })).status).toBe(404);
  });

  it('accepts application/json bodies with the token in the header', async () => {
    const { channel } = await client.conversations.create({ name: 'json' });
    const res = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-test' },
      body: JSON.stringify({ channel: channel!.id, blocks: [section('from json')] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: channel!.id });
    expect(slack.messages(channel!.id!)[0]?.blocks).toEqual([section('from json')]);
  });

  it('waitFor resolves with the probe value, or rejects naming what it waited for', async () => {
    setTimeout(() => void client.chat.postMessage({ channel: 'U2', text: 'late' }), 50);
    const msg = await slack.waitFor(() => slack.dm('U2')[0]);
    expect(msg.text).toBe('late');
    await expect(slack.waitFor(() => slack.dm('U1').length > 0, 100)).rejects.toThrow(/within 100 ms.*dm\(.U1.\)/s);
  });
});

describe('rate limits, when switched on', () => {
  it('refuses posts to one conversation past a short burst with 429 and Retry-After, and not another conversation', async () => {
    const limited = await SlackStandin.start();
    try {
      let now = 1_000_000;
      limited.limitRates(() => now);
      const channel = limited.addChannel({ name: 'alerts', members: [limited.botUserId] });
      const other = limited.addChannel({ name: 'crisis', members: [limited.botUserId] });
      const c = new WebClient('xoxb-test', {
        slackApiUrl: limited.apiUrl,
        rejectRateLimitedCalls: true,
        retryConfig: { retries: 0 },
        logger: quietLogger(),
      });
      for (let i = 0; i < 5; i++) await c.chat.postMessage({ channel: channel.id, text: `burst ${i}` });
      const refused = await c.chat.postMessage({ channel: channel.id, text: 'one too many' }).then(
        () => expect.fail('expected a 429'),
        (e: unknown) => e,
      );
      expect(refused).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
      expect(limited.messages(channel.id)).toHaveLength(5); // refused means not posted
      await c.chat.postMessage({ channel: other.id, text: 'elsewhere' });
      now += 1_000;
      await c.chat.postMessage({ channel: channel.id, text: 'a second later' });
      expect(limited.rateLimited).toBe(1);
      expect(limited.callsTo('chat.postMessage').map((call) => call.error ?? 'ok')).toEqual([
        'ok',
        'ok',
        'ok',
        'ok',
        'ok',
        'ratelimited',
        'ok',
        'ok',
      ]);
    } finally {
      await limited.close();
    }
  });

  it('keeps a method to its tier for the whole app', async () => {
    const limited = await SlackStandin.start();
    try {
      limited.limitRates(() => 0);
      const c = new WebClient('xoxb-test', {
        slackApiUrl: limited.apiUrl,
        rejectRateLimitedCalls: true,
        retryConfig: { retries: 0 },
        logger: quietLogger(),
      });
      const results = [];
      for (let i = 0; i < 11; i++)
        results.push(
          await c.conversations.create({ name: `c-${i}` }).then(
            () => 'ok',
            (e: unknown) => (e as { code?: string }).code,
          ),
        );
      expect(results).toEqual([...new Array<string>(10).fill('ok'), ErrorCode.RateLimitedError]); // Tier 2: a burst of 10
    } finally {
      await limited.close();
    }
  });
});
