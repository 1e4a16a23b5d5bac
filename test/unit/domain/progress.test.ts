import { describe, expect, it } from 'vitest';
import { progress } from '../../../src/domain/progress.js';
import { MIN, T0, crisisRow, itemRow, pageRow, snapshot } from '../support.js';

describe('progress', () => {
  it('counts done items and the total', () => {
    const snap = snapshot({
      items: [itemRow({ id: 1, doneAt: T0 + MIN, doneBy: 'U0ANNA' }), itemRow({ id: 2 }), itemRow({ id: 3 }), itemRow({ id: 4 })],
    });
    expect(progress(snap, T0 + 10 * MIN)).toMatchObject({ done: 1, total: 4 });
    expect(progress(snapshot(), T0)).toMatchObject({ done: 0, total: 0 });
  });

  it('measures the time to the earliest acknowledgement from the opening', () => {
    const snap = snapshot({
      pages: [
        pageRow({ id: 1, ackedAt: T0 + 7 * MIN }),
        pageRow({ id: 2, userId: 'U0KASIA', ackedAt: T0 + 3 * MIN }),
        pageRow({ id: 3, userId: 'U0OMAR', ackedAt: null }),
      ],
    });
    expect(progress(snap, T0 + 60 * MIN).timeToFirstAckMs).toBe(3 * MIN);
  });

  it('has no time to first acknowledgement when nobody acknowledged', () => {
    expect(progress(snapshot({ pages: [pageRow()] }), T0 + MIN).timeToFirstAckMs).toBeUndefined();
  });

  it('is open until now, or until it closed', () => {
    expect(progress(snapshot(), T0 + 42 * MIN).openForMs).toBe(42 * MIN);
    const closed = snapshot({ crisis: crisisRow({ state: 'closed', closedAt: T0 + 90 * MIN }) });
    expect(progress(closed, T0 + 500 * MIN).openForMs).toBe(90 * MIN);
  });
});
