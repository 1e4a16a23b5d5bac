import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { Evidence, ResponseItem } from '../domain/responses.js';
import type { Database } from './database.js';
import { first, only, type Conn, type Tx } from './db.js';
import { evidence, responses } from './schema.js';

/** The response queue and the evidence kept for removed posts. */
export class ResponseRepo {
  constructor(private readonly d: Database) {}

  /** Adds a post; `created` false when the crisis already has it (the existing item is returned). */
  async add(tx: Tx, row: typeof responses.$inferInsert): Promise<{ item: ResponseItem; created: boolean }> {
    // No row comes back when the post is already there: read as a list, so the type says so.
    const [inserted] = await tx.insert(responses).values(row).onConflictDoNothing().returning();
    if (inserted) return { item: inserted, created: true };
    return {
      item: await only(
        tx
          .select()
          .from(responses)
          .where(and(eq(responses.crisisId, row.crisisId), eq(responses.urlKey, row.urlKey))),
      ),
      created: false,
    };
  }

  /** Adds many at once; those the crisis already has (same URL key) are left out of what comes back. */
  async addAll(tx: Tx, rows: readonly (typeof responses.$inferInsert)[]): Promise<ResponseItem[]> {
    if (rows.length === 0) return [];
    return tx
      .insert(responses)
      .values([...rows])
      .onConflictDoNothing()
      .returning();
  }

  /** One owner: the first to claim an open post has it; `false` if someone else has it or it is handled. */
  async claim(tx: Tx, id: number, by: string, at: number): Promise<boolean> {
    const claimed = await tx
      .update(responses)
      .set({ claimedBy: by, claimedAt: at })
      .where(and(eq(responses.id, id), eq(responses.state, 'open'), isNull(responses.claimedBy)))
      .returning({ id: responses.id });
    return claimed.length === 1;
  }

  /** Open posts added at or before `addedBy`, not yet named in a digest: now they are. */
  async takeForDigest(tx: Tx, crisisId: number, addedBy: number, now: number): Promise<ResponseItem[]> {
    return tx
      .update(responses)
      .set({ remindedAt: now })
      .where(
        and(eq(responses.crisisId, crisisId), eq(responses.state, 'open'), isNull(responses.remindedAt), lte(responses.addedAt, addedBy)),
      )
      .returning();
  }

  async markReminded(tx: Tx, id: number, at: number): Promise<void> {
    await tx.update(responses).set({ remindedAt: at }).where(eq(responses.id, id));
  }

  async byId(id: number, conn: Conn = this.d.db): Promise<ResponseItem | undefined> {
    return first(conn.select().from(responses).where(eq(responses.id, id)));
  }

  async of(crisisId: number, conn: Conn = this.d.db): Promise<ResponseItem[]> {
    return conn.select().from(responses).where(eq(responses.crisisId, crisisId)).orderBy(asc(responses.id));
  }

  /** Only an open item moves on: a double click or a second person records nothing. */
  async handle(tx: Tx, id: number, state: 'answered' | 'moved' | 'removed', by: string, at: number, replyUrl?: string): Promise<boolean> {
    return (
      (
        await tx
          .update(responses)
          .set({ state, handledBy: by, handledAt: at, replyUrl: replyUrl ?? null })
          .where(and(eq(responses.id, id), eq(responses.state, 'open')))
          .returning({ id: responses.id })
      ).length === 1
    );
  }

  async escalated(tx: Tx, id: number, by: string, at: number): Promise<void> {
    await tx.update(responses).set({ escalatedBy: by, escalatedAt: at }).where(eq(responses.id, id));
  }

  async setMessage(tx: Tx, id: number, channel: string, ts: string): Promise<void> {
    await tx.update(responses).set({ channel, ts }).where(eq(responses.id, id));
  }

  async addEvidence(tx: Tx, row: typeof evidence.$inferInsert): Promise<Evidence> {
    return only(tx.insert(evidence).values(row).returning());
  }

  async evidenceOf(crisisId: number, conn: Conn = this.d.db): Promise<Evidence[]> {
    return conn.select().from(evidence).where(eq(evidence.crisisId, crisisId)).orderBy(asc(evidence.id));
  }
}
