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
}

export interface Scheduler {
  /** Everything scheduled on `profileId` from `from` to `to` (the scheduler's window by default), earliest first. */
  scheduled(profileId: string, from: number, to?: number): Promise<ScheduledPost[]>;
  /** Unschedules a post: `gone` when the scheduler no longer has it (sent, or deleted already). */
  unschedule(id: string): Promise<'deleted' | 'gone'>;
  /** Schedules a post again, in the future; returns its new id. */
  schedule(post: { profileId: string; text: string; at: number; mediaUrls: readonly string[] }): Promise<string>;
}

/** A refused or failed call to the scheduler (see RemoteError). */
export class SchedulerError extends RemoteError {
  override readonly name: string = 'SchedulerError';
}
