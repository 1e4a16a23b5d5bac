import { LEAD_IN_MS, chartStart, type ChartReading } from '../domain/chart.js';
import type { CrisisSnapshot } from '../domain/crisis.js';
import type { DebriefRevision } from '../domain/debrief.js';
import { uploadDebriefVersion } from '../jobs/debrief.js';
import type { Tx } from '../store/db.js';
import type { DebriefRepo } from '../store/debrief-repo.js';
import type { ServiceDeps } from './deps.js';
import type { Store } from '../store/store.js';

/** The debrief as a document (in the plan's language; see views/debrief-file), with the listening readings while it ran. */
export type CompileDebrief = (snap: CrisisSnapshot, now: number, readings: readonly ChartReading[]) => string;

/** The debrief of `snap`, compiled inside the transaction with the readings of how big it got. */
export async function compileDebriefIn(store: Store, tx: Tx, compile: CompileDebrief, snap: CrisisSnapshot, now: number): Promise<string> {
  const readings = await store.alerts.readingsBetween(chartStart(snap) - LEAD_IN_MS, snap.crisis.closedAt ?? now, tx);
  return compile(snap, now, readings);
}

/**
 * The debrief after the close. Something that belongs in it can happen later (posts resumed
 * after the crisis; lessons and actions): the debrief is compiled again as a new version, and
 * that file is shared where the first one was, saying what changed, rather than a second post.
 */
export class DebriefService {
  constructor(
    private readonly deps: Pick<ServiceDeps, 'store' | 'outbox' | 'plan'> & {
      debriefs: DebriefRepo;
      compileDebrief: CompileDebrief;
    },
  ) {}

  /** Inside the transaction that changed what the debrief says; nothing while the crisis is open. */
  async reviseIn(tx: Tx, crisisId: number, reason: DebriefRevision, now: number): Promise<void> {
    const { store, outbox, plan, debriefs } = this.deps;
    const crisis = await store.crises.byId(crisisId, tx);
    if (!crisis || crisis.state !== 'closed') return;
    const text = await compileDebriefIn(store, tx, this.deps.compileDebrief, (await store.snapshot(crisisId, tx))!, now);
    const version = (await debriefs.latest(crisisId, tx)) + 1;
    await debriefs.insert(tx, { crisisId, version, text, reason, at: now });
    await store.crises.setDebrief(tx, crisisId, text);
    if (crisis.channelId) await outbox.enqueue(tx, uploadDebriefVersion, { crisisId, payload: { target: 'crisis', version }, runAt: now });
    if (plan.debriefChannel)
      await outbox.enqueue(tx, uploadDebriefVersion, { crisisId, payload: { target: 'archive', version }, runAt: now });
  }
}
