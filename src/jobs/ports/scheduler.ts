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

/** A refused or failed call to the scheduler. `transient` ones (429, 5xx, no answer) are worth retrying. */
export class SchedulerError extends Error {
  override readonly name: string = 'SchedulerError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: number | undefined,
    readonly retryAfterMs: number | undefined,
    /** The scheduler's own words for it, if it gave any. */
    readonly detail?: string,
  ) {
    super(message);
  }

  /** What people are shown: the status, the scheduler's code and its words, none of them ours; empty when it did not answer. */
  get shown(): string {
    return this.status === undefined
      ? ''
      : [`HTTP ${this.status}`, this.code, this.detail].filter((x) => x !== undefined && x !== '').join(' · ');
  }

  get transient(): boolean {
    return this.status === undefined || this.status === 429 || this.status >= 500;
  }
}
