import type { Crisis } from '../domain/crisis.js';
import { membersFor } from '../domain/roster.js';
import type { DebriefRevision } from '../domain/debrief.js';
import { ACTION_REMINDER_MS, DUE_DAY_HOUR, type FollowUp } from '../domain/learning.js';
import { atLocalTime, isoDay } from '../domain/time.js';
import { actionDue, askFeedback, postQa, remindAction, sendAction } from '../jobs/learning.js';
import type { Tx } from '../store/db.js';
import type { LearningRepo } from '../store/learning-repo.js';
import type { DebriefService } from './debrief-service.js';
import type { ServiceDeps } from './deps.js';
import { tickCondition } from './conditions.js';
import { UserError } from './errors.js';
import { rememberActor, type Actor } from './people.js';

/**
 * Briefing the staff and learning: the internal Q&A (published to the staff channel as one
 * message, updated in place), lessons, the "what went well, what to improve" asked of everyone
 * paged at close, and follow-up actions with owners, reminded weekly until done. What arrives
 * after the close makes a new version of the debrief.
 */
export class LearningService {
  constructor(private readonly deps: ServiceDeps & { learning: LearningRepo; debriefs: DebriefService; actionReminderMs?: number }) {}

  addQa(crisis: Crisis, actor: Actor, question: string, answer: string): Promise<number> {
    const { learning, clock } = this.deps;
    const now = clock();
    return this.deps.store.transaction(async (tx) => {
      const current = await this.live(tx, crisis.id, true);
      await learning.addQa(tx, { crisisId: current.id, question, answer, addedBy: actor.id, addedAt: now });
      await rememberActor(this.deps, tx, actor, now);
      return (await learning.qaOf(current.id, tx)).length;
    });
  }

  /** Posts the Q&A to the staff channel, or updates the message already there. Returns the entries. */
  async publishQa(crisis: Crisis, actor: Actor): Promise<number> {
    const { learning, plan, outbox, clock, store } = this.deps;
    // A drill's Q&A goes to its own channel, never to the staff's.
    if (!plan.staffChannel && !crisis.drill) throw new UserError({ code: 'no_staff_channel' });
    const now = clock();
    const count = await store.transaction(async (tx) => {
      const current = await this.live(tx, crisis.id, false);
      const count = (await learning.qaOf(current.id, tx)).length;
      if (count === 0) throw new UserError({ code: 'qa_empty' });
      await rememberActor(this.deps, tx, actor, now);
      await store.timeline.add(tx, current.id, now, actor.id, { kind: 'qa_published', count });
      const ticked = await tickCondition(this.deps, tx, current.id, 'qa_published', actor.id, now);
      // Posted once (its key); every publish then brings it and its thread up to date.
      await outbox.enqueue(tx, postQa, { crisisId: current.id, runAt: now });
      await this.deps.changes.report(tx, current.id, { qa: true, checklist: ticked }, now);
      return count;
    });
    this.deps.kick();
    return count;
  }

  /** Also after the close, in the closed crisis's channel: the debrief gets a new version then. */
  async addLesson(crisis: Crisis, actor: Actor, text: string, planChange = false): Promise<void> {
    const { learning, clock } = this.deps;
    const now = clock();
    await this.deps.store.transaction(async (tx) => {
      await learning.addLesson(tx, { crisisId: crisis.id, kind: planChange ? 'plan_change' : 'lesson', text, by: actor.id, at: now });
      await rememberActor(this.deps, tx, actor, now);
      await this.revise(tx, crisis.id, { kind: 'lesson' }, now);
    });
    this.deps.kick();
  }

  /**
   * A follow-up action: its owner gets a DM with Done, and a reminder every week until done;
   * with a due day, also on that day's morning. A day already past is refused.
   */
  async addAction(crisis: Crisis, actor: Actor, ownerId: string, text: string, dueOn?: string): Promise<FollowUp> {
    const { learning, clock, outbox, plan } = this.deps;
    const now = clock();
    if (dueOn !== undefined && dueOn < isoDay(now, plan.timeZone)) throw new UserError({ code: 'action_past_due', date: dueOn });
    const action = await this.deps.store.transaction(async (tx) => {
      const action = await learning.addAction(tx, {
        crisisId: crisis.id,
        ownerId,
        text,
        createdBy: actor.id,
        createdAt: now,
        dueOn: dueOn ?? null,
      });
      await rememberActor(this.deps, tx, actor, now);
      await outbox.enqueue(tx, sendAction, { crisisId: crisis.id, payload: { actionId: action.id }, runAt: now });
      await this.fileReminder(tx, action, now);
      await this.deps.changes.homes(tx, now);
      await this.revise(tx, crisis.id, { kind: 'action' }, now);
      return action;
    });
    this.deps.kick();
    return action;
  }

  /** Done, by the owner (or whoever created it): the first press counts. */
  async done(actionId: number, actor: Actor): Promise<FollowUp> {
    const { learning, clock } = this.deps;
    const now = clock();
    const action = await learning.action(actionId);
    if (!action) throw new UserError({ code: 'stale_button' });
    if (actor.id !== action.ownerId && actor.id !== action.createdBy)
      throw new UserError({ code: 'not_action_owner', owner: action.ownerId });
    const updated = await this.deps.store.transaction(async (tx) => {
      if (!(await learning.done(tx, actionId, actor.id, now)))
        throw new UserError({ code: 'action_done', by: (await learning.action(actionId, tx))!.doneBy! });
      await rememberActor(this.deps, tx, actor, now);
      await this.deps.changes.report(tx, action.crisisId, { actions: [actionId] }, now);
      await this.revise(tx, action.crisisId, { kind: 'action_done' }, now);
      return (await learning.action(actionId, tx))!;
    });
    this.deps.kick();
    return updated;
  }

  /** A week on: not done yet, the owner is reminded, and again a week later. */
  async onActionDue(tx: Tx, actionId: number, now: number): Promise<void> {
    const action = await this.deps.learning.action(actionId, tx);
    if (!action || action.doneAt !== null) return;
    await this.deps.outbox.enqueue(tx, remindAction, { crisisId: action.crisisId, payload: { actionId, at: now }, runAt: now });
    await this.fileReminder(tx, action, now);
  }

  /**
   * At close, inside its transaction: what went well and what to improve is asked of everyone
   * who took part, not only those paged: the crisis leads (the lead named for it, the holders of
   * the close mandate, whoever closed it) and everyone informed. Each person once.
   */
  async askFeedbackIn(tx: Tx, crisis: Crisis, closerId: string, now: number): Promise<void> {
    const { store, plan, outbox } = this.deps;
    const leads = [
      ...(crisis.leadId ? [crisis.leadId] : []),
      ...(plan.mandates.close ? membersFor(plan, plan.mandates.close).map((m) => m.slackId) : []),
      closerId,
    ];
    const users = new Set([
      ...(await store.pages.of(crisis.id, tx)).map((p) => p.userId),
      ...leads,
      ...(await store.pages.informsOf(crisis.id, tx)).map((i) => i.userId),
    ]);
    for (const user of users) await outbox.enqueue(tx, askFeedback, { crisisId: crisis.id, payload: { user }, runAt: now });
  }

  /** The answers from the feedback form, into the debrief's two sections. */
  async feedback(crisisId: number, actor: Actor, wentWell: string, improve: string, planChange = ''): Promise<void> {
    const { learning, clock, store } = this.deps;
    if (!wentWell && !improve && !planChange) throw new UserError({ code: 'feedback_empty' });
    const now = clock();
    if (!(await store.crises.byId(crisisId))) throw new UserError({ code: 'stale_button' });
    await store.transaction(async (tx) => {
      if (wentWell) await learning.addLesson(tx, { crisisId, kind: 'went_well', text: wentWell, by: actor.id, at: now });
      if (improve) await learning.addLesson(tx, { crisisId, kind: 'improve', text: improve, by: actor.id, at: now });
      // A change to the plan: the debrief's "Changes to the crisis plan", and /crisis plan's until made.
      if (planChange) await learning.addLesson(tx, { crisisId, kind: 'plan_change', text: planChange, by: actor.id, at: now });
      await rememberActor(this.deps, tx, actor, now);
      await this.revise(tx, crisisId, { kind: 'feedback' }, now);
    });
    this.deps.kick();
  }

  /** A week on; or the due day's morning, if that comes first. */
  private async fileReminder(tx: Tx, action: FollowUp, now: number): Promise<void> {
    const week = now + (this.deps.actionReminderMs ?? ACTION_REMINDER_MS);
    const dueDay = action.dueOn === null ? undefined : atLocalTime(action.dueOn, DUE_DAY_HOUR, this.deps.plan.timeZone);
    const at = dueDay !== undefined && dueDay > now && dueDay < week ? dueDay : week;
    await this.deps.outbox.enqueue(tx, actionDue, { crisisId: action.crisisId, payload: { actionId: action.id, at }, runAt: at });
  }

  /** After the close, what was added belongs in the debrief: a new version. */
  private async revise(tx: Tx, crisisId: number, reason: DebriefRevision, now: number): Promise<void> {
    await this.deps.debriefs.reviseIn(tx, crisisId, reason, now);
  }

  private async live(tx: Tx, crisisId: number, mustBeOpen: boolean): Promise<Crisis> {
    const crisis = await this.deps.store.crises.byId(crisisId, tx);
    if (!crisis) throw new UserError({ code: 'stale_button' });
    if (mustBeOpen && crisis.state !== 'open') throw new UserError({ code: 'crisis_closed' });
    return crisis;
  }
}
