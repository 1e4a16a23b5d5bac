import type { PlanAccount } from '../config/plan.js';
import type { Crisis } from '../domain/crisis.js';
import { accountLabel, planAccount, type AccountFreeze } from '../domain/freeze.js';
import { resumable, resumeTimes, tally, type HeldPost } from '../domain/held-posts.js';
import { checkMandate, membersFor } from '../domain/roster.js';
import {
  holdPosts,
  lookAgain,
  postHeldList,
  reportRestore,
  restorePost,
  tellHeldCaught,
  tellHoldProblem,
  tellSchedulerRefused,
  unschedulePost,
} from '../jobs/hootsuite.js';
import type { SchedulerFacts } from '../jobs/ports/reports.js';
import type { Tx } from '../store/db.js';
import type { FreezeRepo } from '../store/freeze-repo.js';
import type { HeldPostRepo, PostCopy } from '../store/held-post-repo.js';
import type { DebriefService } from './debrief-service.js';
import type { ServiceDeps } from './deps.js';
import { allPausedIn } from './conditions.js';
import { UserError } from './errors.js';
import { rememberActor, type Actor } from './people.js';

/**
 * The freeze through the scheduler itself: for an account with `scheduler: hootsuite`, Paused
 * (or a sev1 opening) makes the bot list what is scheduled there for the next four weeks, keep
 * a full copy of each post, and only then unschedule it; Resume posts schedules the copies
 * again. Every call to Hootsuite is an outbox job, and each step's record and the next step's
 * job are written in one transaction, so a crash or a 429 at any point neither loses a post
 * nor unschedules one that has no copy here.
 */
export class HoldService implements SchedulerFacts {
  constructor(private readonly deps: ServiceDeps & { freezes: FreezeRepo; held: HeldPostRepo; debriefs: DebriefService }) {}

  /** The plan account of a freeze row, if it names a scheduler. */
  accountOf(freeze: Pick<AccountFreeze, 'account' | 'handle'>): PlanAccount | undefined {
    return planAccount(this.deps.plan, freeze);
  }

  /** Starts holding an account's posts back, once per crisis; nothing for an account without a scheduler. */
  async startIn(tx: Tx, freeze: AccountFreeze, now: number): Promise<void> {
    if (!this.accountOf(freeze)?.scheduler) return;
    // A drill rehearses the owners' Paused; it never touches the scheduler.
    if ((await this.deps.store.crises.byId(freeze.crisisId, tx))?.drill) return;
    if (!(await this.deps.freezes.startHold(tx, freeze.id, now))) return;
    await this.deps.outbox.enqueue(tx, holdPosts, { crisisId: freeze.crisisId, payload: { freezeId: freeze.id }, runAt: now });
    await this.deps.changes.report(tx, freeze.crisisId, { freezeBoard: true }, now);
  }

  /** The list from the scheduler: a copy of each post is kept, and each is then unscheduled on its own. */
  async saved(tx: Tx, freezeId: number, posts: readonly PostCopy[], now: number, unlisted: readonly string[] = []): Promise<void> {
    const { freezes, held, outbox, log } = this.deps;
    const freeze = await freezes.byId(freezeId, tx);
    if (!freeze || freeze.heldAt !== null) return;
    const saved = await held.save(tx, freezeId, freeze.crisisId, posts, now);
    await freezes.held(tx, freezeId, now);
    if (unlisted.length) {
      // Held what it could see; the owners are told the rest is theirs to find and pause.
      const holdIncomplete = unlisted.join('; ');
      await freezes.holdIncomplete(tx, freezeId, holdIncomplete);
      log.warn({ crisis: freeze.crisisId, account: accountLabel(freeze), unlisted }, 'the scheduler listed the posts only in part');
      await this.tellProblemIn(tx, { ...freeze, holdIncomplete }, now);
    }
    for (const post of saved)
      await outbox.enqueue(tx, unschedulePost, { crisisId: freeze.crisisId, payload: { heldId: post.id, freezeId }, runAt: now });
    log.info({ crisis: freeze.crisisId, account: accountLabel(freeze), posts: saved.length }, 'scheduled posts saved; unscheduling them');
    if (saved.length === 0) await this.allHeldIn(tx, freeze, now);
    await this.lookAgainIn(tx, freeze, 1, now);
    await this.deps.changes.report(tx, freeze.crisisId, { freezeBoard: true }, now);
  }

  /**
   * A later look: posts scheduled since the freeze began (or come into the four weeks) are kept
   * and unscheduled like the first ones, their owners are told what was caught, and the next
   * look is filed; none once the crisis is closed.
   */
  async looked(tx: Tx, freezeId: number, posts: readonly PostCopy[], round: number, now: number): Promise<void> {
    const { freezes, held, outbox, store, plan, log } = this.deps;
    const freeze = await freezes.byId(freezeId, tx);
    const crisis = freeze && (await store.crises.byId(freeze.crisisId, tx));
    if (!freeze || crisis?.state !== 'open' || freeze.resumedAt !== null) return;
    const caught = await held.save(tx, freezeId, freeze.crisisId, posts, now, true);
    for (const post of caught)
      await outbox.enqueue(tx, unschedulePost, { crisisId: freeze.crisisId, payload: { heldId: post.id, freezeId }, runAt: now });
    if (caught.length) {
      log.warn(
        { crisis: freeze.crisisId, account: accountLabel(freeze), posts: caught.length },
        'posts scheduled during the freeze caught; unscheduling them',
      );
      const account = this.accountOf(freeze);
      const owners = account ? membersFor(plan, [account.owner]).map((m) => m.slackId) : [];
      for (const user of new Set([...owners, ...(freeze.frozenBy ? [freeze.frozenBy] : [])]))
        await outbox.enqueue(tx, tellHeldCaught, { crisisId: freeze.crisisId, payload: { freezeId, user, at: now }, runAt: now });
    }
    await this.lookAgainIn(tx, freeze, round + 1, now);
  }

  private async lookAgainIn(tx: Tx, freeze: AccountFreeze, round: number, now: number): Promise<void> {
    const runAt = now + this.deps.plan.hootsuiteRecheckMs;
    await this.deps.outbox.enqueue(tx, lookAgain, { crisisId: freeze.crisisId, payload: { freezeId: freeze.id, round }, runAt });
  }

  /** One post unscheduled (or found gone, or refused); when none is left to unschedule, the list is posted. */
  async unscheduled(tx: Tx, heldId: number, outcome: 'held' | 'gone' | { refused: string }, now: number): Promise<void> {
    const { freezes, held } = this.deps;
    const post = await held.byId(heldId, tx);
    const moved =
      typeof outcome === 'string'
        ? await held.unscheduled(tx, heldId, outcome, now)
        : await held.unscheduled(tx, heldId, 'refused', now, outcome.refused);
    if (!post || !moved) return;
    if ((await held.countIn(post.freezeId, ['saved'], tx)) > 0) return;
    const freeze = (await freezes.byId(post.freezeId, tx))!;
    // Caught by a later look: the list and the board show it; the hold itself was done before.
    if (post.caughtAt !== null) {
      if (outcome !== 'held' && outcome !== 'gone') await this.tellProblemIn(tx, freeze, now);
      await this.deps.changes.report(tx, freeze.crisisId, { heldLists: [freeze.id], freezeBoard: true }, now);
      return;
    }
    await this.allHeldIn(tx, freeze, now);
  }

  private async allHeldIn(tx: Tx, freeze: AccountFreeze, now: number): Promise<void> {
    const { freezes, held, store, outbox } = this.deps;
    const refused = await held.countIn(freeze.id, ['refused'], tx);
    // Held back by the bot before any owner pressed Paused (a sev1 opening): the account is
    // frozen, unless a post it could not unschedule still goes out; then its owners are told.
    const frozen = refused === 0 && (await freezes.freeze(tx, freeze.id, null, now));
    if (refused > 0) await this.tellProblemIn(tx, freeze, now);
    const ticked = frozen && (await allPausedIn(this.deps, tx, freeze.crisisId, null, now));
    const count = await held.countIn(freeze.id, ['held'], tx);
    await store.timeline.add(tx, freeze.crisisId, now, null, { kind: 'posts_held', account: accountLabel(freeze), count });
    await outbox.enqueue(tx, postHeldList, { crisisId: freeze.crisisId, payload: { freezeId: freeze.id }, runAt: now });
    await this.deps.changes.report(tx, freeze.crisisId, { freezeBoard: true, checklist: ticked }, now);
  }

  /** The scheduler would not list the posts: nothing is held back, and the owners pause by hand. */
  async listRefused(tx: Tx, freezeId: number, failure: string, now: number): Promise<void> {
    const { freezes, log } = this.deps;
    const freeze = await freezes.byId(freezeId, tx);
    if (!freeze || freeze.heldAt !== null) return;
    await freezes.holdFailed(tx, freezeId, failure);
    log.error(
      { crisis: freeze.crisisId, account: accountLabel(freeze), failure },
      'the scheduler refused to list the scheduled posts; the owners are told to pause by hand',
    );
    await this.tellProblemIn(tx, { ...freeze, holdFailure: failure }, now);
    await this.deps.changes.report(tx, freeze.crisisId, { freezeBoard: true }, now);
  }

  private async tellProblemIn(tx: Tx, freeze: AccountFreeze, now: number): Promise<void> {
    const { plan, outbox } = this.deps;
    const account = this.accountOf(freeze);
    const owners = account ? membersFor(plan, [account.owner]).map((m) => m.slackId) : [];
    for (const user of new Set([...owners, ...(freeze.frozenBy ? [freeze.frozenBy] : [])])) {
      await outbox.enqueue(tx, tellHoldProblem, { crisisId: freeze.crisisId, payload: { freezeId: freeze.id, user }, runAt: now });
    }
  }

  /**
   * Hootsuite refused the bot's refresh token: the crisis leads (holders of the close mandate)
   * and the owners of every account the bot holds back in Hootsuite are told, once per refusal,
   * that it cannot until someone authorises it again, and to pause by hand meanwhile.
   */
  async schedulerRefused(tx: Tx, refusal: string, now: number): Promise<void> {
    const { plan, outbox } = this.deps;
    const owners = plan.accounts.filter((a) => a.scheduler).map((a) => a.owner);
    const people = membersFor(plan, [...(plan.mandates.close ?? []), ...owners]).map((m) => m.slackId);
    for (const user of new Set(people))
      await outbox.enqueue(tx, tellSchedulerRefused, { crisisId: null, payload: { user, refusal, at: now }, runAt: now });
  }

  /** Who may press Resume posts: the account's owners and the holders of the close mandate. */
  mayResume(freeze: AccountFreeze, userId: string): { allowed: true } | { allowed: false; holders: string[] } {
    const { plan } = this.deps;
    const account = this.accountOf(freeze);
    const owners = account ? membersFor(plan, [account.owner]) : [];
    if (owners.some((m) => m.slackId === userId) || checkMandate(plan, 'close', userId).allowed) return { allowed: true };
    const closers = plan.mandates.close ? membersFor(plan, plan.mandates.close) : [];
    return { allowed: false, holders: [...new Set([...owners, ...closers].map((m) => m.name))] };
  }

  /**
   * What Resume posts would do, checked before its modal opens and again at submission: the
   * crisis closed, the posts all held back, not resumed already, and the presser allowed.
   */
  async resumeCheck(freezeId: number, actorId: string): Promise<{ crisis: Crisis; freeze: AccountFreeze; posts: HeldPost[] }> {
    const { freezes, held, store } = this.deps;
    const freeze = await freezes.byId(freezeId);
    const crisis = freeze && (await store.crises.byId(freeze.crisisId));
    if (!freeze || !crisis || !this.accountOf(freeze)?.scheduler) throw new UserError({ code: 'stale_button' });
    const allowed = this.mayResume(freeze, actorId);
    if (!allowed.allowed) throw new UserError({ code: 'not_resumer', account: accountLabel(freeze), holders: allowed.holders });
    if (crisis.state === 'open') throw new UserError({ code: 'resume_while_open' });
    if (freeze.resumedAt !== null) throw new UserError({ code: 'already_resumed', by: freeze.resumedBy! });
    const posts = await held.ofFreeze(freeze.id);
    if (tally(posts).saved > 0 || freeze.heldAt === null) throw new UserError({ code: 'still_holding' });
    return { crisis, freeze, posts };
  }

  /**
   * Resume posts: each held post is scheduled again, those still ahead at their own time, the
   * overdue ones from `firstNew` on (see resumeTimes). Returns how many will be scheduled.
   */
  async resume(freezeId: number, actor: Actor, firstNew: number | undefined): Promise<number> {
    const { freezes, held, store, outbox, clock } = this.deps;
    const now = clock();
    const { freeze, posts } = await this.resumeCheck(freezeId, actor.id);
    const times = resumeTimes(posts, firstNew, now);
    if (!times) throw new UserError({ code: 'resume_time_needed' });
    await store.transaction(async (tx) => {
      if (!(await freezes.resume(tx, freeze.id, actor.id, now)))
        throw new UserError({ code: 'already_resumed', by: (await freezes.byId(freeze.id, tx))!.resumedBy! });
      await rememberActor(this.deps, tx, actor, now);
      await held.restoring(tx, times);
      for (const post of resumable(posts))
        await outbox.enqueue(tx, restorePost, {
          crisisId: freeze.crisisId,
          payload: { heldId: post.id, freezeId: freeze.id },
          runAt: now,
        });
      if (times.size === 0) await this.allRestoredIn(tx, freeze, now);
      else await this.deps.changes.report(tx, freeze.crisisId, { heldLists: [freeze.id] }, now);
    });
    this.deps.kick();
    return times.size;
  }

  /** One post scheduled again (or given up on); when none is left, the report follows. */
  async restored(
    tx: Tx,
    heldId: number,
    outcome: { newId: string; at: number; pending: boolean } | { failure: string },
    now: number,
  ): Promise<void> {
    const { freezes, held } = this.deps;
    const post = await held.byId(heldId, tx);
    if (!post) return;
    const moved =
      'newId' in outcome
        ? await held.restored(tx, heldId, outcome.newId, outcome.at, outcome.pending, now)
        : await held.failed(tx, heldId, outcome.failure, now);
    if (!moved || (await held.countIn(post.freezeId, ['restoring'], tx)) > 0) return;
    await this.allRestoredIn(tx, (await freezes.byId(post.freezeId, tx))!, now);
  }

  private async allRestoredIn(tx: Tx, freeze: AccountFreeze, now: number): Promise<void> {
    const { held, store, outbox } = this.deps;
    const t = tally(await held.ofFreeze(freeze.id, tx));
    await store.timeline.add(tx, freeze.crisisId, now, freeze.resumedBy, {
      kind: 'posts_resumed',
      account: accountLabel(freeze),
      restored: t.restored,
      failed: t.failed,
    });
    await outbox.enqueue(tx, reportRestore, { crisisId: freeze.crisisId, payload: { freezeId: freeze.id }, runAt: now });
    await this.deps.changes.report(tx, freeze.crisisId, { heldLists: [freeze.id] }, now);
    // Resumed after the close, as it always is: the debrief now says what became of each post.
    await this.deps.debriefs.reviseIn(tx, freeze.crisisId, { kind: 'posts_resumed', account: accountLabel(freeze) }, now);
  }
}
