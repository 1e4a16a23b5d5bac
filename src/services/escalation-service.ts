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
  onDeadline(tx: Tx, crisisId: number, stage: number): void {
    const { store, plan, pager, clock, log } = this.deps;
    const crisis = store.crises.byId(crisisId);
    // Closed, escalated further by hand or by severity: this deadline no longer applies.
    if (!crisis || crisis.state !== 'open' || crisis.stage !== stage) return;
    const pages = store.pages.of(crisisId, tx);
    if (stageAcknowledged(plan, pages, stage)) return;
    const now = clock();
    this.chase(tx, crisisId, pages, stage, now);
    // The plan may have changed across a restart: a stage it no longer has counts as the last.
    const timeoutMs = plan.stages[stage - 1]?.ackTimeoutMs ?? 0;
    const next = nextStage(plan, stage);
    if (next === undefined) {
      const waiting = pages.filter((p) => p.ackedAt === null).map((p) => p.userId);
      store.timeline.add(tx, crisisId, now, null, { kind: 'unanswered', stage, timeoutMs });
      pager.notice(tx, crisisId, { kind: 'last_stage_unanswered', stage, timeoutMs, waiting }, now);
      log.warn({ crisis: crisisId, stage }, 'last stage unacknowledged');
      return;
    }
    this.escalateTo(tx, crisis, next, now, { kind: 'deadline', stage, timeoutMs }, null);
  }

  /** `/crisis escalate`: the next stage, now. Returns the stage paged. */
  escalate(crisis: Crisis, actor: Actor): number {
    const { store, plan, clock } = this.deps;
    const allowed = checkMandate(plan, 'escalate', actor.id);
    // Raising the alarm is never blocked for someone already called in: the mandate is for
    // those outside the chain (standing a crisis down keeps its mandates).
    const paged = store.pages.of(crisis.id).some((p) => p.userId === actor.id);
    if (!allowed.allowed && !paged)
      throw new UserError({ code: 'not_mandated', mandate: 'escalate', holders: allowed.holders, refs: allowed.refs });
    const now = clock();
    const stage = store.transaction((tx) => {
      const current = this.requireOpen(crisis.id);
      const next = nextStage(plan, current.stage);
      if (next === undefined) throw new UserError({ code: 'last_stage', stage: current.stage });
      rememberActor(this.deps, tx, actor, now);
      this.escalateTo(tx, current, next, now, { kind: 'manual' }, actor.id);
      return next;
    });
    this.deps.kick();
    return stage;
  }

  /**
   * `/crisis severity`: a severity whose start stage is higher pages the stages it needs now.
   * Returns the stage paged up to, if it paged.
   */
  changeSeverity(crisis: Crisis, actor: Actor, severity: Severity): { pagedUpTo: number | undefined } {
    const { store, plan, pager, changes, clock } = this.deps;
    const allowed = checkMandate(plan, 'severity', actor.id);
    // Raising it is raising the alarm: anyone paged may. Lowering it keeps the mandate.
    const raising = atOrAbove(severity, crisis.severity) && severity !== crisis.severity;
    const paged = raising && store.pages.of(crisis.id).some((p) => p.userId === actor.id);
    if (!allowed.allowed && !paged)
      throw new UserError({ code: 'not_mandated', mandate: 'severity', holders: allowed.holders, refs: allowed.refs });
    const now = clock();
    const result = store.transaction((tx) => {
      const current = this.requireOpen(crisis.id);
      if (current.severity === severity) throw new UserError({ code: 'same_severity', severity });
      rememberActor(this.deps, tx, actor, now);
      store.crises.setSeverity(tx, current.id, severity);
      store.timeline.add(tx, current.id, now, actor.id, { kind: 'severity', from: current.severity, to: severity });
      pager.notice(tx, current.id, { kind: 'severity_changed', from: current.severity, to: severity, by: actor.id }, now);
      changes.report(tx, current.id, { topic: true, summary: true }, now);
      const start = plan.startStage[severity];
      if (start <= current.stage) return { pagedUpTo: undefined };
      this.escalateTo(tx, { ...current, severity }, start, now, { kind: 'severity', severity }, actor.id);
      return { pagedUpTo: start };
    });
    this.deps.kick();
    return result;
  }

  /** Members whose email was just matched: every open crisis that has paged their stage pages them. */
  pageLate(members: readonly RosterMember[]): void {
    const { store, pager, changes, clock, log } = this.deps;
    const ids = new Set(members.map((m) => m.slackId));
    const now = clock();
    let paged = 0;
    store.transaction((tx) => {
      for (const crisis of store.crises.listOpen()) {
        const rows = pager.pageLate(tx, crisis, ids, now);
        paged += rows.length;
        // The summary lists the roster's contacts, now with them.
        changes.report(tx, crisis.id, { summary: true }, now);
      }
    });
    if (paged > 0) log.info({ pages: paged, members: members.length }, 'paged roster members matched after their crisis opened');
    this.deps.kick();
  }

  /** Everyone paged up to `stage` and still silent gets one more DM; the chain goes on regardless. */
  private chase(tx: Tx, crisisId: number, pages: readonly Page[], stage: number, now: number): void {
    const { store, outbox } = this.deps;
    for (const page of pages) {
      if (page.stage > stage || page.ackedAt !== null || !store.pages.markChased(tx, page.id, now)) continue;
      store.timeline.add(tx, crisisId, now, null, { kind: 'chased', member: page.memberName, stage: page.stage });
      outbox.enqueue(tx, chasePage, { crisisId, payload: { pageId: page.id }, runAt: now });
    }
  }

  private escalateTo(tx: Tx, crisis: Crisis, to: number, now: number, cause: EscalationCause, actorId: string | null): void {
    const { store, pager, changes } = this.deps;
    store.crises.setStage(tx, crisis.id, to);
    const rows = pager.pageStages(tx, { ...crisis, stage: to }, crisis.stage + 1, to, now);
    pager.invite(
      tx,
      crisis.id,
      rows.map((r) => r.userId),
      now,
    );
    store.timeline.add(tx, crisis.id, now, actorId, { kind: 'escalated', to, paged: rows.map((r) => r.memberName), cause });
    pager.notice(tx, crisis.id, { kind: 'escalated', to, paged: rows.map((r) => r.userId), cause, actorId }, now);
    changes.report(tx, crisis.id, { summary: true }, now);
  }

  private requireOpen(crisisId: number): Crisis {
    const crisis = this.deps.store.crises.byId(crisisId)!;
    if (crisis.state !== 'open') throw new UserError({ code: 'crisis_closed' });
    return crisis;
  }
}
