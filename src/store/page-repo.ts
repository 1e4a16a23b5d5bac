import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Inform, Page } from '../domain/crisis.js';
import type { Database } from './database.js';
import { caseById, first, idIn, pgUnnest, type Conn, type Tx } from './db.js';
import { informs, pages } from './schema.js';

const p = sql.placeholder;

/** Who was called in: the pages that ask for an acknowledgement, and those told for their information. */
export class PageRepo {
  /** Read by every page job and its report: prepared once on SQLite (see ChecklistRepo for why). */
  private readonly hot;

  constructor(private readonly d: Database) {
    this.hot = d.sqlite && {
      byId: d.db
        .select()
        .from(pages)
        .where(eq(pages.id, p('id')))
        .prepare(),
    };
  }

  async insert(tx: Tx, rows: (typeof pages.$inferInsert)[]): Promise<Page[]> {
    if (rows.length === 0) return [];
    return tx.insert(pages).values(rows).onConflictDoNothing().returning();
  }

  of(crisisId: number, conn: Conn = this.d.db): Promise<Page[]> {
    return conn.select().from(pages).where(eq(pages.crisisId, crisisId)).orderBy(asc(pages.id));
  }

  async byId(id: number, conn: Conn = this.d.db): Promise<Page | undefined> {
    if (this.hot) return this.hot.byId.get({ id });
    return first(conn.select().from(pages).where(eq(pages.id, id)));
  }

  /** These pages (a batch of clicks reads them at once; see services/clicks). */
  byIds(ids: readonly number[], conn: Conn = this.d.db): Promise<Page[]> {
    return ids.length === 0
      ? Promise.resolve([])
      : conn
          .select()
          .from(pages)
          .where(idIn(this.d.dialect, pages.id, ids));
  }

  /** The first acknowledgement of each page, in one statement. */
  async acknowledgeAll(tx: Tx, acks: readonly { id: number; at: number }[]): Promise<void> {
    this.d.requireTransaction(tx, 'an acknowledgement');
    if (acks.length === 0) return;
    if (this.d.dialect === 'postgres') {
      const rows = pgUnnest([acks.map((a) => a.id), 'integer'], [acks.map((a) => a.at), 'bigint']);
      await this.d.exec(
        tx,
        sql`update pages set acked_at = v.at from ${rows} as v(id, at) where pages.id = v.id and pages.acked_at is null`,
      );
      return;
    }
    await tx
      .update(pages)
      .set({ ackedAt: caseById(pages.id, acks, (a) => a.at, 'bigint') })
      .where(
        and(
          inArray(
            pages.id,
            acks.map((a) => a.id),
          ),
          isNull(pages.ackedAt),
        ),
      );
  }

  async markSent(tx: Tx, id: number, dmChannel: string, dmTs: string, hasLink: boolean): Promise<void> {
    await tx.update(pages).set({ dmChannel, dmTs, dmHasLink: hasLink }).where(eq(pages.id, id));
  }

  /** True only the first time: a page is chased once. */
  async markChased(tx: Tx, id: number, at: number): Promise<boolean> {
    const chased = await tx
      .update(pages)
      .set({ chasedAt: at })
      .where(and(eq(pages.id, id), isNull(pages.chasedAt)))
      .returning({ id: pages.id });
    return chased.length === 1;
  }

  /** Those already told (once per person and crisis) are left out of what is returned. */
  async insertInforms(tx: Tx, rows: (typeof informs.$inferInsert)[]): Promise<Inform[]> {
    if (rows.length === 0) return [];
    return tx.insert(informs).values(rows).onConflictDoNothing().returning();
  }

  informsOf(crisisId: number, conn: Conn = this.d.db): Promise<Inform[]> {
    return conn.select().from(informs).where(eq(informs.crisisId, crisisId)).orderBy(asc(informs.id));
  }

  informById(id: number, conn: Conn = this.d.db): Promise<Inform | undefined> {
    return first(conn.select().from(informs).where(eq(informs.id, id)));
  }

  async markInformSent(tx: Tx, id: number, dmChannel: string, dmTs: string): Promise<void> {
    await tx.update(informs).set({ dmChannel, dmTs }).where(eq(informs.id, id));
  }
}
