import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { slackError } from './errors.js';
import { fileShared, postOnce, type Posted, type PostingJob } from './post-once.js';
import type { RenderedMessage } from './views/context.js';

/**
 * Slack as the jobs use it: the Web API client for plain calls, posts and uploads that happen
 * once across crashes, and Slack's refusal code of a failed call. Handed to jobs in their
 * context, so declaring a job (which services do to file one) loads nothing of Slack's.
 */
export interface SlackPort {
  readonly client: WebClient;
  readonly botUserId: string;
  /** Posts unless an earlier attempt of this job already did (see postOnce). */
  /** `threadTs`: as a reply in that message's thread. */
  post(job: PostingJob, channel: string, message: RenderedMessage & { threadTs?: string }, part?: number): Promise<Posted>;
  /** Whether an earlier attempt of this job already shared `filename` in `channel`. */
  fileShared(job: PostingJob, channel: string, filename: string): Promise<boolean>;
  /** The `error` Slack answered with (`name_taken`, `not_in_channel` …), if the call reached Slack. */
  refusal(error: unknown): string | undefined;
}

export function slackPort(client: WebClient, botUserId: string, log: Logger): SlackPort {
  const io = { client, botUserId, log };
  return {
    client,
    botUserId,
    post: (job, channel, message, part) => postOnce(io, job, channel, message, part),
    fileShared: (job, channel, filename) => fileShared(io, job, channel, filename),
    refusal: slackError,
  };
}
