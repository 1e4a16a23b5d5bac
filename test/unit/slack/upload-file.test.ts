import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackRetryPolicy } from '../../../src/slack/errors.js';
import { shareFile } from '../../../src/slack/upload-file.js';

// The upload URL's side of a file share, answered by a local server; the two Web API calls by a
// recording client. The whole flow against the Slack stand-in is in test/e2e/chart.test.ts.

let dir: string;
let server: Server;
let status: number;
let received: { headers: IncomingHttpHeaders; bytes: Buffer }[];
let calls: { method: string; args: unknown }[];

const client = (url: string) =>
  ({
    files: {
      getUploadURLExternal: (args: unknown) => (
        calls.push({ method: 'files.getUploadURLExternal', args }),
        Promise.resolve({ ok: true, upload_url: url, file_id: 'F1' })
      ),
      completeUploadExternal: (args: unknown) => (
        calls.push({ method: 'files.completeUploadExternal', args }),
        Promise.resolve({ ok: true })
      ),
    },
  }) as unknown as WebClient;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upload-file-'));
  status = 200;
  received = [];
  calls = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, bytes: Buffer.concat(chunks) });
      res.writeHead(status).end(status === 200 ? 'OK' : 'Service Unavailable');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const uploadUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload/F1`;

describe('shareFile', () => {
  it('asks for an upload URL with the file size, sends exactly the file with no token, then shares it with its title', async () => {
    const bytes = Buffer.alloc(300 * 1024, 7);
    writeFileSync(join(dir, 'chart.png'), bytes);
    await shareFile(client(uploadUrl()), { channel: 'C1', file: join(dir, 'chart.png'), filename: 'chart-c.png', title: 'Chart' });
    expect(calls).toEqual([
      { method: 'files.getUploadURLExternal', args: { filename: 'chart-c.png', length: bytes.length } },
      { method: 'files.completeUploadExternal', args: { files: [{ id: 'F1', title: 'Chart' }], channel_id: 'C1' } },
    ]);
    expect(received).toHaveLength(1);
    expect(received[0]!.bytes.equals(bytes)).toBe(true);
    expect(received[0]!.headers['content-length']).toBe(String(bytes.length));
    expect(received[0]!.headers.authorization).toBeUndefined();
  });

  it('reports a refused upload as an HTTP failure the outbox retries, and shares nothing', async () => {
    writeFileSync(join(dir, 'chart.png'), 'png');
    status = 503;
    const error = await shareFile(client(uploadUrl()), {
      channel: 'C1',
      file: join(dir, 'chart.png'),
      filename: 'c.png',
      title: 'Chart',
    }).catch((e: unknown) => e);
    expect(slackRetryPolicy.transient(error)).toBe(true);
    expect(slackRetryPolicy.describe(error)).toBe('HTTP 503');
    expect(calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal']);
  });

  it('reports an unreachable upload URL as a network failure the outbox retries', async () => {
    writeFileSync(join(dir, 'chart.png'), 'png');
    const url = uploadUrl();
    await new Promise((resolve) => server.close(resolve));
    const error = await shareFile(client(url), { channel: 'C1', file: join(dir, 'chart.png'), filename: 'c.png', title: 'Chart' }).catch(
      (e: unknown) => e,
    );
    expect(slackRetryPolicy.transient(error)).toBe(true);
    expect(slackRetryPolicy.describe(error)).toBe('network error');
    expect(calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal']);
  });
});
