import type { Plan } from '../config/plan.js';
import { pageTargets } from '../domain/roster.js';
import type { CrisisRepo, Tx } from '../store/crisis-repo.js';
import type { OutboxRepo } from '../store/outbox-repo.js';
import type { CrisisRow, PageRow } from '../store/schema.js';
import { Job, jobKey, lane } from './jobs.js';

/**
 * Paging and what follows from it, inside the caller's transaction: the page rows, their DMs,
 * the invitations, the deadline that escalates if nobody answers, and notices in the channel.
 * Everything is written together, so a crash cannot leave a page without its deadline.
 */
export class Pager {
  constructor(private readonly deps: { repo: CrisisRepo; outbox: OutboxRepo; plan: Plan }) {}

  /** Pages stages `from`..`to` (members not paged yet) and starts the deadline of stage `to`. */
  pageStages(tx: Tx, crisis: CrisisRow, from: number, to: number, now: number): PageRow[] {
    const { repo, outbox, plan } = this.deps;
    const already = new Set(repo.pagesOf(crisis.id, tx).map((p) => p.userId));
    const rows = repo.insertPages(
      tx,
      pageTargets(plan, from, to, already).map((t) => ({
        crisisId: crisis.id,
        stage: t.stage,
        userId: t.member.slackId,
        memberName: t.member.name,
        pagedAt: now,
      })),
    );
    for (const row of rows) {
      const stage = plan.stages[row.stage - 1];
      repo.addEvent(tx, crisis.id, now, 'paged', null, `Paged ${row.memberName} (stage ${row.stage}${stage ? `: ${stage.name}` : ''})`);
      outbox.enqueue(
        { crisisId: crisis.id, kind: Job.sendPage, key: jobKey.page(row.id), lane: lane.page(row.id), payload: { pageId: row.id }, runAt: now },
        tx,
      );
    }
    const stage = plan.stages[to - 1];
    if (!stage) return rows;
    outbox.enqueue(
      { crisisId: crisis.id, kind: Job.escalationDeadline, key: jobKey.deadline(crisis.id, to), payload: { stage: to }, runAt: now + stage.ackTimeoutMs },
      tx,
    );
    return rows;
  }

  invite(tx: Tx, crisisId: number, users: readonly string[], now: number): void {
    if (users.length === 0) return;
    this.deps.outbox.enqueue({ crisisId, kind: Job.invite, payload: { users: [...new Set(users)] }, after: jobKey.channel(crisisId), runAt: now }, tx);
  }

  /** A line in the crisis channel, posted once the channel exists, in order with other posts. */
  notice(tx: Tx, crisisId: number, text: string, now: number): void {
    this.deps.outbox.enqueue(
      { crisisId, kind: Job.postNotice, payload: { text }, after: jobKey.channel(crisisId), lane: lane.channelPosts(crisisId), runAt: now },
      tx,
    );
  }
}
