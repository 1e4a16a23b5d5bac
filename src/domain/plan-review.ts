/** A lesson that asks for a change to the crisis plan, until the plan's owner confirms it made. */
export interface PlanChange {
  readonly id: number;
  readonly crisisId: number;
  readonly crisisTitle: string;
  readonly channelId: string | null;
  readonly text: string;
  readonly by: string;
  readonly at: number;
}

/** `started`: the reviews began (the bot first ran with review_every); `confirmed`: the owner confirmed the roster and contacts. */
export interface PlanReview {
  readonly id: number;
  readonly kind: 'started' | 'confirmed';
  readonly by: string | null;
  readonly at: number;
  /** For a confirmation: the ask it answers. */
  readonly askedAt: number | null;
}

/** A review reminder that is not confirmed is repeated this often (or every review_every, if shorter). */
export const REVIEW_REMINDER_MS = 7 * 24 * 3_600_000;

/** When the owner is due to confirm the plan again: review_every after the last review. */
export const reviewDueAt = (last: Pick<PlanReview, 'at'>, everyMs: number): number => last.at + everyMs;
