/**
 * Posts the bot held back in a scheduler (Hootsuite) during a publishing freeze. Hootsuite has
 * no pause and no undelete, so holding a post back means keeping a full copy here first, then
 * unscheduling it there; resuming means scheduling the copy again.
 *
 *   saved     the copy is kept; not yet unscheduled (a restart unschedules it)
 *   held      unscheduled by the bot
 *   gone      the scheduler no longer had it when the bot came to unschedule it (sent, or
 *             deleted by someone else): not the bot's to restore
 *   refused   the scheduler would not unschedule it: still scheduled there, to remove by hand
 *   restoring Resume posts was pressed; being scheduled again
 *   restored  scheduled again (with a new id)
 *   failed    could not be scheduled again: reported with its saved content
 */
export type HeldState = 'saved' | 'held' | 'gone' | 'refused' | 'restoring' | 'restored' | 'failed';

export interface HeldPost {
  readonly id: number;
  readonly freezeId: number;
  readonly crisisId: number;
  readonly profileId: string;
  readonly externalId: string;
  readonly text: string;
  readonly scheduledAt: number;
  readonly mediaUrls: readonly string[];
  /** The whole message as the scheduler returned it; null for copies kept before the bot kept it whole. */
  readonly message: Readonly<Record<string, unknown>> | null;
  /** It was waiting for approval in the scheduler when it was held back. */
  readonly awaitingApproval: boolean;
  /** Scheduled again, it waits for approval in the scheduler (a member who publishes with approval). */
  readonly restoredPending: boolean;
  readonly savedAt: number;
  /** When a later look caught it (scheduled after the freeze began); null for the posts held at first. */
  readonly caughtAt: number | null;
  readonly state: HeldState;
  readonly heldAt: number | null;
  readonly restoreAt: number | null;
  readonly restoredId: string | null;
  readonly restoredAt: number | null;
  readonly failure: string | null;
}

/**
 * How far ahead a post must be scheduled when it is resumed. Hootsuite's description does not
 * say how close to now a scheduled time may be; a post due sooner than this is treated as
 * overdue and given a new time.
 */
export const RESUME_LEAD_MS = 5 * 60_000;

export type HeldTally = Record<HeldState, number> & { readonly total: number };

export function tally(posts: readonly HeldPost[]): HeldTally {
  const t = { saved: 0, held: 0, gone: 0, refused: 0, restoring: 0, restored: 0, failed: 0, total: posts.length };
  for (const p of posts) t[p.state]++;
  return t;
}

/** The posts a resume would schedule again: every post the bot unscheduled. */
export const resumable = (posts: readonly HeldPost[]): HeldPost[] => posts.filter((p) => p.state === 'held');

/** Held posts whose time has passed (or is too close to schedule): they need a new time. */
export const overdue = (posts: readonly HeldPost[], now: number): HeldPost[] =>
  resumable(posts).filter((p) => p.scheduledAt < now + RESUME_LEAD_MS);

/**
 * When each held post goes out again. Posts still ahead keep their time; overdue ones follow
 * `firstNew` in their old order and spacing (the first overdue post at `firstNew`), so a series
 * planned an hour apart stays an hour apart. Undefined when posts are overdue and no time was
 * given, or the time given is itself too soon.
 */
export function resumeTimes(posts: readonly HeldPost[], firstNew: number | undefined, now: number): Map<number, number> | undefined {
  const late = overdue(posts, now).sort((a, b) => a.scheduledAt - b.scheduledAt);
  if (late.length && (firstNew === undefined || firstNew < now + RESUME_LEAD_MS)) return undefined;
  const times = new Map<number, number>();
  const origin = late[0]?.scheduledAt ?? 0;
  for (const p of resumable(posts)) times.set(p.id, late.includes(p) ? firstNew! + (p.scheduledAt - origin) : p.scheduledAt);
  return times;
}
