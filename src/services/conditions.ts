import type { DoneWhen } from '../domain/checklist.js';
import type { Tx } from '../store/db.js';
import type { FreezeRepo } from '../store/freeze-repo.js';
import type { ServiceDeps } from './deps.js';

/**
 * The item the plan ties to `when` is ticked by the event itself, inside the transaction that
 * recorded the event, so the checklist can never say a thing was not done that the freeze, the
 * statements or the Q&A say was (nor the other way round). `by` is whoever completed it; null
 * for the bot. Only while the crisis is open: the checklist is closed with the crisis. Returns
 * whether an item was ticked (the caller reports the checklist's change with its own).
 */
export async function tickCondition(
  deps: Pick<ServiceDeps, 'store'>,
  tx: Tx,
  crisisId: number,
  when: DoneWhen,
  by: string | null,
  now: number,
): Promise<boolean> {
  const { store } = deps;
  const crisis = await store.crises.byId(crisisId, tx);
  if (!crisis || crisis.state !== 'open') return false;
  const item = (await store.checklist.of(crisisId, tx)).find((i) => i.doneWhen === when && i.doneAt === null);
  if (!item || !(await store.checklist.done(tx, item.id, by, now))) return false;
  await store.timeline.add(tx, crisisId, now, by, { kind: 'item_done', item: item.text });
  return true;
}

/** The last account confirmed paused (by its owner, or by the bot through the scheduler) ticks the freeze's item. */
export async function allPausedIn(
  deps: Pick<ServiceDeps, 'store'> & { freezes: FreezeRepo },
  tx: Tx,
  crisisId: number,
  by: string | null,
  now: number,
): Promise<boolean> {
  const rows = await deps.freezes.of(crisisId, tx);
  if (rows.length === 0 || rows.some((f) => f.frozenAt === null)) return false;
  return tickCondition(deps, tx, crisisId, 'all_accounts_paused', by, now);
}
