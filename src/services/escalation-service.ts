import { formatDuration } from '../config/duration.js';
import type { Severity } from '../config/plan-schema.js';
import { nextStage, stageAcknowledged } from '../domain/escalation.js';
import { checkMandate } from '../domain/roster.js';
import type { Tx } from '../store/crisis-repo.js';
import type { CrisisRow } from '../store/schema.js';
import type { Actor } from './crisis-service.js';
import { UserError } from './errors.js';
import { Job, jobKey, lane } from './jobs.js';
import type { ServiceDeps } from './deps.js';

const mentions = (ids: readonly string[]) => ids.map((id) => `<@${id}>`).join(', ');

/**
 * Chasing people: the stage deadline that pages the next stage when nobody answers,
 * `/crisis escalate` and `/crisis severity`. Each decision re-reads the crisis inside its
 * transaction, so a deadline racing an acknowledgement or a manual escalation acts once.
 */
export class EscalationService {
  constructor(private readonly deps: ServiceDeps) {}

  private stageName(stage: number): string {
    return this.deps.plan.stages[stage - 1]?.name ?? `stage ${stage}`;
  }

  /** The deadline of `stage` passed. Runs inside the transaction that completes its job. */
  onDeadline(tx: Tx, crisisId: number, stage: number): void {
    const { repo, plan, pager, clock, log } = this.deps;
    const crisis = repo.byId(crisisId, tx);
    // Closed, escalated further by hand or by severity: this deadline no longer applies.
    if (!crisis || crisis.state !== 'open' || crisis.stage !== stage) return;
    const pages = repo.pagesOf(crisisId, tx);
    if (stageAcknowledged(plan, pages, stage)) return;
    const now = clock();
    // The plan may have changed across a restart: a stage it no longer has counts as the last.
    const timeout = formatDuration(plan.stages[stage - 1]?.ackTimeoutMs ?? 0);
    const why = `Nobody in stage ${stage} (${this.stageName(stage)}) acknowledged within ${timeout}`;
    const next = nextStage(plan, stage);
    if (next === undefined) {
      const waiting = pages.filter((p) => p.ackedAt === null).map((p) => p.userId);
      repo.addEvent(tx, crisisId, now, 'unanswered', null, `${why}; it is the last stage`);
      pager.notice(tx, crisisId, `🚨 *${why}, and it is the last stage.* Call them directly: ${mentions(waiting)} (phone numbers in the summary above).`, now);
      log.warn({ crisis: crisisId, stage }, 'last stage unacknowledged');
      return;
    }
    this.escalateTo(tx, crisis, next, now, why, null);
  }

  /** `/crisis escalate`: the next stage, now. */
  escalate(crisis: CrisisRow, actor: Actor): string {
    const { repo, plan, clock } = this.deps;
    const allowed = checkMandate(plan, 'escalate', actor.id);
    if (!allowed.allowed) throw new UserError(`Only ${allowed.who} may escalate a crisis.`);
    const now = clock();
    const answer = repo.transaction((tx) => {
      const current = this.requireOpen(tx, crisis.id);
      const next = nextStage(plan, current.stage);
      if (next === undefined) {
        throw new UserError(`This crisis is already at the last stage (${this.stageName(current.stage)}); there is nobody further to page.`);
      }
      repo.rememberPerson(tx, actor.id, actor.name, now);
      this.escalateTo(tx, current, next, now, `${this.name(tx, actor.id)} escalated`, actor.id);
      return `Paging stage ${next} (${this.stageName(next)}).`;
    });
    this.deps.kick();
    return answer;
  }

  /** `/crisis severity`: a severity whose start stage is higher pages the stages it needs now. */
  changeSeverity(crisis: CrisisRow, actor: Actor, severity: Severity): string {
    const { repo, plan, pager, outbox, clock } = this.deps;
    const allowed = checkMandate(plan, 'severity', actor.id);
    if (!allowed.allowed) throw new UserError(`Only ${allowed.who} may change the severity.`);
    const now = clock();
    const answer = repo.transaction((tx) => {
      const current = this.requireOpen(tx, crisis.id);
      if (current.severity === severity) throw new UserError(`The severity is already ${severity}.`);
      repo.rememberPerson(tx, actor.id, actor.name, now);
      const who = this.name(tx, actor.id);
      repo.setSeverity(tx, current.id, severity);
      repo.addEvent(tx, current.id, now, 'severity', actor.id, `${who} changed the severity from ${current.severity} to ${severity}`);
      pager.notice(tx, current.id, `Severity changed from *${current.severity}* to *${severity}* by <@${actor.id}>.`, now);
      outbox.enqueue({ crisisId: current.id, kind: Job.setTopic, after: jobKey.channel(current.id), lane: lane.topic(current.id), runAt: now }, tx);
      this.refreshSummary(tx, current.id, now);
      const start = plan.startStage[severity];
      if (start > current.stage) {
        this.escalateTo(tx, { ...current, severity }, start, now, `Severity raised to ${severity}`, actor.id);
        return `Severity is now ${severity}; paging up to stage ${start} (${this.stageName(start)}).`;
      }
      return `Severity is now ${severity}.`;
    });
    this.deps.kick();
    return answer;
  }

  private escalateTo(tx: Tx, crisis: CrisisRow, to: number, now: number, why: string, actorId: string | null): void {
    const { repo, pager } = this.deps;
    repo.setStage(tx, crisis.id, to);
    const rows = pager.pageStages(tx, { ...crisis, stage: to }, crisis.stage + 1, to, now);
    pager.invite(tx, crisis.id, rows.map((r) => r.userId), now);
    const names = rows.map((r) => r.memberName).join(', ') || 'nobody new (all already paged)';
    repo.addEvent(tx, crisis.id, now, 'escalated', actorId, `${why}: escalated to stage ${to} (${this.stageName(to)}), paged ${names}`);
    const who = rows.length ? mentions(rows.map((r) => r.userId)) : 'everyone in it was already paged';
    pager.notice(tx, crisis.id, `⏫ ${why}. Paging stage ${to} (${this.stageName(to)}): ${who}.`, now);
    this.refreshSummary(tx, crisis.id, now);
  }

  private refreshSummary(tx: Tx, crisisId: number, now: number): void {
    this.deps.outbox.enqueueCoalesced({ crisisId, kind: Job.refreshSummary, lane: lane.summary(crisisId), runAt: now }, tx);
  }

  private requireOpen(tx: Tx, crisisId: number): CrisisRow {
    const crisis = this.deps.repo.byId(crisisId, tx)!;
    if (crisis.state !== 'open') throw new UserError('This crisis is closed.');
    return crisis;
  }

  private name(tx: Tx, id: string): string {
    return this.deps.plan.roster.find((m) => m.slackId === id)?.name ?? this.deps.repo.personName(id, tx) ?? id;
  }
}
