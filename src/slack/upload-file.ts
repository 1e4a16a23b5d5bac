import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { ErrorCode, type WebClient } from '@slack/web-api';
import type { FileShare } from '../jobs/ports/slack.js';
import { requestFor } from '../net/plain-fetch.js';

/** How long the upload of one file's bytes may take before it is given up (and its job retried). */
const UPLOAD_TIMEOUT_MS = 60_000;

/**
 * Shares a file into a channel through Slack's three upload steps, the same ones files.uploadV2
 * takes (files.getUploadURLExternal, the bytes to the URL it gives, files.completeUploadExternal),
 * but with a file's bytes streamed from disk. files.uploadV2 takes a Buffer and sends it as a
 * multipart form through fetch: after 80 chart uploads of 200 KiB a process held 13–22 MiB more,
 * the buffers waiting for a full collection that a quiet heap does not run; streamed, 3 MiB. The
 * two Web API calls go through `client` (paced and retried like any other); a failure to send the
 * bytes is reported as the WebClient reports an HTTP or network failure, so the outbox retries it.
 */
export async function shareFile(client: WebClient, share: FileShare): Promise<string> {
  const bytes = 'content' in share ? Buffer.from(share.content, 'utf8') : undefined;
  const size = bytes ? bytes.length : (await stat((share as { file: string }).file)).size;
  const target = await client.files.getUploadURLExternal({ filename: share.filename, length: size });
  if (!target.upload_url || !target.file_id) throw new Error('files.getUploadURLExternal answered without an upload URL');
  await sendBytes(target.upload_url, bytes ?? (share as { file: string }).file, size);
  await client.files.completeUploadExternal({
    files: [{ id: target.file_id, title: share.title }],
    channel_id: share.channel,
    ...(share.initialComment === undefined ? {} : { initial_comment: share.initialComment }),
    ...(share.threadTs === undefined ? {} : { thread_ts: share.threadTs }),
  });
  return target.file_id;
}

/** The upload URL is signed for this one file: no token goes with it. */
function sendBytes(url: string, source: string | Buffer, size: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const req = requestFor(url)(
      url,
      { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': size }, timeout: UPLOAD_TIMEOUT_MS },
      (res) => {
        res.resume();
        res.once('end', () => (res.statusCode === 200 ? resolve() : reject(httpError(res.statusCode ?? 0))));
        res.once('error', (error) => reject(requestError(error)));
      },
    );
    req.once('timeout', () => req.destroy(new Error(`upload took over ${UPLOAD_TIMEOUT_MS} ms`)));
    req.once('error', (error) => reject(requestError(error)));
    if (typeof source === 'string') pipeline(createReadStream(source), req).catch((error: unknown) => reject(requestError(error as Error)));
    else req.end(source);
  });
}

const httpError = (statusCode: number) =>
  Object.assign(new Error(`the upload of the file's bytes was answered ${statusCode}`), { code: ErrorCode.HTTPError, statusCode });
const requestError = (original: Error) =>
  Object.assign(new Error(`the upload of the file's bytes failed: ${original.message}`), { code: ErrorCode.RequestError, original });
