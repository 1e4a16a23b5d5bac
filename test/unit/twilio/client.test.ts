import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PhoneError } from '../../../src/jobs/ports/phone.js';
import { TwilioClient } from '../../../src/twilio/client.js';
import { twilioSignature, validTwilioSignature } from '../../../src/twilio/signature.js';
import { twiml } from '../../../src/twilio/twiml.js';
import { TwilioStandin } from '../../support/twilio-standin.js';

const TO = '+46700000001';

describe("Twilio's request signature", () => {
  // Twilio's own example (twilio-node's validation tests): the URL with its query, the POST
  // parameters sorted by name, HMAC-SHA1 with the auth token, in base64.
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = new URLSearchParams({
    CallSid: 'CA1234567890ABCDE',
    Caller: '+14158675309',
    Digits: '1234',
    From: '+14158675309',
    To: '+18005551212',
  });

  it('is the one Twilio publishes for its example', () => {
    expect(twilioSignature('12345', url, params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(validTwilioSignature('12345', url, params, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(true);
  });

  it('refuses another token, another URL, a changed parameter, or none', () => {
    expect(validTwilioSignature('54321', url, params, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(false);
    expect(validTwilioSignature('12345', `${url}&x=1`, params, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(false);
    const changed = new URLSearchParams(params);
    changed.set('Digits', '1');
    expect(validTwilioSignature('12345', url, changed, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(false);
    expect(validTwilioSignature('12345', url, params, undefined)).toBe(false);
    expect(validTwilioSignature('12345', url, params, 'short')).toBe(false);
  });
});

describe('TwiML', () => {
  it('escapes what people wrote, so a title cannot end the document', () => {
    const xml = twiml([{ say: 'Tom & Jerry <b>"1"</b>', language: 'en-GB', voice: 'Polly.Amy' }, { hangup: true }]);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-GB" voice="Polly.Amy">Tom &amp; Jerry &lt;b&gt;&quot;1&quot;&lt;/b&gt;</Say><Hangup/></Response>',
    );
  });
});

describe('the Twilio client against the stand-in', () => {
  let twilio: TwilioStandin;
  let client: TwilioClient;
  beforeEach(async () => {
    twilio = await TwilioStandin.start({ ringMs: 10, talkMs: 10 });
    client = new TwilioClient({
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      from: twilio.numbers[0]!,
      apiUrl: twilio.apiUrl,
      publicUrl: 'http://127.0.0.1:9',
    });
  });
  afterEach(() => twilio.stop());

  it('creates a call that fetches its words from the bot and reports every status, with machine detection', async () => {
    const placed = await client.call(7, TO);
    expect(placed.sid).toMatch(/^CA[0-9a-f]{32}$/);
    const call = twilio.calls[0]!;
    expect(call).toMatchObject({ to: TO, from: twilio.numbers[0], url: 'http://127.0.0.1:9/twilio/voice?attempt=7', method: 'POST' });
    expect(call.statusCallback).toBe('http://127.0.0.1:9/twilio/call-status?attempt=7');
    expect(call.statusCallbackEvents).toEqual(['initiated', 'ringing', 'answered', 'completed']);
    expect(call.machineDetection).toBe('Enable');
  });

  it('spaces calls by Twilio default of one a second', async () => {
    const started = Date.now();
    await Promise.all([client.call(1, TO), client.call(2, TO), client.call(3, TO)]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const created = twilio.calls.map((c) => c.createdAt);
    expect(created[2]! - created[0]!).toBeGreaterThanOrEqual(1900);
  });

  it('finds a call a crashed try placed, oldest first, leaving those other attempts hold', async () => {
    const since = Date.now();
    twilio.inject('POST Calls.json', { status: 'hang', apply: true });
    void client.call(1, TO).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    const second = await client.call(2, TO);
    expect(twilio.calls).toHaveLength(2);
    const none = () => Promise.resolve(new Set<string>());
    expect((await client.findCall(TO, since, none))?.sid).toBe(twilio.calls[0]!.sid);
    const taken = (sids: readonly string[]) => Promise.resolve(new Set(sids.filter((s) => s === twilio.calls[0]!.sid)));
    expect((await client.findCall(TO, since, taken))?.sid).toBe(second.sid);
    expect(await client.findCall('+46700000009', since, none)).toBeUndefined();
    expect(await client.findCall(TO, Date.now() + 60_000, none)).toBeUndefined();
  });

  it('reads how a call ended, and says a call still going is worth looking at again', async () => {
    twilio.script(TO, 'busy');
    const { sid } = await client.call(1, TO);
    const going = (await client.callEnded(sid).catch((e: unknown) => e)) as PhoneError;
    expect([going instanceof PhoneError, going.transient]).toEqual([true, true]);
    await twilio.settle();
    expect(await client.callEnded(sid)).toMatchObject({ sid, status: 'busy' });
  });

  it('sends a text and finds it again', async () => {
    const since = Date.now();
    const sent = await client.text(4, TO, 'CRISIS: test');
    expect(sent.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(twilio.texts[0]).toMatchObject({
      to: TO,
      body: 'CRISIS: test',
      statusCallback: 'http://127.0.0.1:9/twilio/text-status?attempt=4',
    });
    expect((await client.findText(TO, since, 'CRISIS: test', () => Promise.resolve(new Set<string>())))?.sid).toBe(sent.sid);
    expect(await client.findText(TO, since, 'another text', () => Promise.resolve(new Set<string>()))).toBeUndefined();
  });

  it('tells a refusal (a number Twilio cannot dial) from a failure worth retrying, without the token', async () => {
    const bad = await client.call(1, '+1').catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(PhoneError);
    expect((bad as PhoneError).transient).toBe(false);
    expect((bad as PhoneError).code).toBe(21211);
    expect((bad as PhoneError).shown).toMatch(/^HTTP 400 · 21211 · /);
    twilio.inject('POST Calls.json', { status: 429 });
    const limited = (await client.call(1, TO).catch((e: unknown) => e)) as PhoneError;
    expect([limited.status, limited.code, limited.transient, limited.retryAfterMs]).toEqual([429, 20429, true, 1000]);
    twilio.inject('POST Messages.json', { status: 503 });
    expect(((await client.text(1, TO, 'x').catch((e: unknown) => e)) as PhoneError).transient).toBe(true);
    const wrong = new TwilioClient({
      accountSid: twilio.accountSid,
      authToken: 'wrong-token',
      from: twilio.numbers[0]!,
      apiUrl: twilio.apiUrl,
      publicUrl: 'http://x',
    });
    const denied = (await wrong.call(1, TO).catch((e: unknown) => e)) as PhoneError;
    expect([denied.status, denied.code, denied.transient]).toEqual([401, 20003, false]);
    expect(denied.message).not.toContain('wrong-token');
    expect(denied.message).not.toContain(twilio.authToken);
  });
});
