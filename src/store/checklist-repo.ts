import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { ChecklistItem } from '../domain/crisis.js';
import type { Database } from './database.js';
import { caseById, first, idIn, pgUnnest, type Conn, type Tx } from './db.js';
import { checklistItems } from './schema.js';

const p = sql.placeholder;

/** A crisis's checklist: its items, and who ticked each and when. */
export class ChecklistRepo {
  /**
   * Reading an item and the publication's tick, prepared once on SQLite: building a statement
   * costs drizzle more than running it. They run on the one connection, so inside a transaction
   * they are part of it. PostgreSQL builds them on the transaction's own connection. (A burst of
   * clicks is read and written a batch at a time: see byIds, setStates and services/clicks.)
   */
  private readonly hot;

  constructor(private readonly d: Database) {
    this.hot = d.sqlite && {
      byId: d.db
        .select()
        .from(checklistItems)
        .where(eq(checklistItems.id, p('id')))
        .prepare(),
      done: d.db
        .update(checklistItems)
        .set({ doneAt: sql`${p('at')}`, doneBy: sql`${p('by')}` })
        .where(and(eq(checklistItems.id, p('id')), isNull(checklistItems.doneAt)))
        .prepare(),
    };
  }

  async insert(tx: Tx, rows: (typeof checklistItems.$inferInsert)[]): Promise<ChecklistItem[]> {
    return rows.length > 0 ? tx.insert(checklistItems).values(rows).returning() : [];
  }

  of(crisisId: number, conn: Conn = this.d.db): Promise<ChecklistItem[]> {
    return conn.select().from(checklistItems).where(eq(checklistItems.crisisId, crisisId)).orderBy(asc(checklistItems.position));
  }

  async byId(id: number, conn: Conn = this.d.db): Promise<ChecklistItem | undefined> {
    if (this.hot) return this.hot.byId.get({ id });
    return first(conn.select().from(checklistItems).where(eq(checklistItems.id, id)));
  }

  /** These items (a batch of clicks reads them at once; see services/clicks). */
  byIds(ids: readonly number[], conn: Conn = this.d.db): Promise<ChecklistItem[]> {
    return ids.length === 0
      ? Promise.resolve([])
      : conn
          .select()
          .from(checklistItems)
          .where(idIn(this.d.dialect, checklistItems.id, ids));
  }

  /**
   * Sets each item's state as a batch of clicks left it, in one statement. The caller decided
   * from what it read inside the same transaction, serialized with every other batch.
   */
  async setStates(tx: Tx, states: readonly { id: number; doneAt: number | null; doneBy: string | null }[]): Promise<void> {
    this.d.requireTransaction(tx, 'a tick');
    if (states.length === 0) return;
    if (this.d.dialect === 'postgres') {
      const rows = pgUnnest(
        [states.map((s) => s.id), 'integer'],
        [states.map((s) => s.doneAt), 'bigint'],
        [states.map((s) => s.doneBy), 'text'],
      );
      await this.d.exec(
        tx,
        sql`update checklist_items set done_at = v.done_at, done_by = v.done_by
            from ${rows} as v(id, done_at, done_by) where checklist_items.id = v.id`,
      );
      return;
    }
    await tx
      .update(checklistItems)
      .set({
        doneAt: caseById(checklistItems.id, states, (s) => s.doneAt, 'bigint'),
        doneBy: caseById(checklistItems.id, states, (s) => s.doneBy, 'text'),
      })
      .where(
        inArray(
          checklistItems.id,
          states.map((s) => s.id),
        ),
      );
  }

  /**
   * True only when this call changed the item, so a double click records one tick. `link`: the
   * public response a hand tick of the first-response item gave.
   */
  async done(tx: Tx, itemId: number, by: string | null, at: number, link?: string): Promise<boolean> {
    this.d.requireTransaction(tx, 'a tick');
    if (this.hot && link === undefined) return this.hot.done.run({ id: itemId, by, at }).changes === 1;
    const changed = await tx
      .update(checklistItems)
      .set({ doneAt: at, doneBy: by, ...(link === undefined ? {} : { link }) })
      .where(and(eq(checklistItems.id, itemId), isNull(checklistItems.doneAt)))
      .returning({ id: checklistItems.id });
    return changed.length === 1;
  }
}
