import { ErrorCode, type WebAPIPlatformError } from '@slack/web-api';
import type { RetryPolicy } from '../outbox/errors.js';

/**
 * A call the bot stopped waiting for because it is shutting down: Slack never saw it, so the
 * outbox files its job again for when its turn would have come, without counting an attempt.
 */
export class PaceInterrupted extends Error {
  constructor(readonly retryAfterMs: number) {
    super('stopped while waiting for a turn under Slack rate limits');
    this.name = 'PaceInterrupted';
  }
}

/**
 * A post to a channel of the plan the bot is not in (any more): not sent, and not given up. The
 * outbox keeps the job, untried, and runs it once the bot is back in (see ChannelWatch).
 */
export class ChannelUnreachable extends Error {
  constructor(
    readonly channel: string,
    readonly code: string,
    readonly retryAfterMs: number,
  ) {
    super(ChannelUnreachable.reason(channel));
    this.name = 'ChannelUnreachable';
  }

  /** What the outbox records for every job waiting on this channel, so they can be woken. */
  static reason(channel: string): string {
    return `waiting for the bot to be back in ${channel}`;
  }
}

const TRANSIENT_PLATFORM = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** The `error` Slack answered with, when the call reached Slack and was refused. */
export function slackError(error: unknown): string | undefined {
  const e = error as Partial<WebAPIPlatformError> | null | undefined;
  return e?.code === ErrorCode.PlatformError ? e.data?.error : undefined;
}

/**
 * Rate limits, 5xx and network failures pass; a refusal such as `channel_not_found` rarely
 * does. The WebClient has already retried by the time an error gets here.
 */
export const slackRetryPolicy: RetryPolicy = {
  transient(error) {
    const code = (error as { code?: string } | null | undefined)?.code;
    if (code === ErrorCode.RateLimitedError || code === ErrorCode.HTTPError || code === ErrorCode.RequestError) return true;
    const platform = slackError(error);
    return platform !== undefined && TRANSIENT_PLATFORM.has(platform);
  },
  /** Slack's Retry-After on a 429: when to try again, rather than the usual backoff. */
  retryAfterMs(error) {
    if (error instanceof PaceInterrupted || error instanceof ChannelUnreachable) return error.retryAfterMs;
    const e = error as { code?: string; retryAfter?: number } | null | undefined;
    return e?.code === ErrorCode.RateLimitedError && typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : undefined;
  },
  /** Never the raw error: some carry request options, and those carry the token. */
  describe(error) {
    const e = error as { code?: string; statusCode?: number; retryAfter?: number; message?: string } | null | undefined;
    const platform = slackError(error);
    if (platform) return `slack answered ${platform}`;
    if (e?.code === ErrorCode.RateLimitedError) return `rate limited (retry after ${e.retryAfter}s)`;
    if (error instanceof PaceInterrupted) return 'stopped while waiting for its turn under Slack rate limits';
    if (error instanceof ChannelUnreachable) return error.message;
    if (e?.code === ErrorCode.HTTPError) return `HTTP ${e.statusCode}`;
    if (e?.code === ErrorCode.RequestError) return 'network error';
    return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
  },
};
