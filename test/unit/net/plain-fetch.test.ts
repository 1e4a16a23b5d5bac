import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plainFetch } from '../../../src/net/plain-fetch.js';

// plainFetch against a local server, for what the Slack WebClient, Bolt's respond() and the
// Hootsuite client read and send. Every end-to-end test also goes through it, against the stand-ins.

let server: Server;
let seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[];
let url: string;

beforeEach(async () => {
  seen = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2_000);
      if (req.url === '/cut')
        return void (res.writeHead(200, { 'content-length': '100' }).write('{"ok":'), setTimeout(() => res.socket?.destroy(), 20));
      if (req.url === '/limited') return void res.writeHead(429, 'Too Many Requests', { 'retry-after': '7' }).end('');
      res
        .writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-oauth-scopes': 'chat:write' })
        .end('{"ok":true,"name":"Łódź"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('plainFetch', () => {
  it('sends the method, headers and body with its length, and reads status, headers and body as text, JSON or bytes', async () => {
    const res = await plainFetch(`${url}/api/chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-1', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'text=%C5%81%C3%B3d%C5%BA',
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/chat.postMessage', body: 'text=%C5%81%C3%B3d%C5%BA' });
    expect(seen[0]!.headers).toMatchObject({
      authorization: 'Bearer xoxb-1',
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': '24',
    });
    expect([res.status, res.ok, res.url]).toEqual([200, true, `${url}/api/chat.postMessage`]);
    expect(res.headers.get('X-OAuth-Scopes')).toBe('chat:write');
    expect(res.headers.get('retry-after')).toBeNull();
    expect(Object.fromEntries(res.headers.entries())).toMatchObject({ 'x-oauth-scopes': 'chat:write' });
    expect(await res.json()).toEqual({ ok: true, name: 'Łódź' });
    expect(await res.text()).toBe('{"ok":true,"name":"Łódź"}');
    expect(Buffer.from(await res.arrayBuffer()).toString('utf8')).toBe('{"ok":true,"name":"Łódź"}');
  });

  it('counts a multi-byte body in bytes, and sends a Buffer as it is', async () => {
    await plainFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Łódź' }) });
    await plainFetch(url, { method: 'POST', body: Buffer.from([1, 2, 3]) });
    expect(seen.map((s) => s.headers['content-length'])).toEqual([String(Buffer.byteLength('{"text":"Łódź"}')), '3']);
  });

  it('gives a refusal back as a response, with its status and headers (a 429 and its Retry-After)', async () => {
    const res = await plainFetch(`${url}/limited`, { method: 'POST', body: '' });
    expect([res.status, res.ok, res.statusText, res.headers.get('retry-after')]).toEqual([429, false, 'Too Many Requests', '7']);
  });

  it('rejects as fetch does when the server cannot be reached, drops the answer halfway, or the signal aborts', async () => {
    await expect(plainFetch('http://127.0.0.1:1/', { method: 'POST', body: 'x' })).rejects.toMatchObject({
      name: 'TypeError',
      message: 'fetch failed',
    });
    // The connection dropped halfway through the answer's body.
    await expect(plainFetch(`${url}/cut`, { method: 'POST', body: 'x' })).rejects.toMatchObject({
      name: 'TypeError',
      message: 'fetch failed',
    });
    const started = Date.now();
    await expect(plainFetch(`${url}/slow`, { method: 'POST', body: 'x', signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_500);
    await expect(plainFetch(url, { signal: AbortSignal.abort() })).rejects.toThrow();
  });

  it('refuses what it cannot send faithfully (a form, a Headers object) rather than send it wrong', async () => {
    await expect(plainFetch(url, { method: 'POST', body: new URLSearchParams({ a: '1' }) })).rejects.toThrow(
      /string, Buffer or Uint8Array/,
    );
    await expect(plainFetch(url, { headers: new Map([['a', '1']]) as unknown as Record<string, string> })).rejects.toThrow(/plain object/);
    expect(seen).toEqual([]);
  });
});
