import { atOrAbove, deriveFingerprint, type IncomingAlert, type Signal } from '../domain/alerts.js';
import { BASELINE_WINDOW, evaluateReading } from '../domain/signals.js';
import type { AlertRepo } from '../store/alert-repo.js';
import type { Tx } from '../store/crisis-repo.js';
import type { AlertRow } from '../store/schema.js';
import type { Actor, CrisisService } from './crisis-service.js';
import type { ServiceDeps } from './deps.js';
import { UserError } from './errors.js';
import { Job, jobKey, lane } from './jobs.js';

export type AlertAction = 'opened' | 'triage' | 'duplicate' | 'resolved' | 'ignored';

export interface AlertResult {
  action: AlertAction;
  alert_id?: number;
  crisis_id?: number;
}

export type TriageDecision = 'open' | 'customer_service' | 'dismiss';

const DECIDED = { open: 'opened', customer_service: 'customer_service', dismiss: 'dismissed' } as const;

/**
 * The listening path of the seeds: an alert is noticed, the right people decide whether it is a
 * crisis or a matter for customer service, and a severe one opens a crisis at once.
 */
export class AlertService {
  constructor(
    private readonly deps: Omit<ServiceDeps, 'pager'> & { alerts: AlertRepo; crises: CrisisService; botUserId: string },
  ) {}

  /** An alert from a sender; `triageOnly` keeps it out of auto-open (listening signals). */
  receive(alert: IncomingAlert, triageOnly = false): AlertResult {
    const result = this.deps.repo.transaction((tx) => this.receiveIn(tx, alert, triageOnly));
    if (result.action !== 'ignored') this.deps.kick();
    return result;
  }

  /** An Alertmanager delivery: all of it is recorded, or none of it (then the sender retries). */
  receiveAll(alerts: readonly IncomingAlert[]): AlertResult[] {
    const results = this.deps.repo.transaction((tx) => alerts.map((alert) => this.receiveIn(tx, alert, false)));
    this.deps.kick();
    return results;
  }

  private receiveIn(tx: Tx, alert: IncomingAlert, triageOnly: boolean): AlertResult {
    const { alerts, repo, plan, clock } = this.deps;
    const now = clock();
    const existing = alerts.active(tx, alert.fingerprint);
    if (alert.resolved) {
      if (!existing) return { action: 'ignored' };
      alerts.resolved(tx, existing.id, now);
      if (existing.crisisId) repo.addEvent(tx, existing.crisisId, now, 'alert_resolved', null, `Source reports resolved: ${existing.title} (${existing.source})`);
      this.refreshTriage(tx, existing, now);
      return { action: 'resolved', alert_id: existing.id, ...(existing.crisisId ? { crisis_id: existing.crisisId } : {}) };
    }
    if (existing) {
      const seen = alerts.seenAgain(tx, existing.id, now);
      if (existing.crisisId) repo.addEvent(tx, existing.crisisId, now, 'alert_seen', null, `Alert seen again (${seen.seenCount} times): ${existing.title}`);
      this.refreshTriage(tx, existing, now);
      return { action: 'duplicate', alert_id: existing.id, ...(existing.crisisId ? { crisis_id: existing.crisisId } : {}) };
    }
    const openAt = plan.alerts?.openAt ?? 'sev1';
    const opensAtOnce = !triageOnly && atOrAbove(alert.severity, openAt);
    const row = alerts.insert(tx, {
      fingerprint: alert.fingerprint,
      source: alert.source,
      title: alert.title,
      severity: alert.severity,
      summary: alert.summary ?? null,
      url: alert.url ?? null,
      metrics: alert.metrics ? JSON.stringify(alert.metrics) : null,
      state: opensAtOnce ? 'opened' : 'triage',
      receivedAt: now,
      lastSeenAt: now,
      ...(opensAtOnce ? { decidedAt: now } : {}),
    });
    if (!opensAtOnce) {
      this.postTriage(tx, row, now, undefined);
      return { action: 'triage', alert_id: row.id };
    }
    const crisisId = this.openFromAlert(tx, row, { id: this.deps.botUserId, name: 'Crisis Bot' }, 'Opened at once');
    this.postTriage(tx, row, now, crisisId);
    return { action: 'opened', alert_id: row.id, crisis_id: crisisId };
  }

  /** A click on Open crisis, Customer service or Dismiss. The first decision stands. */
  decide(alertId: number, decision: TriageDecision, actor: Actor): { crisisId?: number } {
    const { alerts, repo, clock } = this.deps;
    const result = repo.transaction((tx) => {
      const alert = alerts.byId(alertId, tx);
      if (!alert) throw new UserError('That alert is not known to the bot.');
      const now = clock();
      if (!alerts.decide(tx, alertId, DECIDED[decision], actor.id, now)) {
        const who = alert.decidedBy ? ` by <@${alert.decidedBy}>` : '';
        throw new UserError(`This alert was already decided${who}; nothing was changed.`);
      }
      repo.rememberPerson(tx, actor.id, actor.name, now);
      const crisisId = decision === 'open' ? this.openFromAlert(tx, alert, actor, 'Opened from triage') : undefined;
      // The buttons go at once; the crisis channel's link follows when the channel exists.
      this.refreshTriage(tx, alert, now);
      if (crisisId !== undefined) this.linkWhenChannelExists(tx, alert, crisisId, now);
      return crisisId === undefined ? {} : { crisisId };
    });
    this.deps.kick();
    return result;
  }

  /**
   * A social-listening reading. Stored first; judged against the source's own baseline; raises
   * one triage alert per excursion above the thresholds.
   */
  signal(reading: Signal): { action: 'recorded' | 'learning' | 'triage' | 'duplicate'; baseline?: number; reasons?: readonly string[]; alert_id?: number } {
    const { alerts, repo, plan, clock } = this.deps;
    const now = clock();
    const at = reading.at ? Date.parse(reading.at) : now;
    const result = repo.transaction((tx) => {
      const previous = alerts.recentMentions(tx, reading.source, BASELINE_WINDOW);
      alerts.addReading(tx, reading.source, reading.mentions, reading.negative, at);
      const verdict = evaluateReading(previous, reading.mentions, reading.negative, plan.thresholds);
      const state = alerts.sourceState(tx, reading.source);
      if (verdict.kind === 'learning') return { action: 'learning' as const };
      if (verdict.kind === 'normal') {
        if (state.alerting) alerts.setSourceState(tx, reading.source, false, null);
        return { action: 'recorded' as const, baseline: verdict.baseline };
      }
      if (state.alerting) return { action: 'duplicate' as const, baseline: verdict.baseline, reasons: verdict.reasons, ...(state.alertId ? { alert_id: state.alertId } : {}) };
      const title = `Listening: ${reading.source} crossed its thresholds`;
      const incoming: IncomingAlert = {
        title,
        severity: 'sev2',
        source: reading.source,
        summary: verdict.reasons.join('\n'),
        url: undefined,
        // A new excursion is a new alert, even if the last one is still in triage.
        fingerprint: deriveFingerprint(`listening:${reading.source}`, String(now)),
        metrics: { mentions: reading.mentions, negative: reading.negative, baseline: verdict.baseline },
        resolved: false,
      };
      const raised = this.receiveIn(tx, incoming, true);
      alerts.setSourceState(tx, reading.source, true, raised.alert_id ?? null);
      return { action: 'triage' as const, baseline: verdict.baseline, reasons: verdict.reasons, ...(raised.alert_id ? { alert_id: raised.alert_id } : {}) };
    });
    if (result.action === 'triage') this.deps.kick();
    return result;
  }

  private openFromAlert(tx: Tx, alert: AlertRow, opener: Actor, how: string): number {
    const { crises, alerts, repo, clock } = this.deps;
    const lines = [`From alert: ${alert.title} (${alert.source}, ${alert.severity})`, alert.summary, alert.url].filter(Boolean);
    const { crisis } = crises.openIn(tx, {
      title: alert.title,
      severity: alert.severity,
      type: 'default',
      summary: lines.join('\n'),
      opener,
      openKey: `alert:${alert.id}`,
    });
    alerts.linkCrisis(tx, alert.id, crisis.id);
    repo.addEvent(tx, crisis.id, clock(), 'alert', null, `${how} from alert "${alert.title}" (${alert.source}, ${alert.severity})${alert.url ? ` ${alert.url}` : ''}`);
    return crisis.id;
  }

  /**
   * The alerts channel hears of every alert at once, whatever happens to a crisis it opened; the
   * crisis channel's link follows in a refresh once that channel exists.
   */
  private postTriage(tx: Tx, alert: AlertRow, now: number, crisisId: number | undefined): void {
    const { outbox } = this.deps;
    outbox.enqueue(
      { crisisId: crisisId ?? null, kind: Job.postTriage, key: jobKey.triage(alert.id), lane: lane.triage(alert.id), payload: { alertId: alert.id }, runAt: now },
      tx,
    );
    if (crisisId !== undefined) this.linkWhenChannelExists(tx, alert, crisisId, now);
  }

  private linkWhenChannelExists(tx: Tx, alert: AlertRow, crisisId: number, now: number): void {
    this.deps.outbox.enqueue(
      // In the alert's lane so renders land in order; it holds later ones only until the channel exists.
      { crisisId, kind: Job.refreshTriage, after: jobKey.channel(crisisId), lane: lane.triage(alert.id), payload: { alertId: alert.id }, runAt: now },
      tx,
    );
  }

  private refreshTriage(tx: Tx, alert: AlertRow, now: number): void {
    this.deps.outbox.enqueueCoalesced({ crisisId: alert.crisisId, kind: Job.refreshTriage, lane: lane.triage(alert.id), payload: { alertId: alert.id }, runAt: now }, tx);
  }
}
