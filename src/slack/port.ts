import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { SlackIO } from '../jobs/ports/slack.js';
import { slackError } from './errors.js';
import { fileShared, postOnce } from './post-once.js';
import { shareFile } from './upload-file.js';

/**
 * Slack as the jobs use it (jobs/ports/slack): the Web API client for plain calls, posts and
 * uploads that happen once across crashes, file shares streamed from disk, and Slack's refusal
 * code of a failed call.
 */
export function slackPort(client: WebClient, botUserId: string, log: Logger): SlackIO {
  const io = { client, botUserId, log };
  return {
    client,
    botUserId,
    post: (job, channel, message, part) => postOnce(io, job, channel, message, part),
    fileShared: (job, channel, filename, threadTs) => fileShared(io, job, channel, filename, threadTs),
    shareFile: (share) => shareFile(client, share),
    refusal: slackError,
  };
}
