// Slack's rate limits as the stand-in models them, when a test switches them on
// (`standin.limitRates()`): each Web API method is limited by its tier for the whole app, and
// chat.postMessage by conversation, about one a second with short bursts. Over a limit, Slack
// answers HTTP 429 with Retry-After and does nothing. Modelled as a generic cell rate
// (each call takes the next slot; a burst may borrow a few slots ahead), which is how Slack
// describes them: "N+ per minute, with occasional bursts".

export interface Rate {
  readonly perMinute: number;
  /** Calls that may go at once after a quiet time. */
  readonly burst: number;
}

/** https://api.slack.com/apis/rate-limits: Tier 2 20+/min, Tier 3 50+/min, Tier 4 100+/min. */
export const SLACK_TIERS = {
  tier2: { perMinute: 20, burst: 10 },
  tier3: { perMinute: 50, burst: 20 },
  tier4: { perMinute: 100, burst: 40 },
} as const;

/** The tier of each method the bot calls (Slack's method pages). */
export const METHOD_TIERS: Readonly<Record<string, Rate>> = {
  'conversations.create': SLACK_TIERS.tier2,
  'conversations.setTopic': SLACK_TIERS.tier2,
  'conversations.list': SLACK_TIERS.tier2,
  'users.list': SLACK_TIERS.tier2,
  'conversations.invite': SLACK_TIERS.tier3,
  'conversations.join': SLACK_TIERS.tier3,
  'conversations.open': SLACK_TIERS.tier3,
  'conversations.history': SLACK_TIERS.tier3,
  'conversations.replies': SLACK_TIERS.tier3,
  'conversations.info': SLACK_TIERS.tier3,
  'users.lookupByEmail': SLACK_TIERS.tier3,
  'dnd.teamInfo': SLACK_TIERS.tier2,
  'chat.update': SLACK_TIERS.tier3,
  'files.getUploadURLExternal': SLACK_TIERS.tier4,
  'files.completeUploadExternal': SLACK_TIERS.tier4,
  'files.delete': SLACK_TIERS.tier3,
  'views.open': SLACK_TIERS.tier4,
  'views.publish': SLACK_TIERS.tier4,
};

/** chat.postMessage: about one message per second per conversation, "short bursts" allowed. */
export const POST_PER_CONVERSATION: Rate = { perMinute: 60, burst: 5 };

export class RateModel {
  /** The theoretical arrival time of the next call, per key. */
  private readonly next = new Map<string, number>();
  refused = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  /**
   * Whether a call may go now; if it may, it takes its slot. If not, how many whole seconds
   * until it may (what Slack puts in Retry-After).
   */
  admit(method: string, conversation: string | undefined): { ok: true } | { ok: false; retryAfterSec: number } {
    const rate = method === 'chat.postMessage' ? POST_PER_CONVERSATION : METHOD_TIERS[method];
    if (!rate) return { ok: true };
    const key = method === 'chat.postMessage' ? `${method}:${conversation ?? ''}` : method;
    const now = this.clock();
    const interval = 60_000 / rate.perMinute;
    const tolerance = (rate.burst - 1) * interval;
    const tat = Math.max(this.next.get(key) ?? now, now);
    if (tat - tolerance > now) {
      this.refused++;
      return { ok: false, retryAfterSec: Math.max(1, Math.ceil((tat - tolerance - now) / 1000)) };
    }
    this.next.set(key, tat + interval);
    return { ok: true };
  }
}
