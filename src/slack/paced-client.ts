import { ErrorCode, WebClient, type WebAPICallResult, type WebClientOptions } from '@slack/web-api';
import { PaceInterrupted } from './errors.js';
import type { Pacer } from './pacer.js';

/** The conversation a call is about, for limits kept per conversation. */
function conversationOf(options: Record<string, unknown>): string | undefined {
  return typeof options.channel === 'string' ? options.channel : typeof options.channel_id === 'string' ? options.channel_id : undefined;
}

/** Sees every call about a conversation (see ChannelWatch): may hold it back, or explain a refusal. */
export interface ConversationGate {
  guard(method: string, conversation: string | undefined): void;
  refused(method: string, conversation: string | undefined, error: unknown): Error | undefined;
}

/**
 * The Web API client, with every call waiting for its turn under Slack's rate limits (see
 * Pacer) before it goes. A 429 that comes anyway is not waited out inside the client (which
 * would pause every call of the bot): the call fails with Slack's Retry-After, the pacer keeps
 * that method or conversation quiet until then, and the outbox retries the job at that time.
 */
export class PacedWebClient extends WebClient {
  private readonly waiting = new Set<{ timer: NodeJS.Timeout; until: number; reject: (e: Error) => void }>();
  private interrupted = false;
  private gate: ConversationGate | undefined;

  constructor(
    token: string,
    options: WebClientOptions,
    private readonly pacer: Pacer,
  ) {
    super(token, { ...options, rejectRateLimitedCalls: true });
  }

  override async apiCall(method: string, options: Record<string, unknown> = {}): Promise<WebAPICallResult> {
    const conversation = conversationOf(options);
    this.gate?.guard(method, conversation);
    const wait = this.pacer.reserve(method, conversation);
    if (wait > 0) {
      try {
        await this.sleep(wait);
      } finally {
        this.pacer.done(method, conversation);
      }
    }
    try {
      return await super.apiCall(method, options);
    } catch (error) {
      const e = error as { code?: string; retryAfter?: number } | null | undefined;
      if (e?.code === ErrorCode.RateLimitedError && typeof e.retryAfter === 'number')
        this.pacer.refused(method, conversation, e.retryAfter * 1000);
      throw this.gate?.refused(method, conversation, error) ?? error;
    }
  }

  /** From now on, every call about a conversation passes `gate`. */
  watch(gate: ConversationGate): void {
    this.gate = gate;
  }

  /**
   * Shutting down: calls waiting for their turn (a storm can queue them for minutes) fail with
   * PaceInterrupted instead of holding the stop, and so does any later call that would wait.
   */
  interruptWaits(): void {
    this.interrupted = true;
    const now = Date.now();
    for (const w of this.waiting) {
      clearTimeout(w.timer);
      w.reject(new PaceInterrupted(Math.max(0, w.until - now)));
    }
    this.waiting.clear();
  }

  private sleep(ms: number): Promise<void> {
    if (this.interrupted) return Promise.reject(new PaceInterrupted(ms));
    return new Promise((resolve, reject) => {
      const w = {
        until: Date.now() + ms,
        reject,
        timer: setTimeout(() => {
          this.waiting.delete(w);
          resolve();
        }, ms),
      };
      this.waiting.add(w);
    });
  }
}
