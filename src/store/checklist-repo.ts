import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { ChecklistItem } from '../domain/crisis.js';
import type { Database } from './database.js';
import { first, type Conn, type Tx } from './db.js';
import { checklistItems } from './schema.js';

const p = sql.placeholder;

/** A crisis's checklist: its items, and who ticked each and when. */
export class ChecklistRepo {
  /**
   * The queries behind a tick, prepared once on SQLite. Building a statement costs drizzle more
   * than running it, and 200 people clicking at once wait on each other's cost (bench/ack.ts).
   * They run on the one connection, so inside a transaction they are part of it. PostgreSQL
   * builds them on the transaction's own connection.
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
      undone: d.db
        .update(checklistItems)
        .set({ doneAt: null, doneBy: null })
        .where(and(eq(checklistItems.id, p('id')), isNotNull(checklistItems.doneAt)))
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

  /** True only when this call changed the item, so a double click records one tick. */
  async done(tx: Tx, itemId: number, by: string, at: number): Promise<boolean> {
    this.d.requireTransaction(tx, 'a tick');
    if (this.hot) return this.hot.done.run({ id: itemId, by, at }).changes === 1;
    const changed = await tx
      .update(checklistItems)
      .set({ doneAt: at, doneBy: by })
      .where(and(eq(checklistItems.id, itemId), isNull(checklistItems.doneAt)))
      .returning({ id: checklistItems.id });
    return changed.length === 1;
  }

  async undone(tx: Tx, itemId: number): Promise<boolean> {
    this.d.requireTransaction(tx, 'an untick');
    if (this.hot) return this.hot.undone.run({ id: itemId }).changes === 1;
    const changed = await tx
      .update(checklistItems)
      .set({ doneAt: null, doneBy: null })
      .where(and(eq(checklistItems.id, itemId), isNotNull(checklistItems.doneAt)))
      .returning({ id: checklistItems.id });
    return changed.length === 1;
  }
}
