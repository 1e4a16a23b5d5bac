import type { Crisis, Inform, Page } from '../domain/crisis.js';
import type { Notice } from '../domain/notices.js';
import { membersFor, pageTargets } from '../domain/roster.js';
import { invite } from '../jobs/channel.js';
import { postNotice } from '../jobs/channel-posts.js';
import { escalationDeadline } from '../jobs/deadlines.js';
import { sendInform, sendPage } from '../jobs/pages.js';
import type { Tx } from '../store/db.js';
import type { JobOutbox } from '../jobs/index.js';
import type { Store } from '../store/store.js';
import type { Plan } from '../config/plan.js';
import { filePhoneWork } from './phone-filing.js';

/**
 * Paging and what follows from it, inside the caller's transaction: the page rows, their DMs,
 * the invitations, the deadline that escalates if nobody answers, and notices in the channel.
 * Everything is written together, so a crash cannot leave a page without its deadline.
 */
export class Pager {
  constructor(
    private readonly deps: {
      store: Store;
      outbox: JobOutbox;
      plan: Plan;
      /** Whether a Twilio account is configured: stages with phone_after call then. */
      phoneOn: boolean;
      /** Told of new pages, which the paged people's Home tabs show. */
      homesStale?: (tx: Tx, now: number) => Promise<void>;
    },
  ) {}

  /**
   * Pages stages `from`..`to` (members not paged yet), tells their `inform` members (and at
   * opening the crisis leads) and starts the deadline of stage `to`.
   */
  async pageStages(tx: Tx, crisis: Crisis, from: number, to: number, now: number, o: { atOpening?: boolean } = {}): Promise<Page[]> {
    const { outbox, plan } = this.deps;
    const rows = await this.page(tx, crisis, from, to, now);
    await this.inform(tx, crisis, from, to, now, o.atOpening ?? false);
    const stage = plan.stages[to - 1];
    if (!stage) return rows;
    await outbox.enqueue(tx, escalationDeadline, { crisisId: crisis.id, payload: { stage: to }, runAt: now + stage.ackTimeoutMs });
    return rows;
  }

  /**
   * For your information, no acknowledgement asked: the `inform` members of stages `from`..`to`
   * and, at opening, the leads (mandate `close`), whatever stage the crisis starts at. Nobody
   * already paged (their page says more) and nobody twice. They are invited to the channel.
   */
  private async inform(tx: Tx, crisis: Crisis, from: number, to: number, now: number, leads: boolean): Promise<Inform[]> {
    const { store, outbox, plan } = this.deps;
    const skip = new Set((await store.pages.of(crisis.id, tx)).map((p) => p.userId));
    const targets: { stage: number; userId: string; name: string }[] = [];
    const add = (stage: number, refs: readonly string[]) => {
      for (const member of membersFor(plan, refs)) {
        if (skip.has(member.slackId)) continue;
        skip.add(member.slackId);
        targets.push({ stage, userId: member.slackId, name: member.name });
      }
    };
    for (const stage of plan.stages.slice(from - 1, to)) add(stage.number, stage.inform);
    if (leads && plan.mandates.close) add(to, plan.mandates.close);
    const rows = await store.pages.insertInforms(
      tx,
      targets.map((t) => ({ crisisId: crisis.id, stage: t.stage, userId: t.userId, memberName: t.name, informedAt: now })),
    );
    for (const row of rows) {
      await store.timeline.add(tx, crisis.id, now, null, { kind: 'informed', member: row.memberName, stage: row.stage });
      await outbox.enqueue(tx, sendInform, { crisisId: crisis.id, payload: { informId: row.id }, runAt: now });
    }
    await this.invite(
      tx,
      crisis.id,
      rows.map((r) => r.userId),
      now,
    );
    return rows;
  }

  /**
   * Members who joined the roster late (their email was matched after the crisis opened), in a
   * stage the crisis has paged already: paged now, invited, and the stage's deadline left as it is.
   */
  async pageLate(tx: Tx, crisis: Crisis, members: ReadonlySet<string>, now: number): Promise<Page[]> {
    const rows = await this.page(tx, crisis, 1, crisis.stage, now, members);
    await this.invite(
      tx,
      crisis.id,
      rows.map((r) => r.userId),
      now,
    );
    return rows;
  }

  private async page(tx: Tx, crisis: Crisis, from: number, to: number, now: number, only?: ReadonlySet<string>): Promise<Page[]> {
    const { store, outbox, plan } = this.deps;
    const already = new Set((await store.pages.of(crisis.id, tx)).map((p) => p.userId));
    const targets = pageTargets(plan, from, to, already).filter((t) => !only || only.has(t.member.slackId));
    const rows = await store.pages.insert(
      tx,
      targets.map((t) => ({ crisisId: crisis.id, stage: t.stage, userId: t.member.slackId, memberName: t.member.name, pagedAt: now })),
    );
    for (const row of rows) {
      await store.timeline.add(tx, crisis.id, now, null, { kind: 'paged', member: row.memberName, stage: row.stage });
      await outbox.enqueue(tx, sendPage, { crisisId: crisis.id, payload: { pageId: row.id }, runAt: now });
    }
    // A drill calls nobody: phones ring for real crises only.
    if (this.deps.phoneOn && !crisis.drill) await filePhoneWork(tx, { outbox, plan }, rows, now);
    if (rows.length) await this.deps.homesStale?.(tx, now);
    return rows;
  }

  async invite(tx: Tx, crisisId: number, users: readonly string[], now: number): Promise<void> {
    if (users.length === 0) return;
    await this.deps.outbox.enqueue(tx, invite, { crisisId, payload: { users: [...new Set(users)] }, runAt: now });
  }

  /** A line in the crisis channel, posted once the channel exists, in order with other posts. */
  async notice(tx: Tx, crisisId: number, notice: Notice, now: number): Promise<void> {
    await this.deps.outbox.enqueue(tx, postNotice, { crisisId, payload: notice, runAt: now });
  }
}
