import type { Plan, PlanAccount } from '../config/plan.js';

/** One account's publishing freeze in one crisis (see store/schema accountFreezes). */
export interface AccountFreeze {
  readonly id: number;
  readonly crisisId: number;
  readonly account: string;
  readonly handle: string | null;
  readonly askedAt: number;
  /** Null with `frozenAt` set: the bot paused it through the scheduler itself (a sev1 opening). */
  readonly frozenBy: string | null;
  readonly frozenAt: number | null;
  readonly releasedAt: number | null;
  /** With a scheduler: when the bot began holding posts back, and when it had them all saved. */
  readonly holdStartedAt: number | null;
  readonly heldAt: number | null;
  /** What the scheduler answered when it would not list the posts (see SchedulerError.shown). */
  readonly holdFailure: string | null;
  /** The scheduler listed only part of the posts (its words for the rest): those are the owners' to pause by hand. */
  readonly holdIncomplete: string | null;
  readonly resumedBy: string | null;
  readonly resumedAt: number | null;
}

/** "Instagram @example", as people name an account. */
export const accountLabel = (f: { readonly account: string; readonly handle: string | null | undefined }): string =>
  f.handle ? `${f.account} ${f.handle}` : f.account;

/** How long an account was frozen: from Paused until the freeze was released (close), or until `now`. */
export function frozenFor(f: AccountFreeze, now: number): number | undefined {
  return f.frozenAt === null ? undefined : (f.releasedAt ?? now) - f.frozenAt;
}

/** The plan's account a freeze row is for (the plan may have changed since: then none). */
export function planAccount(plan: Pick<Plan, 'accounts'>, freeze: Pick<AccountFreeze, 'account' | 'handle'>): PlanAccount | undefined {
  return plan.accounts.find((a) => a.name === freeze.account && (a.handle ?? null) === freeze.handle);
}
