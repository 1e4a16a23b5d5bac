import { nextStage, stageAcknowledged } from '../domain/escalation.js';
import type { RosterMember } from '../config/plan.js';
import type { Crisis, Page } from '../domain/crisis.js';
import { chasePage } from '../jobs/pages.js';
import { checkMandate } from '../domain/roster.js';
import type { Severity } from '../config/severity.js';
import { atOrAbove } from '../domain/severity.js';
import type { EscalationCause } from '../domain/timeline.js';
import type { Tx } from '../store/db.js';
import type { ServiceDeps } from './deps.js';
import { UserError } from './errors.js';
import { rememberActor, type Actor } from './people.js';

/**
 * Chasing people: the stage deadline that pages the next stage when nobody answers,
 * `/crisis escalate` and `/crisis severity`. Each decision re-reads the crisis inside its
 * transaction, so a deadline racing an acknowledgement or a manual escalation acts once.
 */
export class EscalationService {
  constructor(private readonly deps: ServiceDeps) {}

  /** The deadline of `stage` passed. Runs inside the transaction that completes its job. */
  async onDeadline(tx: Tx, crisisId: number, stage: number): Promise<void> {
    const { store, plan, pager, clock, log } = this.deps;
    const crisis = await store.crises.byId(crisisId, tx);
    // Closed, escalated further by hand or by severity: this deadline no longer applies.
    if (!crisis || crisis.state !== 'open' || crisis.stage !== stage) return;
    const pages = await store.pages.of(crisisId, tx);
    if (stageAcknowledged(plan, pages, stage)) return;
    const now = clock();
    await this.chase(tx, crisisId, pages, stage, now);
    // The plan may have changed across a restart: a stage it no longer has counts as the last.
    const timeoutMs = plan.stages[stage - 1]?.ackTimeoutMs ?? 0;
    const next = nextStage(plan, stage);
    if (next === undefined) {
      const waiting = pages.filter((p) => p.ackedAt === null).map((p) => p.userId);
      await store.timeline.add(tx, crisisId, now, null, { kind: 'unanswered', stage, timeoutMs });
      await pager.notice(tx, crisisId, { kind: 'last_stage_unanswered', stage, timeoutMs, waiting }, now);
      log.warn({ crisis: crisisId, stage }, 'last stage unacknowledged');
      return;
    }
    await this.escalateTo(tx, crisis, next, now, { kind: 'deadline', stage, timeoutMs }, null);
  }

  /** `/crisis escalate`: the next stage, now. Returns the stage paged. */
  async escalate(crisis: Crisis, actor: Actor): Promise<number> {
    const { store, plan, clock } = this.deps;
    const allowed = checkMandate(plan, 'escalate', actor.id);
    // Raising the alarm is never blocked for someone already called in: the mandate is for
    // those outside the chain (standing a crisis down keeps its mandates).
    const paged = (await store.pages.of(crisis.id)).some((p) => p.userId === actor.id);
    if (!allowed.allowed && !paged)
      throw new UserError({ code: 'not_mandated', mandate: 'escalate', holders: allowed.holders, refs: allowed.refs });
    const now = clock();
    const stage = await store.transaction(async (tx) => {
      const current = await this.requireOpen(tx, crisis.id);
      const next = nextStage(plan, current.stage);
      if (next === undefined) throw new UserError({ code: 'last_stage', stage: current.stage });
      await rememberActor(this.deps, tx, actor, now);
      await this.escalateTo(tx, current, next, now, { kind: 'manual' }, actor.id);
      return next;
    });
    this.deps.kick();
    return stage;
  }

  /**
   * `/crisis severity`: a severity whose start stage is higher pages the stages it needs now.
   * Returns the stage paged up to, if it paged.
   */
  async changeSeverity(crisis: Crisis, actor: Actor, severity: Severity): Promise<{ pagedUpTo: number | undefined }> {
    const { store, plan, pager, changes, clock } = this.deps;
    const allowed = checkMandate(plan, 'severity', actor.id);
    // Raising it is raising the alarm: anyone paged may. Lowering it keeps the mandate.
    const raising = atOrAbove(severity, crisis.severity) && severity !== crisis.severity;
    const paged = raising && (await store.pages.of(crisis.id)).some((p) => p.userId === actor.id);
    if (!allowed.allowed && !paged)
      throw new UserError({ code: 'not_mandated', mandate: 'severity', holders: allowed.holders, refs: allowed.refs });
    const now = clock();
    const result = await store.transaction(async (tx) => {
      const current = await this.requireOpen(tx, crisis.id);
      if (current.severity === severity) throw new UserError({ code: 'same_severity', severity });
      await rememberActor(this.deps, tx, actor, now);
      await store.crises.setSeverity(tx, current.id, severity);
      await store.timeline.add(tx, current.id, now, actor.id, { kind: 'severity', from: current.severity, to: severity });
      await pager.notice(tx, current.id, { kind: 'severity_changed', from: current.severity, to: severity, by: actor.id }, now);
      await changes.report(tx, current.id, { topic: true, summary: true }, now);
      const start = plan.startStage[severity];
      if (start <= current.stage) return { pagedUpTo: undefined };
      await this.escalateTo(tx, { ...current, severity }, start, now, { kind: 'severity', severity }, actor.id);
      return { pagedUpTo: start };
    });
    this.deps.kick();
    return result;
  }

  /** Members whose email was just matched: every open crisis that has paged their stage pages them. */
  async pageLate(members: readonly RosterMember[]): Promise<void> {
    const { store, pager, changes, clock, log } = this.deps;
    const ids = new Set(members.map((m) => m.slackId));
    const now = clock();
    let paged = 0;
    await store.transaction(async (tx) => {
      for (const crisis of await store.crises.listOpen(tx)) {
        const rows = await pager.pageLate(tx, crisis, ids, now);
        paged += rows.length;
        // The summary lists the roster's contacts, now with them.
        await changes.report(tx, crisis.id, { summary: true }, now);
      }
    });
    if (paged > 0) log.info({ pages: paged, members: members.length }, 'paged roster members matched after their crisis opened');
    this.deps.kick();
  }

  /** Everyone paged up to `stage` and still silent gets one more DM; the chain goes on regardless. */
  private async chase(tx: Tx, crisisId: number, pages: readonly Page[], stage: number, now: number): Promise<void> {
    const { store, outbox } = this.deps;
    for (const page of pages) {
      if (page.stage > stage || page.ackedAt !== null || !(await store.pages.markChased(tx, page.id, now))) continue;
      await store.timeline.add(tx, crisisId, now, null, { kind: 'chased', member: page.memberName, stage: page.stage });
      await outbox.enqueue(tx, chasePage, { crisisId, payload: { pageId: page.id }, runAt: now });
    }
  }

  private async escalateTo(tx: Tx, crisis: Crisis, to: number, now: number, cause: EscalationCause, actorId: string | null): Promise<void> {
    const { store, pager, changes } = this.deps;
    await store.crises.setStage(tx, crisis.id, to);
    const rows = await pager.pageStages(tx, { ...crisis, stage: to }, crisis.stage + 1, to, now);
    await pager.invite(
      tx,
      crisis.id,
      rows.map((r) => r.userId),
      now,
    );
    await store.timeline.add(tx, crisis.id, now, actorId, { kind: 'escalated', to, paged: rows.map((r) => r.memberName), cause });
    await pager.notice(tx, crisis.id, { kind: 'escalated', to, paged: rows.map((r) => r.userId), cause, actorId }, now);
    await changes.report(tx, crisis.id, { summary: true }, now);
  }

  private async requireOpen(tx: Tx, crisisId: number): Promise<Crisis> {
    const crisis = (await this.deps.store.crises.byId(crisisId, tx))!;
    if (crisis.state !== 'open') throw new UserError({ code: 'crisis_closed' });
    return crisis;
  }
}
