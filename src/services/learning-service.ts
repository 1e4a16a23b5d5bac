import type { Crisis } from '../domain/crisis.js';
import type { DebriefRevision } from '../domain/debrief.js';
import { ACTION_REMINDER_MS, type FollowUp } from '../domain/learning.js';
import { actionDue, askFeedback, postQa, remindAction, sendAction } from '../jobs/learning.js';
import type { Tx } from '../store/db.js';
import type { LearningRepo } from '../store/learning-repo.js';
import type { DebriefService } from './debrief-service.js';
import type { ServiceDeps } from './deps.js';
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

  addQa(crisis: Crisis, actor: Actor, question: string, answer: string): number {
    const { learning, clock } = this.deps;
    const now = clock();
    return this.deps.store.transaction((tx) => {
      const current = this.live(crisis.id, true);
      learning.addQa(tx, { crisisId: current.id, question, answer, addedBy: actor.id, addedAt: now });
      rememberActor(this.deps, tx, actor, now);
      return learning.qaOf(current.id, tx).length;
    });
  }

  /** Posts the Q&A to the staff channel, or updates the message already there. Returns the entries. */
  publishQa(crisis: Crisis, actor: Actor): number {
    const { learning, plan, outbox, clock, store } = this.deps;
    if (!plan.staffChannel) throw new UserError({ code: 'no_staff_channel' });
    const now = clock();
    const count = store.transaction((tx) => {
      const current = this.live(crisis.id, false);
      const count = learning.qaOf(current.id, tx).length;
      if (count === 0) throw new UserError({ code: 'qa_empty' });
      rememberActor(this.deps, tx, actor, now);
      store.timeline.add(tx, current.id, now, actor.id, { kind: 'qa_published', count });
      // Posted once (its key); every publish then brings it and its thread up to date.
      outbox.enqueue(tx, postQa, { crisisId: current.id, runAt: now });
      this.deps.changes.report(tx, current.id, { qa: true }, now);
      return count;
    });
    this.deps.kick();
    return count;
  }

  /** Also after the close, in the closed crisis's channel: the debrief gets a new version then. */
  addLesson(crisis: Crisis, actor: Actor, text: string): void {
    const { learning, clock } = this.deps;
    const now = clock();
    this.deps.store.transaction((tx) => {
      learning.addLesson(tx, { crisisId: crisis.id, kind: 'lesson', text, by: actor.id, at: now });
      rememberActor(this.deps, tx, actor, now);
      this.revise(tx, crisis.id, { kind: 'lesson' }, now);
    });
    this.deps.kick();
  }

  /** A follow-up action: its owner gets a DM with Done, and a reminder every week until done. */
  addAction(crisis: Crisis, actor: Actor, ownerId: string, text: string): FollowUp {
    const { learning, clock, outbox } = this.deps;
    const now = clock();
    const action = this.deps.store.transaction((tx) => {
      const action = learning.addAction(tx, { crisisId: crisis.id, ownerId, text, createdBy: actor.id, createdAt: now });
      rememberActor(this.deps, tx, actor, now);
      outbox.enqueue(tx, sendAction, { crisisId: crisis.id, payload: { actionId: action.id }, runAt: now });
      this.fileReminder(tx, action, now);
      this.revise(tx, crisis.id, { kind: 'action' }, now);
      return action;
    });
    this.deps.kick();
    return action;
  }

  /** Done, by the owner (or whoever created it): the first press counts. */
  done(actionId: number, actor: Actor): FollowUp {
    const { learning, clock } = this.deps;
    const now = clock();
    const action = learning.action(actionId);
    if (!action) throw new UserError({ code: 'stale_button' });
    if (actor.id !== action.ownerId && actor.id !== action.createdBy)
      throw new UserError({ code: 'not_action_owner', owner: action.ownerId });
    const updated = this.deps.store.transaction((tx) => {
      if (!learning.done(tx, actionId, actor.id, now))
        throw new UserError({ code: 'action_done', by: learning.action(actionId, tx)!.doneBy! });
      rememberActor(this.deps, tx, actor, now);
      this.deps.changes.report(tx, action.crisisId, { actions: [actionId] }, now);
      this.revise(tx, action.crisisId, { kind: 'action_done' }, now);
      return learning.action(actionId, tx)!;
    });
    this.deps.kick();
    return updated;
  }

  /** A week on: not done yet, the owner is reminded, and again a week later. */
  onActionDue(tx: Tx, actionId: number, now: number): void {
    const action = this.deps.learning.action(actionId, tx);
    if (!action || action.doneAt !== null) return;
    this.deps.outbox.enqueue(tx, remindAction, { crisisId: action.crisisId, payload: { actionId, at: now }, runAt: now });
    this.fileReminder(tx, action, now);
  }

  /** At close, inside its transaction: everyone paged is asked what went well and what to improve. */
  askFeedbackIn(tx: Tx, crisisId: number, now: number): void {
    const users = new Set(this.deps.store.pages.of(crisisId, tx).map((p) => p.userId));
    for (const user of users) this.deps.outbox.enqueue(tx, askFeedback, { crisisId, payload: { user }, runAt: now });
  }

  /** The answers from the feedback form, into the debrief's two sections. */
  feedback(crisisId: number, actor: Actor, wentWell: string, improve: string): void {
    const { learning, clock, store } = this.deps;
    if (!wentWell && !improve) throw new UserError({ code: 'feedback_empty' });
    const now = clock();
    if (!store.crises.byId(crisisId)) throw new UserError({ code: 'stale_button' });
    store.transaction((tx) => {
      if (wentWell) learning.addLesson(tx, { crisisId, kind: 'went_well', text: wentWell, by: actor.id, at: now });
      if (improve) learning.addLesson(tx, { crisisId, kind: 'improve', text: improve, by: actor.id, at: now });
      rememberActor(this.deps, tx, actor, now);
      this.revise(tx, crisisId, { kind: 'feedback' }, now);
    });
    this.deps.kick();
  }

  private fileReminder(tx: Tx, action: FollowUp, now: number): void {
    const at = now + (this.deps.actionReminderMs ?? ACTION_REMINDER_MS);
    this.deps.outbox.enqueue(tx, actionDue, { crisisId: action.crisisId, payload: { actionId: action.id, at }, runAt: at });
  }

  /** After the close, what was added belongs in the debrief: a new version. */
  private revise(tx: Tx, crisisId: number, reason: DebriefRevision, now: number): void {
    this.deps.debriefs.reviseIn(tx, crisisId, reason, now);
  }

  private live(crisisId: number, mustBeOpen: boolean): Crisis {
    const crisis = this.deps.store.crises.byId(crisisId);
    if (!crisis) throw new UserError({ code: 'stale_button' });
    if (mustBeOpen && crisis.state !== 'open') throw new UserError({ code: 'crisis_closed' });
    return crisis;
  }
}
