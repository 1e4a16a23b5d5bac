import { handToCustomerService } from '../jobs/handoff.js';
import { deriveFingerprint, type Alert, type IncomingAlert, type TriageDigest } from '../domain/alerts.js';
import { atOrAbove } from '../domain/severity.js';
import { BASELINE_WINDOW, evaluateReading, type ThresholdReason } from '../domain/signals.js';
import { postDigest, postTriage, triageDue } from '../jobs/triage.js';
import { postNotice } from '../jobs/channel-posts.js';
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
/** The topic alert intake and listening readings serialize on (see Store.serialize). */
const ALERT_INTAKE = 'alert-intake';
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
  async receive(alert: IncomingAlert, triageOnly = false): Promise<AlertResult> {
    const result = await this.deps.store.transaction((tx) => this.receiveIn(tx, alert, triageOnly));
    if (result.action !== 'ignored') this.deps.kick();
    return result;
  }

  /** An Alertmanager delivery: all of it is recorded, or none of it (then the sender retries). */
  async receiveAll(alerts: readonly IncomingAlert[]): Promise<AlertResult[]> {
    const results = await this.deps.store.transaction(async (tx) => {
      const results: AlertResult[] = [];
      for (const alert of alerts) results.push(await this.receiveIn(tx, alert, false));
      return results;
    });
    this.deps.kick();
    return results;
  }

  private async receiveIn(tx: Tx, alert: IncomingAlert, triageOnly: boolean): Promise<AlertResult> {
    const { store, plan, clock } = this.deps;
    const now = clock();
    // Whether it repeats an alert, and whether a storm needs a digest, depend on the alerts
    // received just before it: on a shared database those are decided one at a time.
    await store.serialize(tx, ALERT_INTAKE);
    const existing = await store.alerts.active(tx, alert.fingerprint);
    if (alert.resolved) {
      if (!existing) return { action: 'ignored' };
      await store.alerts.resolved(tx, existing.id, now);
      if (existing.crisisId)
        await store.timeline.add(tx, existing.crisisId, now, null, {
          kind: 'alert_resolved',
          title: existing.title,
          source: existing.source,
        });
      await this.refreshTriage(tx, existing, now);
      return { action: 'resolved', alert_id: existing.id, ...(existing.crisisId ? { crisis_id: existing.crisisId } : {}) };
    }
    if (existing) {
      const seen = await store.alerts.seenAgain(tx, existing.id, now);
      if (existing.crisisId)
        await store.timeline.add(tx, existing.crisisId, now, null, { kind: 'alert_seen', title: existing.title, count: seen.seenCount });
      await this.refreshTriage(tx, existing, now);
      return { action: 'duplicate', alert_id: existing.id, ...(existing.crisisId ? { crisis_id: existing.crisisId } : {}) };
    }
    const openAt = plan.alerts?.openAt ?? 'sev1';
    const opensAtOnce = !triageOnly && atOrAbove(alert.severity, openAt);
    const row = await store.alerts.insert(tx, {
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
    const crisisId = opensAtOnce ? await this.openFromAlert(tx, row, { id: this.deps.botUserId }, 'at_once') : undefined;
    const digest = crisisId === undefined ? await this.digestFor(tx, now) : undefined;
    if (digest) await this.group(tx, row, digest, now);
    else await this.deps.outbox.enqueue(tx, postTriage, { crisisId: crisisId ?? null, payload: { alertId: row.id }, runAt: now });
    // Nobody may have seen it: undecided after remind_after, the same people are told again.
    const remindAt = now + (this.deps.plan.alerts?.remindAfterMs ?? 0);
    if (crisisId === undefined && !digest)
      await this.deps.outbox.enqueue(tx, triageDue, { crisisId: null, payload: { alertId: row.id }, runAt: remindAt });
    if (digest)
      await this.deps.outbox.enqueue(tx, triageDue, {
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
  private async digestFor(tx: Tx, now: number): Promise<TriageDigest | undefined> {
    const { store } = this.deps;
    return (
      (await store.alerts.openDigest(tx, now)) ??
      ((await store.outbox.queued(postTriage.kind, tx)) >= GROUP_WHEN_QUEUED
        ? await store.alerts.newDigest(tx, now, DIGEST_WINDOW_MS)
        : undefined)
    );
  }

  /** Into its digest: posted with its first alert, brought up to date with each next one. */
  private async group(tx: Tx, alert: Alert, digest: TriageDigest, now: number): Promise<void> {
    const { store, outbox, changes } = this.deps;
    await store.alerts.joinDigest(tx, alert.id, digest.id);
    await outbox.enqueue(tx, postDigest, { crisisId: null, payload: { digestId: digest.id }, runAt: now });
    await changes.report(tx, null, { digests: [digest.id] }, now);
  }

  /** Dismiss all, on a digest: every alert in it not decided yet is dismissed, once. */
  async dismissDigest(digestId: number, actor: Actor): Promise<void> {
    const { store, changes, clock } = this.deps;
    await store.transaction(async (tx) => {
      if (!(await store.alerts.digestById(digestId, tx))) throw new UserError({ code: 'unknown_digest' });
      const now = clock();
      if ((await store.alerts.dismissUndecided(tx, digestId, actor.id, now)) === 0) throw new UserError({ code: 'nothing_to_dismiss' });
      await rememberActor(this.deps, tx, actor, now);
      await changes.report(tx, null, { digests: [digestId] }, now);
    });
    this.deps.kick();
  }

  /** A click on Open crisis, Customer service or Dismiss. The first decision stands. */
  async decide(alertId: number, decision: TriageDecision, actor: Actor): Promise<{ crisisId?: number }> {
    const { store, clock, plan } = this.deps;
    // Nowhere to hand it to: the button says where to configure it, and nothing is decided.
    if (decision === 'customer_service' && !plan.customerServiceChannel) throw new UserError({ code: 'no_cs_channel' });
    const result = await store.transaction(async (tx) => {
      const alert = await store.alerts.byId(alertId, tx);
      if (!alert) throw new UserError({ code: 'unknown_alert' });
      const now = clock();
      if (!(await store.alerts.decide(tx, alertId, DECIDED[decision], actor.id, now)))
        throw new UserError({ code: 'already_decided', by: alert.decidedBy });
      await rememberActor(this.deps, tx, actor, now);
      const crisisId = decision === 'open' ? await this.openFromAlert(tx, alert, actor, 'triage') : undefined;
      if (decision === 'customer_service')
        await this.deps.outbox.enqueue(tx, handToCustomerService, { crisisId: null, payload: { alertId, by: actor.id }, runAt: now });
      // The buttons go at once; the crisis channel's link follows when the channel exists.
      await this.refreshTriage(tx, alert, now);
      return crisisId === undefined ? {} : { crisisId };
    });
    this.deps.kick();
    return result;
  }

  /**
   * Add to crisis: an alert that came in while a crisis is open belongs to it rather than to a
   * second crisis. The first decision stands; the crisis channel is told, and its timeline and
   * debrief keep the alert.
   */
  async addToCrisis(alertId: number, crisisId: number, actor: Actor): Promise<void> {
    const { store, clock, outbox } = this.deps;
    await store.transaction(async (tx) => {
      const alert = await store.alerts.byId(alertId, tx);
      if (!alert) throw new UserError({ code: 'unknown_alert' });
      const crisis = await store.crises.byId(crisisId, tx);
      if (!crisis) throw new UserError({ code: 'stale_button' });
      if (crisis.state !== 'open') throw new UserError({ code: 'crisis_closed' });
      const now = clock();
      if (!(await store.alerts.decide(tx, alertId, 'added', actor.id, now)))
        throw new UserError({ code: 'already_decided', by: alert.decidedBy });
      await rememberActor(this.deps, tx, actor, now);
      await store.alerts.linkCrisis(tx, alertId, crisis.id);
      const { title, source, severity, url } = alert;
      await store.timeline.add(tx, crisis.id, now, actor.id, { kind: 'alert', how: 'added', title, source, severity, url });
      await outbox.enqueue(tx, postNotice, {
        crisisId: crisis.id,
        payload: { kind: 'alert_added', title, source, url, by: actor.id },
        runAt: now,
      });
      await this.refreshTriage(tx, { ...alert, crisisId: crisis.id }, now);
    });
    this.deps.kick();
  }

  /**
   * A social-listening reading. Stored first; judged against the source's own baseline; raises
   * one triage alert per excursion above the thresholds.
   */
  async signal(reading: Reading): Promise<{
    action: 'recorded' | 'learning' | 'triage' | 'duplicate';
    baseline?: number;
    reasons?: readonly string[];
    alert_id?: number;
  }> {
    const { store, plan, clock, texts } = this.deps;
    const now = clock();
    const at = reading.at ? Date.parse(reading.at) : now;
    const result = await store.transaction(async (tx) => {
      // A reading's verdict reads the readings before it and whether its source is alerting.
      await store.serialize(tx, ALERT_INTAKE);
      const previous = await store.alerts.recentMentions(tx, reading.source, BASELINE_WINDOW);
      await store.alerts.addReading(tx, reading.source, reading.mentions, reading.negative, at);
      const verdict = evaluateReading(previous, reading.mentions, reading.negative, plan.thresholds);
      const state = await store.alerts.sourceState(tx, reading.source);
      if (verdict.kind === 'learning') return { action: 'learning' as const };
      if (verdict.kind === 'normal') {
        if (state.alerting) await store.alerts.setSourceState(tx, reading.source, false, null);
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
      const raised = await this.receiveIn(tx, incoming, true);
      await store.alerts.setSourceState(tx, reading.source, true, raised.alert_id ?? null);
      return { action: 'triage' as const, baseline: verdict.baseline, reasons, ...(raised.alert_id ? { alert_id: raised.alert_id } : {}) };
    });
    if (result.action === 'triage') this.deps.kick();
    return result;
  }

  private async openFromAlert(tx: Tx, alert: Alert, opener: Actor, how: 'at_once' | 'triage'): Promise<number> {
    const { crises, store, clock, texts } = this.deps;
    const { crisis } = await crises.openIn(tx, {
      title: alert.title,
      severity: alert.severity,
      type: 'default',
      summary: texts.crisisSummary(alert),
      opener,
      openKey: `alert:${alert.id}`,
    });
    await store.alerts.linkCrisis(tx, alert.id, crisis.id);
    await store.timeline.add(tx, crisis.id, clock(), null, {
      kind: 'alert',
      how,
      title: alert.title,
      source: alert.source,
      severity: alert.severity,
      url: alert.url,
    });
    return crisis.id;
  }

  private async refreshTriage(tx: Tx, alert: Alert, now: number): Promise<void> {
    await this.deps.changes.report(tx, alert.crisisId, triageMessages([alert]), now);
  }
}
