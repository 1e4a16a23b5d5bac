import { RemoteError } from './remote-error.js';

// The publishing scheduler (Hootsuite) as the freeze's jobs use it. Implemented by its client
// (hootsuite/client.ts).

/** A scheduled post, with everything needed to schedule it again. */
export interface ScheduledPost {
  readonly id: string;
  readonly profileId: string;
  readonly text: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly mediaUrls: readonly string[];
  /** Waiting for approval in the scheduler: it goes out once someone approves it, so it is held too. */
  readonly awaitingApproval: boolean;
  /** The whole message as the scheduler returned it: what a restore sends back. */
  readonly message: Readonly<Record<string, unknown>>;
}

/** A post to schedule again: the kept message (if the copy has it) at a time. */
export interface PostToRestore {
  readonly profileId: string;
  readonly text: string;
  readonly at: number;
  readonly mediaUrls: readonly string[];
  readonly message: Readonly<Record<string, unknown>> | null;
}

/**
 * What a list found: the posts, and, when the scheduler answered only in part, its words for
 * what it could not list (those are the owners' to find and pause by hand).
 */
export interface ScheduledList {
  readonly posts: ScheduledPost[];
  readonly unlisted: readonly string[];
}

export interface Scheduler {
  /** Everything scheduled or waiting for approval on `profileId` from `from` to `to` (the scheduler's window by default), earliest first. */
  scheduled(profileId: string, from: number, to?: number): Promise<ScheduledList>;
  /** Unschedules a post: `gone` when the scheduler no longer has it (sent, or deleted already). */
  unschedule(id: string): Promise<'deleted' | 'gone'>;
  /** Schedules a post again, in the future, with everything it carried; its new id, and whether it waits for approval there. */
  schedule(post: PostToRestore): Promise<{ id: string; pending: boolean }>;
  /** Sends `text` on a profile now (an approved statement): its id and its state there. */
  publishNow(profileId: string, text: string): Promise<SentMessage>;
  /** A message as the scheduler has it now: its state, and once sent, the post's link. */
  message(id: string): Promise<SentMessage>;
  /** A message with exactly `text` on a profile from `from` to `to`, in any state: what an attempt whose answer was lost made. */
  findByText(profileId: string, text: string, from: number, to: number): Promise<SentMessage | undefined>;
}

/** A message the bot sent: SENT once out, PENDING_APPROVAL while it waits for someone in the scheduler. */
export interface SentMessage {
  readonly id: string;
  readonly state: string;
  /** The post on the network, once sent (Hootsuite gives it for some networks), else the profile's page. */
  readonly url: string | undefined;
}

/** A refused or failed call to the scheduler (see RemoteError). */
export class SchedulerError extends RemoteError {
  override readonly name: string = 'SchedulerError';
}
