import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Changes } from '../../../src/services/changes.js';
import { Clicks, type Click } from '../../../src/services/clicks.js';
import { UserError } from '../../../src/services/errors.js';
import { Outbox } from '../../../src/outbox/outbox.js';
import type { Store } from '../../../src/store/store.js';
import { postgresUnderTest } from '../../support/store-under-test.js';
import { examplePlan, insertCrisis, tempDatabase } from '../support.js';

// A burst of clicks is decided as one batch: each click on what the clicks before it left, each
// with its own answer, every change written together in one transaction.

const NOW = Date.UTC(2026, 2, 5, 10);
const ANNA = { id: 'U0ANNA', name: 'anna' };
const OMAR = { id: 'U0OMAR', name: 'omar' };
let close: () => Promise<void>;
let store: Store;
let clicks: Clicks;
let crisisId: number;
let items: number[];
let annasPage: number;

beforeEach(async () => {
  ({ store, close } = await tempDatabase('clicks'));
  const outbox = new Outbox(store.outbox);
  // A window long enough that every click of a test's burst lands in one batch.
  clicks = new Clicks({ store, outbox, plan: examplePlan(), changes: new Changes(outbox) }, { windowMs: 50 });
  crisisId = await insertCrisis(store, NOW);
  await store.transaction(async (tx) => {
    items = (
      await store.checklist.insert(tx, [
        { crisisId, position: 0, text: 'Pause scheduled posts', role: null, dueAt: null, doneWhen: null },
        { crisisId, position: 1, text: 'Brief the switchboard', role: null, dueAt: null, doneWhen: null },
      ])
    ).map((item) => item.id);
    annasPage = (
      await store.pages.insert(tx, [{ crisisId, stage: 1, userId: ANNA.id, memberName: 'Anna Berg', pagedAt: NOW - 90_000 }])
    )[0]!.id;
  });
});
afterEach(() => close());

const burst = (list: Click[]) => Promise.allSettled(list.map((click) => clicks.submit(click)));
const timeline = async () => (await store.snapshot(crisisId))!.timeline.map((e) => ({ actorId: e.actorId, ...e.event }));
const refusal = (outcome: PromiseSettledResult<unknown>) =>
  outcome.status === 'rejected' && outcome.reason instanceof UserError ? outcome.reason.refusal.code : outcome.status;

describe('Clicks', () => {
  it('decides a burst in one transaction, each click on what the ones before it left', async () => {
    const transaction = vi.spyOn(store, 'transaction');
    const outcomes = await burst([
      { kind: 'tick', itemId: items[0]!, done: true, actor: ANNA, at: NOW + 1 },
      { kind: 'tick', itemId: items[0]!, done: true, actor: OMAR, at: NOW + 2 }, // a double click: no change
      { kind: 'tick', itemId: items[1]!, done: true, actor: OMAR, at: NOW + 3 },
      { kind: 'tick', itemId: items[1]!, done: false, actor: OMAR, at: NOW + 4 }, // undone in the same burst
      { kind: 'ack', pageId: annasPage, actor: ANNA, at: NOW + 5 },
      { kind: 'ack', pageId: annasPage, actor: ANNA, at: NOW + 6 },
    ]);
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value.changed : o.status))).toEqual([true, false, true, true, true, false]);
    const [first, second] = [outcomes[4], outcomes[5]].map((o) => (o!.status === 'fulfilled' ? o!.value.page : undefined));
    expect(first).toMatchObject({ id: annasPage, ackedAt: NOW + 5 });
    expect(second).toMatchObject({ id: annasPage, ackedAt: NOW + 5 });

    const stored = await store.checklist.of(crisisId);
    expect(stored.map((i) => [i.doneAt, i.doneBy])).toEqual([
      [NOW + 1, ANNA.id],
      [null, null],
    ]);
    expect((await store.pages.byId(annasPage))!.ackedAt).toBe(NOW + 5);
    expect(await timeline()).toEqual([
      { actorId: ANNA.id, kind: 'item_done', item: 'Pause scheduled posts' },
      { actorId: OMAR.id, kind: 'item_done', item: 'Brief the switchboard' },
      { actorId: OMAR.id, kind: 'item_undone', item: 'Brief the switchboard' },
      { actorId: ANNA.id, kind: 'acknowledged', member: 'Anna Berg', stage: 1, afterMs: 90_005, afterClose: false },
    ]);
    // One waiting render per message, however many clicks changed it.
    const renders = (await store.outbox.all()).map((job) => [job.kind, JSON.parse(job.payload) as unknown]);
    expect(renders.filter(([kind]) => kind === 'render_checklist')).toHaveLength(1);
    expect(renders.filter(([kind]) => kind === 'refresh_summary')).toHaveLength(1);
    expect(renders.filter(([kind]) => kind === 'refresh_page')).toEqual([['refresh_page', { pageId: annasPage }]]);
    const people = await store.people.all();
    expect([people.get(ANNA.id), people.get(OMAR.id)]).toEqual(['anna', 'omar']);
  });

  it('two batches at once (two instances) on the same item and page: one counts, the other decides on what it left', async () => {
    const outbox = new Outbox(store.outbox);
    // Another Clicks on the same database: on PostgreSQL its batch runs on a connection of its own.
    const other = new Clicks({ store, outbox, plan: examplePlan(), changes: new Changes(outbox) }, { windowMs: 50 });
    // Two connections open already, so that neither batch waits for one to be made.
    if (postgresUnderTest()) await Promise.all([1, 2].map(() => store.database.rows(store.database.db, sql`select pg_sleep(0.02)`)));
    const outcomes = await Promise.allSettled([
      clicks.submit({ kind: 'tick', itemId: items[0]!, done: true, actor: ANNA, at: NOW + 1 }),
      clicks.submit({ kind: 'ack', pageId: annasPage, actor: ANNA, at: NOW + 1 }),
      other.submit({ kind: 'tick', itemId: items[0]!, done: true, actor: OMAR, at: NOW + 2 }),
      other.submit({ kind: 'ack', pageId: annasPage, actor: ANNA, at: NOW + 2 }),
      other.submit({ kind: 'tick', itemId: items[1]!, done: true, actor: OMAR, at: NOW + 2 }),
    ]);
    const changed = outcomes.map((o) => (o.status === 'fulfilled' ? o.value.changed : o.status));
    // Whichever batch came second found the item done and the page acknowledged.
    expect([changed[0]! !== changed[2]!, changed[1]! !== changed[3]!, changed[4]]).toEqual([true, true, true]);
    expect((await timeline()).filter((e) => e.kind === 'item_done').map((e) => e.item)).toEqual(
      expect.arrayContaining(['Pause scheduled posts', 'Brief the switchboard']),
    );
    expect((await timeline()).filter((e) => e.kind === 'item_done')).toHaveLength(2);
    expect((await timeline()).filter((e) => e.kind === 'acknowledged')).toHaveLength(1);
  });

  it("refuses a click on its own, and the batch's other clicks still count", async () => {
    const outcomes = await burst([
      { kind: 'tick', itemId: 999_999, done: true, actor: ANNA, at: NOW + 1 },
      { kind: 'ack', pageId: annasPage, actor: OMAR, at: NOW + 2 },
      { kind: 'ack', pageId: 999_999, actor: OMAR, at: NOW + 3 },
      { kind: 'tick', itemId: items[0]!, done: true, actor: ANNA, at: NOW + 4 },
    ]);
    expect(outcomes.map(refusal)).toEqual(['unknown_item', 'not_your_page', 'unknown_page', 'fulfilled']);
    expect((await store.pages.byId(annasPage))!.ackedAt).toBeNull();
    expect(await timeline()).toEqual([{ actorId: ANNA.id, kind: 'item_done', item: 'Pause scheduled posts' }]);
  });

  it('refuses ticks on a closed crisis, but records a late acknowledgement as late', async () => {
    await store.transaction((tx) => store.crises.close(tx, crisisId, ANNA.id, NOW, undefined));
    const outcomes = await burst([
      { kind: 'tick', itemId: items[0]!, done: true, actor: ANNA, at: NOW + 1 },
      { kind: 'ack', pageId: annasPage, actor: ANNA, at: NOW + 2 },
    ]);
    expect(outcomes.map(refusal)).toEqual(['checklist_closed', 'fulfilled']);
    expect(await timeline()).toEqual([
      { actorId: ANNA.id, kind: 'acknowledged', member: 'Anna Berg', stage: 1, afterMs: 90_002, afterClose: true },
    ]);
    // A closed crisis's summary is not rendered again; the DM is.
    const kinds = (await store.outbox.all()).map((job) => job.kind);
    expect(kinds).toContain('refresh_page');
    expect(kinds).not.toContain('refresh_summary');
  });

  it('a batch whose transaction fails answers every click with the failure and records nothing', async () => {
    vi.spyOn(store.timeline, 'addAll').mockRejectedValueOnce(new Error('disk full'));
    const outcomes = await burst([
      { kind: 'tick', itemId: items[0]!, done: true, actor: ANNA, at: NOW + 1 },
      { kind: 'ack', pageId: annasPage, actor: ANNA, at: NOW + 2 },
    ]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : 'fulfilled'))).toEqual(['disk full', 'disk full']);
    expect((await store.checklist.of(crisisId)).map((i) => i.doneAt)).toEqual([null, null]);
    expect((await store.pages.byId(annasPage))!.ackedAt).toBeNull();
  });
});
