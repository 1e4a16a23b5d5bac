import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HootsuiteStandin } from './hootsuite-standin.js';

// The Hootsuite stand-in holds requests against Hootsuite's own description: one it does not
// allow is answered as Hootsuite answers a schema failure and fails the test that sent it.

let hs: HootsuiteStandin;
beforeEach(async () => {
  hs = await HootsuiteStandin.start();
});
afterEach(async () => {
  hs.violations.length = 0; // these tests break the description on purpose
  await hs.close();
});

const call = (path: string, init: RequestInit = {}) =>
  fetch(`${hs.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${hs.token}`, ...(init.headers ?? {}) } });

describe('the Hootsuite stand-in', () => {
  it('answers a request its description does not allow with 400 and code 4000, keeps it, and close() rejects with it', async () => {
    const res = await call('/v1/messages?startTime=2026-12-01T00:00:00Z&socialProfileIds=ig-main&state=SCHEDULED');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { code: number; message: string }[] };
    expect(body.errors[0]!.code).toBe(4000);
    expect(hs.violations).toEqual([
      'GET /v1/messages: query socialProfileIds: must be integer',
      'GET /v1/messages: query endTime: required',
    ]);
    const posted = await call('/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=utf-8' },
      body: JSON.stringify({ text: 'x', socialProfileIds: ['111'], scheduledSendTime: '2099-01-01T00:00:00Z', images: ['a.jpg'] }),
    });
    expect(posted.status).toBe(400);
    expect(hs.violations.at(-1)).toBe('POST /v1/messages: body: must NOT have additional properties (images)');
    const unknown = await call('/v1/pause', { method: 'POST' });
    expect(unknown.status).toBe(400);
    expect(hs.violations.at(-1)).toBe('POST /v1/pause: no such path');
    await expect(hs.close()).rejects.toThrow(/Hootsuite's description does not allow:\nGET \/v1\/messages: query socialProfileIds/);
    hs = await HootsuiteStandin.start(); // for afterEach
  });

  it('answers in the description’s shapes: a message whole, DELETE with no body, 4001 and 40003 as 400s', async () => {
    const image = hs.addMedia();
    const m = hs.schedule('111', 'hello', Date.now() + 3_600_000, [], { media: [{ id: image }], tags: ['a'] });
    const one = await call(`/v1/messages/${m.id}`);
    expect(await one.json()).toEqual({ data: m });
    const sending = hs.schedule('111', 'going out', Date.now() + 60_000, [], { state: 'SUBMITTED' });
    const refused = await call(`/v1/messages/${sending.id}`, { method: 'DELETE' });
    expect([refused.status, ((await refused.json()) as { errors: { code: number }[] }).errors[0]!.code]).toEqual([400, 40003]);
    const deleted = await call(`/v1/messages/${m.id}`, { method: 'DELETE' });
    expect([deleted.status, await deleted.text()]).toEqual([200, '']);
    const again = await call(`/v1/messages/${m.id}`, { method: 'DELETE' });
    expect([again.status, ((await again.json()) as { errors: { code: number }[] }).errors[0]!.code]).toEqual([400, 4001]);
    expect(hs.violations).toEqual([]);
  });
});
