import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { ChecklistItem } from '../domain/crisis.js';
import { requireTransaction, type Conn, type Db, type Tx } from './db.js';
import { checklistItems } from './schema.js';

const p = sql.placeholder;

/** A crisis's checklist: its items, and who ticked each and when. */
export class ChecklistRepo {
  /**
   * The queries behind a tick, prepared once. Building a statement costs drizzle more than
   * running it, and 200 people clicking at once wait on each other's cost (bench/ack.ts). They
   * run on the one connection, so inside a transaction they are part of it.
   */
  private readonly hot;

  constructor(private readonly db: Db) {
    this.hot = {
      byId: db
        .select()
        .from(checklistItems)
        .where(eq(checklistItems.id, p('id')))
        .prepare(),
      done: db
        .update(checklistItems)
        .set({ doneAt: sql`${p('at')}`, doneBy: sql`${p('by')}` })
        .where(and(eq(checklistItems.id, p('id')), isNull(checklistItems.doneAt)))
        .prepare(),
      undone: db
        .update(checklistItems)
        .set({ doneAt: null, doneBy: null })
        .where(and(eq(checklistItems.id, p('id')), isNotNull(checklistItems.doneAt)))
        .prepare(),
    };
  }

  insert(tx: Conn, rows: (typeof checklistItems.$inferInsert)[]): ChecklistItem[] {
    return rows.length > 0 ? tx.insert(checklistItems).values(rows).returning().all() : [];
  }

  of(crisisId: number, conn: Conn = this.db): ChecklistItem[] {
    return conn.select().from(checklistItems).where(eq(checklistItems.crisisId, crisisId)).orderBy(asc(checklistItems.position)).all();
  }

  byId(id: number): ChecklistItem | undefined {
    return this.hot.byId.get({ id });
  }

  /** True only when this call changed the item, so a double click records one tick. */
  done(tx: Tx, itemId: number, by: string, at: number): boolean {
    requireTransaction(this.db, 'a tick');
    return this.hot.done.run({ id: itemId, by, at }).changes === 1;
  }

  undone(tx: Tx, itemId: number): boolean {
    requireTransaction(this.db, 'an untick');
    return this.hot.undone.run({ id: itemId }).changes === 1;
  }
}
