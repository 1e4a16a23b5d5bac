import type { Plan } from '../config/plan.js';
import type { Page } from '../domain/crisis.js';
import type { JobOutbox } from '../jobs/index.js';
import { checkDnd, phoneDue } from '../jobs/phone.js';
import type { Tx } from '../store/db.js';

/**
 * Pages just written (inside their transaction): each call timed by its stage's phone_after, and
 * Slack's Do Not Disturb looked at where the call would otherwise wait.
 */
export async function filePhoneWork(tx: Tx, d: { outbox: JobOutbox; plan: Plan }, pages: readonly Page[], now: number): Promise<void> {
  for (const page of pages) {
    const after = d.plan.stages[page.stage - 1]?.phoneAfterMs;
    if (after === undefined) continue;
    await d.outbox.enqueue(tx, phoneDue, { crisisId: page.crisisId, payload: { pageId: page.id, attempt: 1 }, runAt: now + after });
    if (after > 0) await d.outbox.enqueue(tx, checkDnd, { crisisId: page.crisisId, payload: { pageId: page.id }, runAt: now });
  }
}
