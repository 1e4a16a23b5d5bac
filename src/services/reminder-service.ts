import { crisisLeads } from '../domain/escalation.js';
import { membersFor } from '../domain/roster.js';
import { updateCadence } from '../jobs/deadlines.js';
import { postTriageReminder } from '../jobs/triage.js';
import type { Tx } from '../store/db.js';
import type { ServiceDeps } from './deps.js';

/** A tick may run a little before its second; count an update as due within this margin. */
export const EARLY_MARGIN_MS = 250;

/**
 * Reminders the seeds ask for: a status update when none came within the plan's cadence
 * (update as information arrives, and say so when the picture is incomplete), and an item not
 * done by its due time. Both run inside the transaction that completes their deadline job.
 */
export class ReminderService {
  constructor(private readonly deps: Pick<ServiceDeps, 'store' | 'outbox' | 'pager' | 'plan' | 'clock'> & { botUserId: string }) {}

  onCadence(tx: Tx, crisisId: number): void {
    const { store, outbox, pager, plan, clock } = this.deps;
    const every = plan.statusUpdateEveryMs;
    const crisis = store.crises.byId(crisisId);
    if (every === undefined || !crisis || crisis.state !== 'open') return;
    const now = clock();
    const last = Math.max(crisis.openedAt, store.updates.lastAt(crisisId, tx) ?? 0);
    let next = last + every;
    if (now + EARLY_MARGIN_MS >= next) {
      const leads = crisisLeads(plan, crisis, this.deps.botUserId);
      store.timeline.add(tx, crisisId, now, null, { kind: 'update_overdue', sinceMs: now - last });
      pager.notice(tx, crisisId, { kind: 'update_overdue', sinceMs: now - last, leads }, now);
      next = now + every;
    }
    outbox.enqueue(tx, updateCadence, { crisisId, runAt: next });
  }

  /** A triage message (an alert, or a digest) reached `alerts.remind_after`: reminded if still undecided. */
  onTriageDue(tx: Tx, target: { alertId: number } | { digestId: number }): void {
    const { store, outbox, clock } = this.deps;
    const alerts = 'alertId' in target ? [store.alerts.byId(target.alertId, tx)] : store.alerts.alertsOf(target.digestId, tx);
    if (!alerts.some((a) => a?.state === 'triage')) return;
    outbox.enqueue(tx, postTriageReminder, { crisisId: null, payload: target, runAt: clock() });
  }

  onItemDue(tx: Tx, itemId: number): void {
    const { store, pager, plan, clock } = this.deps;
    const item = store.checklist.byId(itemId);
    const crisis = item && store.crises.byId(item.crisisId);
    if (!item || !crisis || crisis.state !== 'open' || item.doneAt !== null) return;
    const now = clock();
    const owners = item.role ? membersFor(plan, [item.role]).map((m) => m.slackId) : [];
    store.timeline.add(tx, crisis.id, now, null, { kind: 'item_overdue', item: item.text });
    pager.notice(tx, crisis.id, { kind: 'item_overdue', item: item.text, role: item.role, owners, dueAt: item.dueAt!, at: now }, now);
  }
}
