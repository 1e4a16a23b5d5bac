import { describe, expect, it } from 'vitest';
import { personHome, type OpenWork } from '../../../src/domain/home.js';
import type { StatementRecord } from '../../../src/domain/statements.js';
import { crisisRow, examplePlan, itemRow, pageRow, versionRow, T0 } from '../support.js';

const plan = examplePlan();
const crisis = crisisRow({ id: 1 });
const closed = crisisRow({ id: 2, state: 'closed' });
const record = (authorId: string, over: Parameters<typeof versionRow>[0] = {}): StatementRecord => ({
  statement: { id: 7, crisisId: 1, authorId, platforms: [], createdAt: T0, channel: null, ts: null },
  versions: [versionRow({ authorId, ...over })],
  publications: [],
  sends: [],
});
const action = (over: { ownerId: string; doneAt?: number | null; crisisId?: number }) => ({
  id: 1,
  crisisId: over.crisisId ?? 2,
  ownerId: over.ownerId,
  text: 'Update the FAQ',
  createdBy: 'U0OMAR',
  createdAt: T0,
  doneBy: null,
  doneAt: over.doneAt ?? null,
  channel: null,
  ts: null,
  dueOn: null,
});
const work = (over: Partial<OpenWork> = {}): OpenWork => ({
  crises: [crisis],
  pages: [],
  statements: [],
  items: [],
  responses: [],
  actions: [],
  actionCrises: [crisis, closed],
  ...over,
});

describe('personHome', () => {
  it('holds only what waits for this person: unacknowledged pages, items of their roles, their open actions (also of closed crises)', () => {
    const home = personHome(
      plan,
      work({
        pages: [
          pageRow({ id: 1, userId: 'U0ANNA' }),
          pageRow({ id: 2, userId: 'U0ANNA', ackedAt: T0 }),
          pageRow({ id: 3, userId: 'U0KASIA' }),
        ],
        items: [
          itemRow({ id: 1, role: 'social-media-manager' }),
          itemRow({ id: 2, role: 'spokesperson' }),
          itemRow({ id: 3, role: 'social-media-manager', doneAt: T0 }),
        ],
        actions: [action({ ownerId: 'U0ANNA' }), action({ ownerId: 'U0ANNA', doneAt: T0 }), action({ ownerId: 'U0OMAR' })],
      }),
      'U0ANNA',
    );
    expect(home.pages.map((p) => p.page.id)).toEqual([1]);
    expect(home.items.map((i) => i.item.id)).toEqual([1]);
    expect(home.actions).toEqual([{ crisis: closed, action: action({ ownerId: 'U0ANNA' }) }]);
    expect(home.crises).toEqual([crisis]);
  });

  it('asks an approver for a waiting draft, never its author unless the plan lets authors approve, and not once decided', () => {
    const waiting = work({ statements: [record('U0OMAR')] });
    // Omar approves (crisis-lead, spokesperson) but wrote it; Anna wrote nothing but holds no approve mandate.
    expect(personHome(plan, waiting, 'U0OMAR').approvals).toEqual([]);
    expect(personHome(plan, waiting, 'U0ANNA').approvals).toEqual([]);
    expect(personHome({ ...plan, statementsSelfApprove: true }, waiting, 'U0OMAR').approvals).toHaveLength(1);
    const byAnna = work({ statements: [record('U0ANNA')] });
    expect(personHome(plan, byAnna, 'U0OMAR').approvals.map((a) => a.statementId)).toEqual([7]);
    expect(personHome(plan, work({ statements: [record('U0ANNA', { approvedAt: T0 })] }), 'U0OMAR').approvals).toEqual([]);
    expect(personHome(plan, work({ statements: [record('U0ANNA', { changesAt: T0 })] }), 'U0OMAR').approvals).toEqual([]);
  });
});
