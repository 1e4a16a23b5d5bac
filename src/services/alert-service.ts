import { handToCustomerService } from '../jobs/handoff.js';
import { deriveFingerprint, type Alert, type IncomingAlert, type TriageDigest } from '../domain/alerts.js';
import { atOrAbove } from '../domain/severity.js';
import { BASELINE_WINDOW, evaluateReading, type ThresholdReason } from '../domain/signals.js';
import { postDigest, postTriage, triageDue } from '../jobs/triage.js';
import type { Tx } from '../store/db.js';
import type { CrisisService } from './crisis-service.js';
import { triageMessages } from './changes.js';
import type { ServiceDeps } from './deps.js';
import { UserError } from './errors.js';
import { rememberActor, type Actor } from './people.js';

export type AlertAction = 'opened' | 'triage' | 'duplicate' | 'resolved' | 'ignored';

export interface AlertResult {
  action: AlertAction;
  alert_id?: number;
  crisis_id?: number;
}

export type TriageDecision = 'open' | 'customer_service' | 'dismiss';

const DECIDED = { open: 'opened', customer_service: 'customer_service', dismiss: 'dismissed' } as const;

/**
 * When this many triage posts are already waiting for the alerts channel (Slack takes about
 * one message a second there), a new alert joins a digest instead: one message per window,
 * kept up to date, so a storm of 300 alerts is a handful of messages, not five minutes of them.
 */
export const GROUP_WHEN_QUEUED = 3;
/** How long a digest takes alerts in; the next ones open the next digest. */
export const DIGEST_WINDOW_MS = 30_000;

/**
 * Words the bot writes into records rather than messages, in the plan's language (see
 * views/alert-texts): the title of an alert that listening raised, why it was raised, and the
 * summary of a crisis opened from an alert. They are data from then on: a title names a channel.
 */
export interface AlertTexts {
  signalTitle(source: string): string;
  thresholdReasons(reasons: readonly ThresholdReason[]): string[];
  crisisSummary(alert: Alert): string;
}

/** A listening reading, validated (see http/alert-bodies). */
export interface Reading {
  readonly source: string;
  readonly mentions: number;
  readonly negative?: number | undefined;
  readonly at?: string | undefined;
}

/**
 * The listening path of the seeds: an alert is noticed, the right people decide whether it is a
 * crisis or a matter for customer service, and a severe one opens a crisis at once.
 */
export class AlertService {
  constructor(private readonly deps: Omit<ServiceDeps, 'pager'> & { crises: CrisisService; botUserId: string; texts: AlertTexts }) {}

  /** An alert from a sender; `triageOnly` keeps it out of auto-open (listening signals). */
  receive(alert: IncomingAlert, triageOnly = false): AlertResult {
    const result = this.deps.store.transaction((tx) => this.receiveIn(tx, alert, triageOnly));
    if (result.action !== 'ignored') this.deps.kick();
    return result;
  }

  /** An Alertmanager delivery: all of it is recorded, or none of it (then the sender retries). */
  receiveAll(alerts: readonly IncomingAlert[]): AlertResult[] {
    const results = this.deps.store.transaction((tx) => alerts.map((alert) => this.receiveIn(tx, alert, false)));
    this.deps.kick();
    return results;
  }

  private receiveIn(tx: Tx, alert: IncomingAlert, triageOnly: boolean): AlertResult {
    const { store, plan, clock } = this.deps;
    const now = clock();
    const existing = store.alerts.active(tx, alert.fingerprint);
    if (alert.resolved) {
      if (!existing) return { action: 'ignored' };
      store.alerts.resolved(tx, existing.id, now);
      if (existing.crisisId)
        store.timeline.add(tx, existing.crisisId, now, null, { kind: 'alert_resolved', title: existing.title, source: existing.source });
      this.refreshTriage(tx, existing, now);
      return { action: 'resolved', alert_id: existing.id, ...(existing.crisisId ? { crisis_id: existing.crisisId } : {}) };
    }
    if (existing) {
      const seen = store.alerts.seenAgain(tx, existing.id, now);
      if (existing.crisisId)
        store.timeline.add(tx, existing.crisisId, now, null, { kind: 'alert_seen', title: existing.title, count: seen.seenCount });
      this.refreshTriage(tx, existing, now);
      return { action: 'duplicate', alert_id: existing.id, ...(existing.crisisId ? { crisis_id: existing.crisisId } : {}) };
    }
    const openAt = plan.alerts?.openAt ?? 'sev1';
    const opensAtOnce = !triageOnly && atOrAbove(alert.severity, openAt);
    const row = store.alerts.insert(tx, {
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
    // The alerts channel hears of every alert at once, whatever happens to a crisis it opens;
    // the crisis channel's link follows once that channel exists (SlackFacts.channelCreated).
    const crisisId = opensAtOnce ? this.openFromAlert(tx, row, { id: this.deps.botUserId }, 'at_once') : undefined;
    const digest = crisisId === undefined ? this.digestFor(tx, now) : undefined;
    if (digest) this.group(tx, row, digest, now);
    else this.deps.outbox.enqueue(tx, postTriage, { crisisId: crisisId ?? null, payload: { alertId: row.id }, runAt: now });
    // Nobody may have seen it: undecided after remind_after, the same people are told again.
    const remindAt = now + (this.deps.plan.alerts?.remindAfterMs ?? 0);
    if (crisisId === undefined && !digest)
      this.deps.outbox.enqueue(tx, triageDue, { crisisId: null, payload: { alertId: row.id }, runAt: remindAt });
    if (digest)
      this.deps.outbox.enqueue(tx, triageDue, {
        crisisId: null,
        payload: { digestId: digest.id },
        runAt: digest.openedAt + (this.deps.plan.alerts?.remindAfterMs ?? 0),
      });
    return crisisId === undefined ? { action: 'triage', alert_id: row.id } : { action: 'opened', alert_id: row.id, crisis_id: crisisId };
  }

  /**
   * The digest a new triage alert goes into: the one open, during a storm; a new one when the
   * alerts channel's posts are backed up; none when the channel keeps up.
   */
  private digestFor(tx: Tx, now: number): TriageDigest | undefined {
    const { store } = this.deps;
    return (
      store.alerts.openDigest(tx, now) ??
      (store.outbox.queued(postTriage.kind) >= GROUP_WHEN_QUEUED ? store.alerts.newDigest(tx, now, DIGEST_WINDOW_MS) : undefined)
    );
  }

  /** Into its digest: posted with its first alert, brought up to date with each next one. */
  private group(tx: Tx, alert: Alert, digest: TriageDigest, now: number): void {
    const { store, outbox, changes } = this.deps;
    store.alerts.joinDigest(tx, alert.id, digest.id);
    outbox.enqueue(tx, postDigest, { crisisId: null, payload: { digestId: digest.id }, runAt: now });
    changes.report(tx, null, { digests: [digest.id] }, now);
  }

  /** Dismiss all, on a digest: every alert in it not decided yet is dismissed, once. */
  dismissDigest(digestId: number, actor: Actor): void {
    const { store, changes, clock } = this.deps;
    store.transaction((tx) => {
      if (!store.alerts.digestById(digestId, tx)) throw new UserError({ code: 'unknown_digest' });
      const now = clock();
      if (store.alerts.dismissUndecided(tx, digestId, actor.id, now) === 0) throw new UserError({ code: 'nothing_to_dismiss' });
      rememberActor(this.deps, tx, actor, now);
      changes.report(tx, null, { digests: [digestId] }, now);
    });
    this.deps.kick();
  }

  /** A click on Open crisis, Customer service or Dismiss. The first decision stands. */
  decide(alertId: number, decision: TriageDecision, actor: Actor): { crisisId?: number } {
    const { store, clock, plan } = this.deps;
    // Nowhere to hand it to: the button says where to configure it, and nothing is decided.
    if (decision === 'customer_service' && !plan.customerServiceChannel) throw new UserError({ code: 'no_cs_channel' });
    const result = store.transaction((tx) => {
      const alert = store.alerts.byId(alertId, tx);
      if (!alert) throw new UserError({ code: 'unknown_alert' });
      const now = clock();
      if (!store.alerts.decide(tx, alertId, DECIDED[decision], actor.id, now))
        throw new UserError({ code: 'already_decided', by: alert.decidedBy });
      rememberActor(this.deps, tx, actor, now);
      const crisisId = decision === 'open' ? this.openFromAlert(tx, alert, actor, 'triage') : undefined;
      if (decision === 'customer_service')
        this.deps.outbox.enqueue(tx, handToCustomerService, { crisisId: null, payload: { alertId, by: actor.id }, runAt: now });
      // The buttons go at once; the crisis channel's link follows when the channel exists.
      this.refreshTriage(tx, alert, now);
      return crisisId === undefined ? {} : { crisisId };
    });
    this.deps.kick();
    return result;
  }

  /**
   * A social-listening reading. Stored first; judged against the source's own baseline; raises
   * one triage alert per excursion above the thresholds.
   */
  signal(reading: Reading): {
    action: 'recorded' | 'learning' | 'triage' | 'duplicate';
    baseline?: number;
    reasons?: readonly string[];
    alert_id?: number;
  } {
    const { store, plan, clock, texts } = this.deps;
    const now = clock();
    const at = reading.at ? Date.parse(reading.at) : now;
    const result = store.transaction((tx) => {
      const previous = store.alerts.recentMentions(tx, reading.source, BASELINE_WINDOW);
      store.alerts.addReading(tx, reading.source, reading.mentions, reading.negative, at);
      const verdict = evaluateReading(previous, reading.mentions, reading.negative, plan.thresholds);
      const state = store.alerts.sourceState(tx, reading.source);
      if (verdict.kind === 'learning') return { action: 'learning' as const };
      if (verdict.kind === 'normal') {
        if (state.alerting) store.alerts.setSourceState(tx, reading.source, false, null);
        return { action: 'recorded' as const, baseline: verdict.baseline };
      }
      const reasons = texts.thresholdReasons(verdict.reasons);
      if (state.alerting)
        return { action: 'duplicate' as const, baseline: verdict.baseline, reasons, ...(state.alertId ? { alert_id: state.alertId } : {}) };
      const incoming: IncomingAlert = {
        title: texts.signalTitle(reading.source),
        severity: 'sev2',
        source: reading.source,
        summary: reasons.join('\n'),
        url: undefined,
        // A new excursion is a new alert, even if the last one is still in triage.
        fingerprint: deriveFingerprint(`listening:${reading.source}`, String(now)),
        metrics: { mentions: reading.mentions, negative: reading.negative, baseline: verdict.baseline },
        resolved: false,
      };
      const raised = this.receiveIn(tx, incoming, true);
      store.alerts.setSourceState(tx, reading.source, true, raised.alert_id ?? null);
      return { action: 'triage' as const, baseline: verdict.baseline, reasons, ...(raised.alert_id ? { alert_id: raised.alert_id } : {}) };
    });
    if (result.action === 'triage') this.deps.kick();
    return result;
  }

  private openFromAlert(tx: Tx, alert: Alert, opener: Actor, how: 'at_once' | 'triage'): number {
    const { crises, store, clock, texts } = this.deps;
    const { crisis } = crises.openIn(tx, {
      title: alert.title,
      severity: alert.severity,
      type: 'default',
      summary: texts.crisisSummary(alert),
      opener,
      openKey: `alert:${alert.id}`,
    });
    store.alerts.linkCrisis(tx, alert.id, crisis.id);
    store.timeline.add(tx, crisis.id, clock(), null, {
      kind: 'alert',
      how,
      title: alert.title,
      source: alert.source,
      severity: alert.severity,
      url: alert.url,
    });
    return crisis.id;
  }

  private refreshTriage(tx: Tx, alert: Alert, now: number): void {
    this.deps.changes.report(tx, alert.crisisId, triageMessages([alert]), now);
  }
}
