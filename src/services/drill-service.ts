import type { Tx } from '../store/db.js';
import type { ServiceDeps } from './deps.js';
import type { ResponseService } from './response-service.js';

/** Where a drill's scripted public posts point: a reserved name that never reaches anyone (RFC 2606). */
export const DRILL_POST_HOST = 'drill.invalid';

/**
 * A scripted drill playing the world: at each step of its scenario, a listening reading, an
 * alert or an inject is posted in the drill's channel, and a public post lands in its response
 * queue. Nothing leaves the drill: no alert reaches the alerts channel, no reading the
 * thresholds or another crisis's chart.
 */
export class DrillService {
  constructor(private readonly deps: ServiceDeps & { responses: ResponseService }) {}

  /** Step `index` is due: played, unless the drill ended or the plan no longer has it. */
  async onStep(tx: Tx, crisisId: number, index: number, now: number): Promise<void> {
    const { store, plan, pager, responses } = this.deps;
    const crisis = await store.crises.byId(crisisId, tx);
    if (!crisis?.drill || crisis.state !== 'open' || crisis.drillScenario === null) return;
    const step = plan.drills.find((d) => d.id === crisis.drillScenario)?.script[index];
    if (!step) return;
    switch (step.kind) {
      case 'reading':
        return pager.notice(
          tx,
          crisisId,
          { kind: 'drill_reading', source: step.source, mentions: step.mentions, negative: step.negative },
          now,
        );
      case 'alert':
        return pager.notice(tx, crisisId, { kind: 'drill_alert', title: step.title, source: step.source ?? null }, now);
      case 'inject':
        return pager.notice(tx, crisisId, { kind: 'drill_inject', text: step.text }, now);
      case 'post': {
        const url = new URL(`https://${DRILL_POST_HOST}/${crisisId}/${index}`);
        await responses.addListenedIn(
          tx,
          crisisId,
          [{ url, platform: step.platform, author: step.author, text: step.text, postedAt: now }],
          now,
        );
        return;
      }
    }
  }
}
