import type { Crisis } from '../domain/crisis.js';
import { membersFor, checkMandate } from '../domain/roster.js';
import { REVIEW_REMINDER_MS, reviewDueAt, type PlanChange, type PlanReview } from '../domain/plan-review.js';
import { askPlanReview, planReviewDue } from '../jobs/plan-review.js';
import type { Tx } from '../store/db.js';
import type { ServiceDeps } from './deps.js';
import { UserError } from './errors.js';
import { rememberActor, type Actor } from './people.js';

/** What `/crisis plan` shows beside who would be paged: the plan's upkeep. */
export interface PlanUpkeep {
  readonly lastConfirmed: PlanReview | undefined;
  /** When the owner is next due to confirm, with review_every in the plan. */
  readonly reviewDueAt: number | undefined;
  readonly changes: readonly PlanChange[];
  /** The plan's last rehearsal. */
  readonly lastDrill: Crisis | undefined;
}

/**
 * Keeping the plan true: its owner confirms the roster and contacts every review_every (asked
 * by DM until they do), and confirms each change a lesson asked for once it is in the plan.
 */
export class PlanService {
  constructor(private readonly deps: ServiceDeps) {}

  /** The plan's owners' Slack users: the members the plan's `owner` names. */
  owners(): string[] {
    const { plan } = this.deps;
    return plan.owner ? membersFor(plan, [plan.owner]).map((m) => m.slackId) : [];
  }

  /** `/crisis plan` is for the crisis leads (the close mandate) and the plan's owner. */
  mayRead(userId: string): boolean {
    return this.owners().includes(userId) || checkMandate(this.deps.plan, 'close', userId).allowed;
  }

  assertMayRead(userId: string): void {
    if (this.mayRead(userId)) return;
    const { plan } = this.deps;
    const leads = checkMandate(plan, 'close', userId);
    const holders = new Set([
      ...(leads.allowed ? [] : leads.holders),
      ...(plan.owner ? membersFor(plan, [plan.owner]).map((m) => m.name) : []),
    ]);
    throw new UserError({ code: 'not_plan_keeper', holders: [...holders] });
  }

  async upkeep(): Promise<PlanUpkeep> {
    const { store, plan } = this.deps;
    const [lastConfirmed, last, changes, lastDrill] = await Promise.all([
      store.plan.lastConfirmed(),
      store.plan.lastReview(),
      store.plan.pendingChanges(),
      store.plan.lastDrill(),
    ]);
    const due = plan.reviewEveryMs !== undefined && last ? reviewDueAt(last, plan.reviewEveryMs) : undefined;
    return { lastConfirmed, reviewDueAt: due, changes, lastDrill };
  }

  /**
   * At start: with review_every, the reviews begin (once, whichever instance is first) and the
   * next one's deadline is filed; its key makes a second filing, by a restart or a replica, none.
   */
  async startReviews(): Promise<void> {
    const { store, plan, clock } = this.deps;
    // Not whether the owner is matched yet (an email is matched after start): when it is due.
    if (plan.reviewEveryMs === undefined || plan.owner === undefined) return;
    const now = clock();
    await store.transaction(async (tx) => {
      let last = await store.plan.lastReview(tx);
      if (!last) {
        await store.plan.addReview(tx, { kind: 'started', by: null, at: now });
        last = (await store.plan.lastReview(tx))!;
      }
      await this.fileReview(tx, reviewDueAt(last, plan.reviewEveryMs!));
    });
    this.deps.kick();
  }

  /**
   * The owner's Confirmed on the ask of `askedAt`: the roster and contacts are right as of now,
   * and the next review is filed. Once per ask: a second press shows the first confirmation.
   */
  async confirm(actor: Actor, askedAt: number): Promise<PlanReview> {
    const { store, plan, clock } = this.deps;
    this.assertOwner(actor.id);
    const now = clock();
    const review = await store.transaction(async (tx) => {
      if (await store.plan.confirm(tx, { by: actor.id, at: now, askedAt })) {
        await rememberActor(this.deps, tx, actor, now);
        if (plan.reviewEveryMs !== undefined) await this.fileReview(tx, reviewDueAt({ at: now }, plan.reviewEveryMs));
      }
      return (await store.plan.confirmationOf(askedAt, tx))!;
    });
    this.deps.kick();
    return review;
  }

  /** The owner confirms a lesson's change is in the plan: it leaves /crisis plan's list. Returns its text. */
  async applyChange(lessonId: number, actor: Actor): Promise<string> {
    const { store, clock } = this.deps;
    this.assertOwner(actor.id);
    const change = await store.plan.change(lessonId);
    if (!change || change.kind !== 'plan_change') throw new UserError({ code: 'stale_button' });
    const now = clock();
    await store.transaction(async (tx) => {
      if (!(await store.plan.applied(tx, lessonId, actor.id, now)))
        throw new UserError({ code: 'plan_change_applied', by: (await store.plan.change(lessonId, tx))!.appliedBy! });
      await rememberActor(this.deps, tx, actor, now);
    });
    return change.text;
  }

  /**
   * The review's deadline: confirmed since it was filed, nothing (the confirmation filed the
   * next); else every owner is asked, and asked again a week on (or review_every, if shorter).
   */
  async onReviewDue(tx: Tx, at: number, now: number): Promise<void> {
    const { store, plan, outbox } = this.deps;
    if (plan.reviewEveryMs === undefined) return;
    const last = await store.plan.lastReview(tx);
    if (last && reviewDueAt(last, plan.reviewEveryMs) > at) return;
    for (const user of this.owners()) await outbox.enqueue(tx, askPlanReview, { crisisId: null, payload: { user, at: now }, runAt: now });
    await this.fileReview(tx, now + Math.min(REVIEW_REMINDER_MS, plan.reviewEveryMs));
  }

  private async fileReview(tx: Tx, at: number): Promise<void> {
    await this.deps.outbox.enqueue(tx, planReviewDue, { crisisId: null, payload: { at }, runAt: at });
  }

  /** Confirming the plan and its changes is its owner's; without an owner in the plan, the crisis leads'. */
  private assertOwner(userId: string): void {
    const { plan } = this.deps;
    const owners = this.owners();
    if (owners.includes(userId)) return;
    if (!plan.owner && checkMandate(plan, 'close', userId).allowed) return;
    const holders = plan.owner ? membersFor(plan, [plan.owner]) : plan.mandates.close ? membersFor(plan, plan.mandates.close) : plan.roster;
    throw new UserError({ code: 'not_plan_owner', holders: holders.map((m) => m.name) });
  }
}
