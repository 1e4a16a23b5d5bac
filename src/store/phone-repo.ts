import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { PhoneAttempt, PhoneCause } from '../domain/phone.js';
import type { Database } from './database.js';
import { first, type Conn, type Tx } from './db.js';
import { crises, pages, phoneAttempts, phoneEvents } from './schema.js';

const toAttempt = (r: typeof phoneAttempts.$inferSelect): PhoneAttempt => r;

/** Calls and texts to people's phones about their pages, and Twilio's word on each. */
export class PhoneRepo {
  constructor(private readonly d: Database) {}

  /**
   * Decides a call or a text: undefined when that attempt of that page was decided already (by
   * another path, another instance, or before a restart).
   */
  async decide(
    tx: Tx,
    a: {
      crisisId: number;
      pageId: number;
      kind: 'call' | 'text';
      attempt: number;
      cause: PhoneCause;
      requestedBy?: string | null;
      number: string;
      at: number;
    },
  ): Promise<PhoneAttempt | undefined> {
    const [row] = await tx
      .insert(phoneAttempts)
      .values({
        crisisId: a.crisisId,
        pageId: a.pageId,
        kind: a.kind,
        attempt: a.attempt,
        cause: a.cause,
        requestedBy: a.requestedBy ?? null,
        number: a.number,
        decidedAt: a.at,
      })
      .onConflictDoNothing()
      .returning();
    return row && toAttempt(row);
  }

  async byId(id: number, conn: Conn = this.d.db): Promise<PhoneAttempt | undefined> {
    const row = await first(conn.select().from(phoneAttempts).where(eq(phoneAttempts.id, id)));
    return row && toAttempt(row);
  }

  async ofPage(pageId: number, conn: Conn = this.d.db): Promise<PhoneAttempt[]> {
    const rows = await conn.select().from(phoneAttempts).where(eq(phoneAttempts.pageId, pageId)).orderBy(asc(phoneAttempts.id));
    return rows.map(toAttempt);
  }

  async ofCrisis(crisisId: number, conn: Conn = this.d.db): Promise<PhoneAttempt[]> {
    const rows = await conn.select().from(phoneAttempts).where(eq(phoneAttempts.crisisId, crisisId)).orderBy(asc(phoneAttempts.id));
    return rows.map(toAttempt);
  }

  /** The SIDs already adopted: a retry looking for its call among Twilio's must not take another attempt's. */
  async knownSids(sids: readonly string[], conn: Conn = this.d.db): Promise<Set<string>> {
    if (sids.length === 0) return new Set();
    const rows = await conn
      .select({ sid: phoneAttempts.sid })
      .from(phoneAttempts)
      .where(inArray(phoneAttempts.sid, [...sids]));
    return new Set(rows.map((r) => r.sid!));
  }

  /**
   * Twilio accepted it: its SID, once. False when the attempt had one already (another answer or
   * callback came first) or another attempt holds this SID: either way nothing changed.
   */
  async placed(tx: Tx, id: number, sid: string, status: string): Promise<boolean> {
    if ((await this.knownSids([sid], tx)).size > 0) return false;
    const rows = await tx
      .update(phoneAttempts)
      .set({ sid, status })
      .where(and(eq(phoneAttempts.id, id), isNull(phoneAttempts.sid)))
      .returning({ id: phoneAttempts.id });
    return rows.length > 0;
  }

  /** Records one status callback; false when it was recorded before (Twilio sent it again). */
  async event(tx: Tx, attemptId: number, status: string, at: number): Promise<boolean> {
    const rows = await tx.insert(phoneEvents).values({ attemptId, status, at }).onConflictDoNothing().returning({ id: phoneEvents.id });
    return rows.length > 0;
  }

  async setStatus(tx: Tx, id: number, status: string, answeredBy: string | null): Promise<void> {
    await tx
      .update(phoneAttempts)
      .set(answeredBy === null ? { status } : { status, answeredBy })
      .where(eq(phoneAttempts.id, id));
  }

  /** How it ended, once: true only for the first word on it. */
  async end(tx: Tx, id: number, outcome: string, at: number): Promise<boolean> {
    const rows = await tx
      .update(phoneAttempts)
      .set({ outcome, endedAt: at })
      .where(and(eq(phoneAttempts.id, id), isNull(phoneAttempts.outcome)))
      .returning({ id: phoneAttempts.id });
    return rows.length > 0;
  }

  /**
   * Texts sent to `number` (Twilio took them) whose pages, in crises still open, are not
   * acknowledged yet: what a reply of 1 answers.
   */
  async textedUnanswered(number: string, conn: Conn = this.d.db): Promise<PhoneAttempt[]> {
    const rows = await conn
      .select({ attempt: phoneAttempts })
      .from(phoneAttempts)
      .innerJoin(pages, eq(pages.id, phoneAttempts.pageId))
      .innerJoin(crises, eq(crises.id, phoneAttempts.crisisId))
      .where(
        and(
          eq(phoneAttempts.number, number),
          eq(phoneAttempts.kind, 'text'),
          isNotNull(phoneAttempts.sid),
          isNull(pages.ackedAt),
          eq(crises.state, 'open'),
        ),
      )
      .orderBy(asc(phoneAttempts.id));
    return rows.map((r) => toAttempt(r.attempt));
  }
}
