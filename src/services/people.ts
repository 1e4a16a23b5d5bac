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
  await rememberActors(d, tx, [{ actor, at: now }]);
}

/** Several who acted (a batch of clicks), as rememberActor for each, in one statement per table. */
export async function rememberActors(
  d: Pick<ServiceDeps, 'store' | 'outbox' | 'plan'>,
  tx: Tx,
  acted: readonly { actor: Actor; at: number }[],
): Promise<void> {
  await d.store.people.rememberAll(
    tx,
    acted.map(({ actor, at }) => ({ userId: actor.id, name: actor.name, at })),
  );
  const strangers = new Map(acted.filter(({ actor }) => !d.plan.roster.some((m) => m.slackId === actor.id)).map((a) => [a.actor.id, a.at]));
  // By id: two batches filing the same people wait for each other's keys in one order, never crosswise.
  await d.outbox.fileAll(
    tx,
    [...strangers]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([userId, at]) => d.outbox.filing(learnName, { crisisId: null, payload: { userId }, runAt: at })),
  );
}
