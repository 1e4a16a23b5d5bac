/** A payload its kind's schema refuses: retrying cannot help, so the job fails at once. */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';
}

/** How the worker tells failures apart; the Slack and scheduler clients each supply their part. */
export interface RetryPolicy {
  /** Whether the error may go away by itself (rate limit, 5xx, network). */
  transient(error: unknown): boolean;
  /** When to try again without counting an attempt, when the call was not sent (a rate limit's Retry-After). */
  retryAfterMs?(error: unknown): number | undefined;
  describe(error: unknown): string;
}
