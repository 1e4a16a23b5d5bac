import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Posted, PostingJob } from '../jobs/ports/slack.js';

/** What posting once needs: a client, who the bot is (its own messages), somewhere to log. */
interface PostingIO {
  readonly client: WebClient;
  readonly botUserId: string;
  readonly log: Logger;
}

const EVENT_TYPE = 'crisis_bot_post';

/**
 * chat.postMessage has no idempotency key, so each post carries its job's tag in message
 * metadata (with `part` when a job posts several). A retried job (one that may have posted
 * before a crash or a lost answer) first looks for its tag in the conversation and adopts that
 * message instead of posting twice.
 */
export async function postOnce(
  ctx: PostingIO,
  job: PostingJob,
  channel: string,
  message: { text: string; blocks: KnownBlock[]; threadTs?: string },
  part?: number,
): Promise<Posted> {
  if (job.tag === undefined) throw new Error('postOnce needs a job kind that declares a tag');
  const tag = part === undefined ? job.tag : `${job.tag}:${part}`;
  const { threadTs, ...content } = message;
  if (job.attempts > 0) {
    const found = await findTagged(ctx, channel, tag, threadTs);
    if (found) {
      ctx.log.info({ tag, channel: found.channel }, 'adopted a message posted by an interrupted attempt');
      return found;
    }
  }
  const res = await ctx.client.chat.postMessage({
    channel,
    ...content,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    metadata: { event_type: EVENT_TYPE, event_payload: { tag } },
  });
  return { channel: res.channel!, ts: res.ts! };
}

async function findTagged(ctx: PostingIO, channel: string, tag: string, threadTs?: string): Promise<Posted | undefined> {
  // A page is posted to a user id; its history lives in the bot's DM with them.
  const conversation = /^[UW]/.test(channel) ? (await ctx.client.conversations.open({ users: channel })).channel?.id : channel;
  if (!conversation) return undefined;
  // A reply lives in its thread, which the channel's history does not show.
  const history = threadTs
    ? await ctx.client.conversations.replies({ channel: conversation, ts: threadTs, limit: 200, include_all_metadata: true })
    : await ctx.client.conversations.history({ channel: conversation, limit: 100, include_all_metadata: true });
  const hit = history.messages?.find(
    (m) => m.metadata?.event_type === EVENT_TYPE && (m.metadata.event_payload as { tag?: unknown }).tag === tag,
  );
  return hit?.ts ? { channel: conversation, ts: hit.ts } : undefined;
}

/**
 * Slack answers files.completeUploadExternal before the share shows in the channel; a retry
 * that looks too soon looks once more after this long.
 */
const SHARE_VISIBLE_MS = 3_000;

/**
 * A file upload has no idempotency key either. Sharing a file into a channel is a message there
 * (or in a thread) carrying the file, so a retried upload first looks for its file among the
 * bot's messages since the job was made, twice (see SHARE_VISIBLE_MS), before sharing it again.
 * Answers the id of the file found.
 */
export async function fileShared(
  ctx: PostingIO,
  job: PostingJob,
  channel: string,
  filename: string,
  threadTs?: string,
): Promise<string | undefined> {
  if (job.attempts === 0) return undefined;
  const oldest = String((job.createdAt - 60_000) / 1000);
  for (const pause of [0, SHARE_VISIBLE_MS]) {
    if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
    const found = await findShare(ctx, channel, filename, oldest, threadTs);
    if (found) {
      ctx.log.info({ filename, channel }, 'adopted a file shared by an interrupted attempt');
      return found;
    }
  }
  return undefined;
}

async function findShare(
  ctx: PostingIO,
  channel: string,
  filename: string,
  oldest: string,
  threadTs?: string,
): Promise<string | undefined> {
  let cursor: string | undefined;
  do {
    const params = { channel, oldest, limit: 200, ...(cursor ? { cursor } : {}) };
    const page = threadTs
      ? await ctx.client.conversations.replies({ ...params, ts: threadTs })
      : await ctx.client.conversations.history(params);
    for (const m of page.messages ?? []) {
      const file = m.user === ctx.botUserId ? m.files?.find((f) => f.name === filename) : undefined;
      if (file?.id) return file.id;
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return undefined;
}
