import type { Logger } from 'pino';
import { ConfigError } from '../config/errors.js';
import type { RosterMember, UnresolvedPlan } from '../config/plan.js';

type PlanMember = UnresolvedPlan['roster'][number];

/** How the directory asks Slack: one email at a time, or the workspace's members a page at a time. */
export interface SlackDirectory {
  /** The user with this email; undefined when Slack knows none. */
  byEmail(email: string): Promise<string | undefined>;
  /** One page of the workspace's people (no bots, no deactivated accounts) and the next cursor. */
  people(cursor: string | undefined): Promise<{ people: readonly { id: string; email: string | undefined }[]; next: string | undefined }>;
}

/** Where matches are kept, so each email is asked about once (RosterRepo). */
export interface MatchStore {
  matched(): Promise<Map<string, string>>;
  remember(matches: readonly { email: string; slackId: string }[], now: number): Promise<void>;
}

/**
 * Up to this many unmatched emails are looked up one by one (Tier 3, about 50 a minute); more
 * are found by listing the workspace's people (Tier 2, but 200 a page): 80 lookups would take
 * Slack's limits over a minute and a half.
 */
export const LOOKUPS_AT_MOST = 5;
export const PEOPLE_PAGE = 200;
const RETRY_FIRST_MS = 1_000;
const RETRY_LAST_MS = 60_000;

/** After the `attempt`th failure in a row (from 0): 1 s, doubling, at most a minute. */
export const backoffMs = (attempt: number): number => Math.min(RETRY_FIRST_MS * 2 ** attempt, RETRY_LAST_MS);

export interface RosterDirectoryOptions {
  members: UnresolvedPlan['roster'];
  file: string;
  slack: SlackDirectory;
  store: MatchStore;
  log: Logger;
  clock?: () => number;
  /** Members just matched: crises already paging their stages page them now. */
  onMatched?: (members: readonly RosterMember[]) => Promise<void> | void;
  /** How long to wait after a failure that may pass (rate limit, Slack down); backoffMs unless said. */
  retryDelayMs?: (attempt: number, error: unknown) => number;
}

/**
 * The roster's Slack users. Members given by id, and emails matched before (kept in SQLite),
 * are known at once; the others are matched in the background after start-up, so a large
 * roster never holds up /healthz or the first crisis. Until matched, a member is not on the
 * roster the bot pages from (`known`); once matched, crises already under way page them.
 */
export class RosterDirectory {
  private readonly ids = new Map<PlanMember, string>();
  private snapshot: readonly RosterMember[] = [];
  /** Set when the bot stops: matching ends quietly and records nothing more. */
  stopped = false;
  private readonly clock: () => number;

  /** The directory, with the members given by id and the emails matched before known at once. */
  static async open(o: RosterDirectoryOptions): Promise<RosterDirectory> {
    return new RosterDirectory(o, await o.store.matched());
  }

  private constructor(
    private readonly o: RosterDirectoryOptions,
    matched: ReadonlyMap<string, string>,
  ) {
    this.clock = o.clock ?? Date.now;
    for (const m of o.members) {
      const id = m.slackId ?? matched.get(m.email!.toLowerCase());
      if (id !== undefined) this.ids.set(m, id);
    }
    this.refresh();
  }

  /** The members whose Slack user is known, in roster order. */
  known(): readonly RosterMember[] {
    return this.snapshot;
  }

  /** Members not matched to a Slack user yet: not paged until they are. */
  unmatched(): readonly PlanMember[] {
    return this.o.members.filter((m) => !this.ids.has(m));
  }

  /**
   * Matches every member still unmatched, retrying failures that may pass for as long as it
   * takes. Rejects with a ConfigError naming the first member Slack does not know: the plan is
   * wrong, as a bad email has always been at start-up.
   */
  async matchAll(): Promise<void> {
    for (let attempt = 0; !this.stopped && this.unmatched().length > 0; attempt++) {
      try {
        await this.matchOnce();
        return;
      } catch (error) {
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may come while matchOnce awaits Slack
        if (this.stopped) return;
        if (error instanceof ConfigError) throw error;
        const delay = this.o.retryDelayMs?.(attempt, error) ?? backoffMs(attempt);
        this.o.log.warn(
          { err: error, unmatched: this.unmatched().length, retryInMs: delay },
          'could not match roster emails to Slack users yet; trying again',
        );
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  }

  private async matchOnce(): Promise<void> {
    const wanted = new Map(this.unmatched().map((m) => [m.email!.toLowerCase(), m]));
    if (wanted.size <= LOOKUPS_AT_MOST) {
      for (const [email, member] of wanted) {
        if (this.stopped) return;
        const id = await this.o.slack.byEmail(member.email!);
        if (id === undefined) throw this.unknown(member);
        await this.matched([{ member, email, id }]);
      }
      return;
    }
    let cursor: string | undefined;
    do {
      if (this.stopped) return;
      const page = await this.o.slack.people(cursor);
      const found = page.people.flatMap((p) => {
        const email = p.email?.toLowerCase();
        const member = email === undefined ? undefined : wanted.get(email);
        return member && email ? [{ member, email, id: p.id }] : [];
      });
      await this.matched(found);
      for (const f of found) wanted.delete(f.email);
      cursor = page.next;
    } while (cursor && wanted.size > 0);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may come while a page is awaited
    if (this.stopped) return;
    const missing = this.unmatched()[0];
    if (missing) throw this.unknown(missing);
  }

  stop(): void {
    this.stopped = true;
  }

  private async matched(found: readonly { member: PlanMember; email: string; id: string }[]): Promise<void> {
    if (found.length === 0 || this.stopped) return;
    await this.o.store.remember(
      found.map((f) => ({ email: f.email, slackId: f.id })),
      this.clock(),
    );
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may come while the matches are written
    if (this.stopped) return;
    for (const f of found) this.ids.set(f.member, f.id);
    this.refresh();
    const names = new Set(found.map((f) => f.member.name));
    await this.o.onMatched?.(this.snapshot.filter((m) => names.has(m.name)));
  }

  private unknown(member: PlanMember): ConfigError {
    return new ConfigError(`${this.o.file}: roster member "${member.name}": Slack knows no user with email ${member.email}`);
  }

  private refresh(): void {
    this.snapshot = Object.freeze(
      this.o.members.flatMap((m) => {
        const slackId = this.ids.get(m);
        return slackId === undefined ? [] : [Object.freeze({ ...m, slackId })];
      }),
    );
  }
}
