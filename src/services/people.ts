import type { Plan } from '../config/plan.js';
import { learnName } from '../jobs/people.js';
import type { CrisisRepo, Tx } from '../store/crisis-repo.js';
import type { OutboxRepo } from '../store/outbox-repo.js';
import type { Actor } from './crisis-service.js';

/**
 * Someone acted in a crisis: remembered by the name their request carried, and, when the plan
 * does not name them, Slack is asked once for the name it shows (see learnName), so the debrief
 * names everyone as people know them.
 */
export function rememberActor(d: { repo: CrisisRepo; outbox: OutboxRepo; plan: Plan }, tx: Tx, actor: Actor, now: number): void {
  d.repo.rememberPerson(actor.id, actor.name, now);
  if (!d.plan.roster.some((m) => m.slackId === actor.id)) d.outbox.enqueue(tx, learnName, { crisisId: null, payload: { userId: actor.id }, runAt: now });
}
