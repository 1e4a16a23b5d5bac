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

  async onCadence(tx: Tx, crisisId: number): Promise<void> {
    const { store, outbox, pager, plan, clock } = this.deps;
    const every = plan.statusUpdateEveryMs;
    const crisis = await store.crises.byId(crisisId, tx);
    if (every === undefined || !crisis || crisis.state !== 'open') return;
    const now = clock();
    const last = Math.max(crisis.openedAt, (await store.updates.lastAt(crisisId, tx)) ?? 0);
    let next = last + every;
    if (now + EARLY_MARGIN_MS >= next) {
      const leads = crisisLeads(plan, crisis, this.deps.botUserId);
      await store.timeline.add(tx, crisisId, now, null, { kind: 'update_overdue', sinceMs: now - last });
      await pager.notice(tx, crisisId, { kind: 'update_overdue', sinceMs: now - last, leads }, now);
      next = now + every;
    }
    await outbox.enqueue(tx, updateCadence, { crisisId, runAt: next });
  }

  /** A triage message (an alert, or a digest) reached `alerts.remind_after`: reminded if still undecided. */
  async onTriageDue(tx: Tx, target: { alertId: number } | { digestId: number }): Promise<void> {
    const { store, outbox, clock } = this.deps;
    const alerts = 'alertId' in target ? [await store.alerts.byId(target.alertId, tx)] : await store.alerts.alertsOf(target.digestId, tx);
    if (!alerts.some((a) => a?.state === 'triage')) return;
    await outbox.enqueue(tx, postTriageReminder, { crisisId: null, payload: target, runAt: clock() });
  }

  async onItemDue(tx: Tx, itemId: number): Promise<void> {
    const { store, pager, plan, clock } = this.deps;
    const item = await store.checklist.byId(itemId, tx);
    const crisis = item && (await store.crises.byId(item.crisisId, tx));
    if (!item || !crisis || crisis.state !== 'open' || item.doneAt !== null) return;
    const now = clock();
    const owners = item.role ? membersFor(plan, [item.role]).map((m) => m.slackId) : [];
    await store.timeline.add(tx, crisis.id, now, null, { kind: 'item_overdue', item: item.text });
    await pager.notice(tx, crisis.id, { kind: 'item_overdue', item: item.text, role: item.role, owners, dueAt: item.dueAt!, at: now }, now);
  }
}
