import { ErrorCode, WebClient, type WebAPICallResult, type WebClientOptions } from '@slack/web-api';
import type { Pacer } from './pacer.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The conversation a call is about, for limits kept per conversation. */
function conversationOf(options: Record<string, unknown>): string | undefined {
  return typeof options.channel === 'string' ? options.channel : undefined;
}

/**
 * The Web API client, with every call waiting for its turn under Slack's rate limits (see
 * Pacer) before it goes. A 429 that comes anyway is not waited out inside the client (which
 * would pause every call of the bot): the call fails with Slack's Retry-After, the pacer keeps
 * that method or conversation quiet until then, and the outbox retries the job at that time.
 */
export class PacedWebClient extends WebClient {
  constructor(
    token: string,
    options: WebClientOptions,
    private readonly pacer: Pacer,
  ) {
    super(token, { ...options, rejectRateLimitedCalls: true });
  }

  override async apiCall(method: string, options: Record<string, unknown> = {}): Promise<WebAPICallResult> {
    // files.uploadV2 is three calls in one; the two Web API ones are paced as they go.
    if (method === 'files.uploadV2') return super.apiCall(method, options);
    const conversation = conversationOf(options);
    const wait = this.pacer.reserve(method, conversation);
    if (wait > 0) {
      await sleep(wait);
      this.pacer.done(method, conversation);
    }
    try {
      return await super.apiCall(method, options);
    } catch (error) {
      const e = error as { code?: string; retryAfter?: number };
      if (e?.code === ErrorCode.RateLimitedError && typeof e.retryAfter === 'number') this.pacer.refused(method, conversation, e.retryAfter * 1000);
      throw error;
    }
  }
}
