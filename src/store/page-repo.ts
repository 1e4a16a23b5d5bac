import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Inform, Page } from '../domain/crisis.js';
import { requireTransaction, type Conn, type Db, type Tx } from './db.js';
import { informs, pages } from './schema.js';

const p = sql.placeholder;

/** Who was called in: the pages that ask for an acknowledgement, and those told for their information. */
export class PageRepo {
  /** Behind every acknowledgement: prepared once (see ChecklistRepo for why). */
  private readonly hot;

  constructor(private readonly db: Db) {
    this.hot = {
      byId: db
        .select()
        .from(pages)
        .where(eq(pages.id, p('id')))
        .prepare(),
      acknowledge: db
        .update(pages)
        .set({ ackedAt: sql`${p('at')}` })
        .where(and(eq(pages.id, p('id')), isNull(pages.ackedAt)))
        .prepare(),
    };
  }

  insert(tx: Conn, rows: (typeof pages.$inferInsert)[]): Page[] {
    if (rows.length === 0) return [];
    return tx.insert(pages).values(rows).onConflictDoNothing().returning().all();
  }

  of(crisisId: number, conn: Conn = this.db): Page[] {
    return conn.select().from(pages).where(eq(pages.crisisId, crisisId)).orderBy(asc(pages.id)).all();
  }

  byId(id: number): Page | undefined {
    return this.hot.byId.get({ id });
  }

  markSent(tx: Conn, id: number, dmChannel: string, dmTs: string, hasLink: boolean): void {
    tx.update(pages).set({ dmChannel, dmTs, dmHasLink: hasLink }).where(eq(pages.id, id)).run();
  }

  /** True only the first time: a page is chased once. */
  markChased(tx: Conn, id: number, at: number): boolean {
    return (
      tx
        .update(pages)
        .set({ chasedAt: at })
        .where(and(eq(pages.id, id), isNull(pages.chasedAt)))
        .run().changes === 1
    );
  }

  /** True only for the first acknowledgement of a page; part of `tx`, with what it records. */
  acknowledge(tx: Tx, pageId: number, at: number): boolean {
    requireTransaction(this.db, 'an acknowledgement');
    return this.hot.acknowledge.run({ id: pageId, at }).changes === 1;
  }

  /** Those already told (once per person and crisis) are left out of what is returned. */
  insertInforms(tx: Conn, rows: (typeof informs.$inferInsert)[]): Inform[] {
    if (rows.length === 0) return [];
    return tx.insert(informs).values(rows).onConflictDoNothing().returning().all();
  }

  informsOf(crisisId: number, conn: Conn = this.db): Inform[] {
    return conn.select().from(informs).where(eq(informs.crisisId, crisisId)).orderBy(asc(informs.id)).all();
  }

  informById(id: number): Inform | undefined {
    return this.db.select().from(informs).where(eq(informs.id, id)).get();
  }

  markInformSent(tx: Conn, id: number, dmChannel: string, dmTs: string): void {
    tx.update(informs).set({ dmChannel, dmTs }).where(eq(informs.id, id)).run();
  }
}
