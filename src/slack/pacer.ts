/**
 * Slack's rate limits, kept by the bot itself so bursts wait in the bot instead of being
 * refused: each Web API method by its tier (for the whole app), and chat.postMessage per
 * conversation, about one a second with short bursts (https://api.slack.com/apis/rate-limits).
 * A little under Slack's figures. Each call takes the next free slot of its key (a generic cell
 * rate: a burst may borrow a few slots ahead), so calls to one channel queue behind each other
 * and never behind another channel's.
 */

export interface Rate {
  readonly perMinute: number;
  /** Calls that may go at once after a quiet time. */
  readonly burst: number;
}

export const TIERS = {
  tier2: { perMinute: 20, burst: 5 },
  tier3: { perMinute: 50, burst: 10 },
  tier4: { perMinute: 100, burst: 20 },
} as const satisfies Record<string, Rate>;

/** The tier of each method the bot calls; a method not listed is not paced. */
export const METHOD_RATES: Readonly<Record<string, Rate>> = {
  'conversations.create': TIERS.tier2,
  'conversations.setTopic': TIERS.tier2,
  'conversations.list': TIERS.tier2,
  'users.list': TIERS.tier2,
  'conversations.invite': TIERS.tier3,
  'conversations.join': TIERS.tier3,
  'conversations.open': TIERS.tier3,
  'conversations.history': TIERS.tier3,
  'conversations.replies': TIERS.tier3,
  'conversations.info': TIERS.tier3,
  'users.lookupByEmail': TIERS.tier3,
  'chat.update': TIERS.tier3,
  'conversations.members': TIERS.tier4,
  'chat.getPermalink': TIERS.tier4,
  'pins.add': TIERS.tier2,
  'conversations.rename': TIERS.tier2,
  'files.getUploadURLExternal': TIERS.tier4,
  'files.completeUploadExternal': TIERS.tier4,
  'views.open': TIERS.tier4,
  'views.update': TIERS.tier4,
  'users.info': TIERS.tier4,
  'views.publish': TIERS.tier4,
  'dnd.teamInfo': TIERS.tier2,
};

/** chat.postMessage, per conversation (a channel, or a person's DM). */
export const POST_RATE: Rate = { perMinute: 60, burst: 3 };

/** A wait the bot owes Slack, as status shows it. */
export interface PaceWait {
  /** `chat.postMessage` to a conversation, or a method. */
  readonly method: string;
  readonly conversation: string | undefined;
  /** How many calls are waiting for their turn. */
  readonly waiting: number;
  /** Until when the last of them waits. */
  readonly until: number;
}

interface Key {
  readonly method: string;
  readonly conversation: string | undefined;
  readonly rate: Rate;
}

export class Pacer {
  /** The theoretical time of the next call, per key. */
  private readonly next = new Map<string, number>();
  private readonly waits = new Map<string, { key: Key; waiting: number; until: number }>();

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly enabled = true,
  ) {}

  /**
   * Takes the next turn of a call and says how long to wait for it, in ms (0: go now). Waiting
   * callers count until `done` (see PacedWebClient), so status can say what is held back.
   */
  reserve(method: string, conversation?: string): number {
    const key = this.keyOf(method, conversation);
    if (!key) return 0;
    const id = this.idOf(key);
    const now = this.clock();
    const interval = 60_000 / key.rate.perMinute;
    const tolerance = (key.rate.burst - 1) * interval;
    const tat = Math.max(this.next.get(id) ?? now, now);
    this.next.set(id, tat + interval);
    const wait = Math.max(0, tat - tolerance - now);
    if (wait > 0) {
      const w = this.waits.get(id) ?? { key, waiting: 0, until: now };
      w.waiting++;
      w.until = Math.max(w.until, now + wait);
      this.waits.set(id, w);
    }
    return wait;
  }

  /** A call that waited has gone. */
  done(method: string, conversation?: string): void {
    const key = this.keyOf(method, conversation);
    if (!key) return;
    const id = this.idOf(key);
    const w = this.waits.get(id);
    if (!w) return;
    if (--w.waiting <= 0) this.waits.delete(id);
  }

  /** Slack refused anyway (429): nothing more for this key until `retryAfterMs` from now. */
  refused(method: string, conversation: string | undefined, retryAfterMs: number): void {
    const key = this.keyOf(method, conversation);
    if (!key) return;
    const id = this.idOf(key);
    const interval = 60_000 / key.rate.perMinute;
    const tolerance = (key.rate.burst - 1) * interval;
    // The next call may go at now + retryAfter, and only one: no burst right after a refusal.
    this.next.set(id, Math.max(this.next.get(id) ?? 0, this.clock() + retryAfterMs + tolerance));
  }

  /** What is waiting longer than `atLeastMs` now, longest first. */
  longWaits(atLeastMs: number): PaceWait[] {
    const now = this.clock();
    return [...this.waits.values()]
      .filter((w) => w.until - now >= atLeastMs)
      .sort((a, b) => b.until - a.until)
      .map((w) => ({ method: w.key.method, conversation: w.key.conversation, waiting: w.waiting, until: w.until }));
  }

  private keyOf(method: string, conversation: string | undefined): Key | undefined {
    if (!this.enabled) return undefined;
    if (method === 'chat.postMessage') return { method, conversation: conversation ?? '', rate: POST_RATE };
    const rate = METHOD_RATES[method];
    return rate ? { method, conversation: undefined, rate } : undefined;
  }

  private idOf(key: Key): string {
    return key.conversation === undefined ? key.method : `${key.method}:${key.conversation}`;
  }
}
