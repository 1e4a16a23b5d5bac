// The Twilio stand-in against a tiny local server playing the bot: the REST side through plain
// fetch (as the bot's client talks to it), the webhook side checked for Twilio's signature on
// every request, and the signature itself against Twilio's own published test vectors.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readBody } from './standin-http.js';
import { twilioSignature, TwilioStandin } from './twilio-standin.js';

const FROM = '+46766920000';
const ANA = '+46701234567';
const BO = '+48501234567';

let twilio: TwilioStandin;
let bot: Server;
let botUrl: string;

interface BotHit {
  method: string;
  path: string;
  /** The full URL as the bot sees it, which is what Twilio signs. */
  url: string;
  params: Record<string, string>;
  signed: boolean;
  at: number;
}
let hits: BotHit[];
const hitsTo = (path: string): BotHit[] => hits.filter((h) => h.path === path);

const VOICE_TWIML =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Gather numDigits="1" action="/gather?attempt=7" method="POST" timeout="10">' +
  '<Say language="sv-SE" voice="Polly.Astrid">Kris p&#229;g&#229;r. Tryck 1 om du kommer.</Say></Gather><Say>Hej d&#229;</Say></Response>';
let voiceAnswer: { status: number; type: string; body: string };

beforeAll(async () => {
  twilio = await TwilioStandin.start();
  bot = createServer((req, res) => {
    readBody(req).then(
      (raw) => {
        const url = `${botUrl}${req.url ?? '/'}`;
        const parsed = new URL(url);
        const form = req.method === 'POST' ? Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) : {};
        const params = req.method === 'POST' ? form : Object.fromEntries(parsed.searchParams);
        const signed = req.headers['x-twilio-signature'] === twilio.sign(url, form);
        hits.push({ method: req.method ?? '', path: parsed.pathname, url, params, signed, at: Date.now() });
        const answer =
          parsed.pathname === '/voice'
            ? voiceAnswer
            : parsed.pathname === '/gather'
              ? { status: 200, type: 'text/xml', body: '<Response><Say>Tack.</Say><Hangup/></Response>' }
              : parsed.pathname === '/sms'
                ? { status: 200, type: 'text/xml', body: '<Response/>' }
                : { status: 204, type: 'text/plain', body: '' };
        res.writeHead(answer.status, { 'content-type': answer.type });
        res.end(answer.body);
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
  botUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await twilio.stop();
  await new Promise<void>((resolve) => bot.close(() => resolve()));
});

beforeEach(() => {
  twilio.reset();
  hits = [];
  voiceAnswer = { status: 200, type: 'text/xml; charset=utf-8', body: VOICE_TWIML };
});

type Json = Record<string, unknown>;

async function rest(
  method: 'GET' | 'POST',
  resource: string,
  params: [string, string][] = [],
  o: { sid?: string; token?: string; signal?: AbortSignal } = {},
): Promise<{ status: number; json: Json }> {
  const form = new URLSearchParams(params).toString();
  const base = `${twilio.apiUrl}/2010-04-01/Accounts/${o.sid ?? twilio.accountSid}/${resource}`;
  const res = await fetch(method === 'GET' && form ? `${base}?${form}` : base, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${twilio.accountSid}:${o.token ?? twilio.authToken}`).toString('base64')}`,
      ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(method === 'POST' ? { body: form } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

/** The bot's call: every event, AMD on, webhooks on the bot server. */
function callParams(to: string, extra: [string, string][] = []): [string, string][] {
  return [
    ['To', to],
    ['From', FROM],
    ['Url', `${botUrl}/voice?attempt=7`],
    ['StatusCallback', `${botUrl}/call-status?attempt=7`],
    ...['initiated', 'ringing', 'answered', 'completed'].map((e): [string, string] => ['StatusCallbackEvent', e]),
    ['MachineDetection', 'Enable'],
    ['Timeout', '40'],
    ...extra,
  ];
}

describe('signature', () => {
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };

  it("matches Twilio's published test vectors", async () => {
    expect(twilioSignature('12345', url, params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(twilioSignature('12345', 'http://mycompany.com:1234/myapp.php?foo=1&bar=2', params)).toBe('Zmvh+3yNM1Phv2jhDCwEM3q5ebU=');
    const own = await TwilioStandin.start({ authToken: '12345' });
    try {
      expect(own.sign(url, params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    } finally {
      await own.stop();
    }
  });
});

describe('REST', () => {
  it('answers 401 / 20003 to a wrong token or another account, and 404 / 20404 to an unknown path', async () => {
    const wrong = await rest('POST', 'Calls.json', callParams(ANA), { token: 'f'.repeat(32) });
    expect(wrong).toEqual({
      status: 401,
      json: { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 },
    });
    expect((await rest('GET', 'Calls.json', [], { sid: `AC${'0'.repeat(32)}` })).status).toBe(401);
    const missing = await rest('GET', 'Calls/CA00000000000000000000000000000000.json');
    expect(missing).toMatchObject({ status: 404, json: { code: 20404, status: 404 } });
    expect((await rest('GET', 'Recordings.json')).json.code).toBe(20404);
    expect(twilio.calls).toHaveLength(0);
    expect(twilio.requests.map((r) => r.status)).toEqual([401, 401, 404, 404]);
  });

  it("refuses what Twilio refuses, with Twilio's codes, and creates nothing", async () => {
    const code = async (resource: string, params: [string, string][]) => (await rest('POST', resource, params)).json.code;
    expect(await code('Calls.json', callParams('0701234567'))).toBe(21211);
    const notOurs = callParams(ANA).map(([k, v]): [string, string] => [k, k === 'From' ? '+46700000000' : v]);
    expect(await code('Calls.json', notOurs)).toBe(21210);
    expect(await code('Calls.json', [['From', FROM]])).toBe(21201);
    expect(await code('Calls.json', callParams(ANA, [['StatusCallbackEvent', 'answered completed']]))).toBe(21626);
    expect(
      await code(
        'Calls.json',
        callParams(ANA).filter(([k]) => k !== 'Url'),
      ),
    ).toBe(21205);
    expect(
      await code('Messages.json', [
        ['To', ANA],
        ['From', FROM],
      ]),
    ).toBe(21602);
    expect(
      await code('Messages.json', [
        ['From', FROM],
        ['Body', 'hi'],
      ]),
    ).toBe(21604);
    expect(
      await code('Messages.json', [
        ['To', ANA],
        ['From', '+46700000000'],
        ['Body', 'hi'],
      ]),
    ).toBe(21606);
    expect(
      await code('Messages.json', [
        ['To', ANA],
        ['From', FROM],
        ['Body', 'x'.repeat(1601)],
      ]),
    ).toBe(21617);
    expect(twilio.calls).toHaveLength(0);
    expect(twilio.texts).toHaveLength(0);
    // Repeated keys stay repeated in the record.
    expect(twilio.requests[3]!.params.StatusCallbackEvent).toEqual(['initiated', 'ringing', 'answered', 'completed', 'answered completed']);
  });

  it('lists calls to a number newest first, in the list shape', async () => {
    const sids: string[] = [];
    for (const to of [ANA, BO, ANA]) sids.push(String((await rest('POST', 'Calls.json', callParams(to))).json.sid));
    const page = await rest('GET', 'Calls.json', [
      ['To', ANA],
      ['From', FROM],
    ]);
    expect(page.status).toBe(200);
    expect((page.json.calls as Json[]).map((c) => c.sid)).toEqual([sids[2], sids[0]]);
    expect(page.json).toMatchObject({ page: 0, page_size: 50, next_page_uri: null, start: 0, end: 1 });
    expect(String(page.json.uri)).toMatch(/^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Calls\.json\?To=%2B46701234567&/);
    const one = await rest('GET', 'Calls.json', [['PageSize', '1']]);
    expect((one.json.calls as Json[]).map((c) => c.sid)).toEqual([sids[2]]);
    expect(one.json.next_page_uri).toMatch(/Page=1/);
  });

  it('answers an injected 429 with 20429 and does nothing, and a 503 likewise', async () => {
    twilio.inject('POST Calls.json', { status: 429 });
    twilio.inject('GET Calls.json', { status: 503 });
    const refused = await rest('POST', 'Calls.json', callParams(ANA));
    expect(refused).toEqual({
      status: 429,
      json: { code: 20429, message: 'Too Many Requests', more_info: 'https://www.twilio.com/docs/errors/20429', status: 429 },
    });
    expect(twilio.calls).toHaveLength(0);
    expect(await rest('GET', 'Calls.json')).toMatchObject({ status: 503, json: { code: 20503, status: 503 } });
    expect((await rest('POST', 'Calls.json', callParams(ANA))).status).toBe(201);
    expect(twilio.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 429', 'GET 503', 'POST 201']);
  });

  it('with hang and apply, places the call but never answers', async () => {
    twilio.inject('POST Calls.json', { status: 'hang', apply: true });
    twilio.script(ANA, 'press-1');
    await expect(rest('POST', 'Calls.json', callParams(ANA), { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(twilio.requests[0]!.status).toBe(0);
    expect(twilio.calls).toHaveLength(1);
    await twilio.settle();
    expect(twilio.calls[0]).toMatchObject({ status: 'completed', digits: '1', done: true });
  });
});

describe('calls', () => {
  it('plays a press-1 call: every progress callback, the voice webhook, then Digits=1 to the action, all signed', async () => {
    twilio.script(ANA, 'press-1');
    const created = await rest('POST', 'Calls.json', callParams(ANA));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status: 'queued', to: ANA, from: FROM, direction: 'outbound-api', answered_by: null });
    expect(created.json.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(created.json.account_sid).toBe(twilio.accountSid);
    expect(created.json.date_created).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    await twilio.settle();

    expect(hits.every((h) => h.signed)).toBe(true);
    expect(hits.map((h) => `${h.path} ${h.params.CallStatus}`)).toEqual([
      '/call-status initiated',
      '/call-status ringing',
      '/call-status in-progress',
      '/voice in-progress',
      '/gather in-progress',
      '/call-status completed',
    ]);
    const status = hitsTo('/call-status');
    expect(status.map((h) => h.params.SequenceNumber)).toEqual(['0', '1', '2', '3']);
    expect(status[0]!.params).toMatchObject({
      CallSid: created.json.sid,
      AccountSid: twilio.accountSid,
      From: FROM,
      To: ANA,
      Caller: FROM,
      Called: ANA,
      ApiVersion: '2010-04-01',
      Direction: 'outbound-api',
      CallbackSource: 'call-progress-events',
    });
    expect(status[0]!.params.Timestamp).toMatch(/\+0000$/);
    expect(Number(status[3]!.params.CallDuration)).toBeGreaterThanOrEqual(1);
    expect(status[0]!.params.CallDuration).toBeUndefined();
    expect(hitsTo('/voice')[0]!.params.AnsweredBy).toBe('human');
    const gather = hitsTo('/gather')[0]!;
    expect(gather.url).toBe(`${botUrl}/gather?attempt=7`);
    expect(gather.params.Digits).toBe('1');

    const call = twilio.calls[0]!;
    expect(call).toMatchObject({ status: 'completed', digits: '1', answeredBy: 'human', done: true, callee: 'press-1' });
    expect(call.webhooks.map((w) => w.kind)).toEqual(['status', 'status', 'status', 'voice', 'gather', 'status']);
    expect(call.webhooks[3]!.body).toBe(VOICE_TWIML);
    const fetched = await rest('GET', `Calls/${call.sid}.json`);
    expect(fetched.json).toMatchObject({ status: 'completed', answered_by: 'human', queue_time: '0' });
    expect(Number(fetched.json.duration)).toBeGreaterThanOrEqual(1);
  });

  it('lets an unscripted call ring out: only the default completed callback, no-answer, no voice webhook', async () => {
    const params = callParams(ANA).filter(([k]) => k !== 'StatusCallbackEvent');
    await rest('POST', 'Calls.json', params);
    await twilio.settle();
    expect(hits.map((h) => h.path)).toEqual(['/call-status']);
    expect(hits[0]!.params).toMatchObject({ CallStatus: 'no-answer', CallDuration: '0', SequenceNumber: '0' });
    expect(hits[0]!.signed).toBe(true);
    expect(twilio.calls[0]).toMatchObject({ status: 'no-answer', done: true });
  });

  it('plays busy (terminal callback only) and hang-up (voice webhook, no key)', async () => {
    twilio.script(ANA, 'busy', 'hang-up');
    await rest('POST', 'Calls.json', callParams(ANA));
    await rest('POST', 'Calls.json', callParams(ANA));
    await twilio.settle();
    const [busy, hungUp] = twilio.calls;
    expect(busy!.webhooks.map((w) => `${w.kind} ${w.params.CallStatus}`)).toEqual(['status initiated', 'status ringing', 'status busy']);
    expect(busy!.webhooks[2]!.params.CallDuration).toBe('0');
    expect(hungUp!.webhooks.map((w) => w.kind)).toEqual(['status', 'status', 'status', 'voice', 'status']);
    expect(hungUp).toMatchObject({ status: 'completed', done: true });
    expect(hungUp!.digits).toBeUndefined();
    expect(hits.every((h) => h.signed)).toBe(true);
  });

  it('asks a voicemail with GET, AnsweredBy machine_start in the signed query, and presses nothing', async () => {
    twilio.script(ANA, 'voicemail');
    await rest('POST', 'Calls.json', callParams(ANA, [['Method', 'GET']]));
    await twilio.settle();
    const voice = hitsTo('/voice')[0]!;
    expect(voice).toMatchObject({ method: 'GET', signed: true });
    expect(voice.params).toMatchObject({ AnsweredBy: 'machine_start', attempt: '7', CallStatus: 'in-progress' });
    expect(hitsTo('/gather')).toHaveLength(0);
    expect(twilio.calls[0]).toMatchObject({ status: 'completed', answeredBy: 'machine_start' });
    expect((await rest('GET', `Calls/${twilio.calls[0]!.sid}.json`)).json.answered_by).toBe('machine');
  });

  it('fails loudly in settle() when the voice webhook answers something that is not TwiML', async () => {
    twilio.script(ANA, 'press-1');
    voiceAnswer = { status: 200, type: 'text/plain', body: 'ok' };
    await rest('POST', 'Calls.json', callParams(ANA));
    await expect(twilio.settle()).rejects.toThrow(/content-type "text\/plain"/);
    twilio.reset();
    await expect(twilio.settle()).resolves.toBeUndefined();
  });

  it('queues calls at one per second: two created at once start about a second apart', async () => {
    const [a, b] = await Promise.all([rest('POST', 'Calls.json', callParams(ANA)), rest('POST', 'Calls.json', callParams(BO))]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    const queued = [Number(a.json.queue_time), Number(b.json.queue_time)].sort((x, y) => x - y);
    expect(queued[0]).toBeLessThan(100);
    expect(queued[1]).toBeGreaterThan(900);
    await twilio.settle();
    const initiated = hits.filter((h) => h.params.CallStatus === 'initiated').map((h) => h.at);
    expect(initiated).toHaveLength(2);
    expect(Math.abs(initiated[1]! - initiated[0]!)).toBeGreaterThanOrEqual(950);
  });
});

describe('texts', () => {
  it('sends a text: 201 queued, then signed sent and delivered callbacks, and lists it', async () => {
    const created = await rest('POST', 'Messages.json', [
      ['To', ANA],
      ['From', FROM],
      ['Body', 'Kris: ring in nu'],
      ['StatusCallback', `${botUrl}/text-status?attempt=8`],
    ]);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      status: 'queued',
      to: ANA,
      from: FROM,
      body: 'Kris: ring in nu',
      direction: 'outbound-api',
      num_segments: '1',
    });
    expect(created.json.sid).toMatch(/^SM[0-9a-f]{32}$/);
    await twilio.settle();
    const status = hitsTo('/text-status');
    expect(status.every((h) => h.signed)).toBe(true);
    expect(status.map((h) => h.params.MessageStatus)).toEqual(['sent', 'delivered']);
    expect(status[1]!.params).toMatchObject({
      MessageSid: created.json.sid,
      SmsSid: created.json.sid,
      SmsStatus: 'delivered',
      AccountSid: twilio.accountSid,
      From: FROM,
      To: ANA,
    });
    const listed = await rest('GET', 'Messages.json', [['To', ANA]]);
    expect((listed.json.messages as Json[]).map((m) => [m.sid, m.status])).toEqual([[created.json.sid, 'delivered']]);
  });

  it('delivers an incoming text to the webhook, signed, to the account number', async () => {
    const answer = await twilio.receiveText(`${botUrl}/sms`, ANA, 'STOP');
    expect(answer).toEqual({ status: 200, body: '<Response/>' });
    const hit = hitsTo('/sms')[0]!;
    expect(hit.signed).toBe(true);
    expect(hit.params).toMatchObject({ From: ANA, To: FROM, Body: 'STOP', AccountSid: twilio.accountSid, NumMedia: '0' });
    expect(hit.params.MessageSid).toMatch(/^SM[0-9a-f]{32}$/);
  });
});
