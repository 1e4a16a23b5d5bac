import { and, asc, eq } from 'drizzle-orm';
import type { Evidence, ResponseItem } from '../domain/responses.js';
import type { Conn, Db } from './db.js';
import { evidence, responses } from './schema.js';

/** The response queue and the evidence kept for removed posts. */
export class ResponseRepo {
  constructor(private readonly db: Db) {}

  /** Adds a post; `created` false when the crisis already has it (the existing item is returned). */
  add(tx: Conn, row: typeof responses.$inferInsert): { item: ResponseItem; created: boolean } {
    // No row comes back when the post is already there: read as a list, so the type says so.
    const [inserted] = tx.insert(responses).values(row).onConflictDoNothing().returning().all();
    if (inserted) return { item: inserted, created: true };
    return {
      item: tx
        .select()
        .from(responses)
        .where(and(eq(responses.crisisId, row.crisisId), eq(responses.urlKey, row.urlKey)))
        .get()!,
      created: false,
    };
  }

  byId(id: number, conn: Conn = this.db): ResponseItem | undefined {
    return conn.select().from(responses).where(eq(responses.id, id)).get();
  }

  of(crisisId: number, conn: Conn = this.db): ResponseItem[] {
    return conn.select().from(responses).where(eq(responses.crisisId, crisisId)).orderBy(asc(responses.id)).all();
  }

  /** Only an open item moves on: a double click or a second person records nothing. */
  handle(tx: Conn, id: number, state: 'answered' | 'moved' | 'removed', by: string, at: number, replyUrl?: string): boolean {
    return (
      tx
        .update(responses)
        .set({ state, handledBy: by, handledAt: at, replyUrl: replyUrl ?? null })
        .where(and(eq(responses.id, id), eq(responses.state, 'open')))
        .run().changes === 1
    );
  }

  escalated(tx: Conn, id: number, by: string, at: number): void {
    tx.update(responses).set({ escalatedBy: by, escalatedAt: at }).where(eq(responses.id, id)).run();
  }

  setMessage(tx: Conn, id: number, channel: string, ts: string): void {
    tx.update(responses).set({ channel, ts }).where(eq(responses.id, id)).run();
  }

  addEvidence(tx: Conn, row: typeof evidence.$inferInsert): Evidence {
    return tx.insert(evidence).values(row).returning().get();
  }

  evidenceOf(crisisId: number, conn: Conn = this.db): Evidence[] {
    return conn.select().from(evidence).where(eq(evidence.crisisId, crisisId)).orderBy(asc(evidence.id)).all();
  }
}
