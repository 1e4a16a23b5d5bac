import { learnName } from '../jobs/people.js';
import type { Tx } from '../store/db.js';
import type { ServiceDeps } from './deps.js';

/** Someone who acted in a crisis, as a request from Slack names them. */
export interface Actor {
  id: string;
  /** How Slack named them in the request, remembered for the debrief. */
  name?: string | undefined;
}

/**
 * Someone acted in a crisis: remembered by the name their request carried, and, when the plan
 * does not name them, Slack is asked once for the name it shows (see learnName), so the debrief
 * names everyone as people know them.
 */
export async function rememberActor(d: Pick<ServiceDeps, 'store' | 'outbox' | 'plan'>, tx: Tx, actor: Actor, now: number): Promise<void> {
  await d.store.people.remember(tx, actor.id, actor.name, now);
  if (!d.plan.roster.some((m) => m.slackId === actor.id))
    await d.outbox.enqueue(tx, learnName, { crisisId: null, payload: { userId: actor.id }, runAt: now });
}
