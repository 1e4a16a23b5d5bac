import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';

// Slack as the jobs use it. Implemented by the Slack adapter (slack/port.ts) and handed to the
// jobs in their context, so no job imports anything of src/slack.

/** A message as views hand it to Slack: the notification text and the blocks. */
export interface RenderedMessage {
  text: string;
  blocks: KnownBlock[];
}

/** The job a post or an upload belongs to: whether it ran before, since when, and its tag. */
export interface PostingJob {
  /** Attempts before this one: more than 0 means an earlier one may have reached Slack. */
  readonly attempts: number;
  readonly createdAt: number;
  readonly tag: string | undefined;
}

export interface Posted {
  channel: string;
  ts: string;
}

/** A file to share in a channel: a file on disk (streamed) or text the bot made (a debrief). */
export type FileShare = {
  channel: string;
  filename: string;
  title: string;
  /** A message posted with the share. */
  initialComment?: string;
  /** Shared as a reply in this message's thread. */
  threadTs?: string;
} & (
  | {
      /** The file on disk; it is streamed, never read into memory whole. */
      file: string;
    }
  | {
      /** Text the bot made (a debrief): sent as it is. */
      content: string;
    }
);

export interface SlackIO {
  /** The Web API client, for plain calls (create a channel, invite, update a message). */
  readonly client: WebClient;
  readonly botUserId: string;
  /** Posts unless an earlier attempt of this job already did; `threadTs`: as a reply in that message's thread. */
  post(job: PostingJob, channel: string, message: RenderedMessage & { threadTs?: string }, part?: number): Promise<Posted>;
  /** The file's id if an earlier attempt of this job already shared `filename` in `channel` (in `threadTs`'s thread). */
  fileShared(job: PostingJob, channel: string, filename: string, threadTs?: string): Promise<string | undefined>;
  /** Shares the file; answers its id. */
  shareFile(share: FileShare): Promise<string>;
  /** The `error` Slack answered with (`name_taken`, `not_in_channel` …), if the call reached Slack. */
  refusal(error: unknown): string | undefined;
}
