import { and, asc, eq, isNull } from 'drizzle-orm';
import type { AccountFreeze } from '../domain/freeze.js';
import type { Database } from './database.js';
import { first, type Conn, type Tx } from './db.js';
import { accountFreezes, freezeRequests } from './schema.js';

/** The publishing freeze's rows: one per crisis and account. */
export class FreezeRepo {
  constructor(private readonly d: Database) {}

  async insert(tx: Tx, rows: (typeof accountFreezes.$inferInsert)[]): Promise<AccountFreeze[]> {
    return rows.length ? tx.insert(accountFreezes).values(rows).onConflictDoNothing().returning() : [];
  }

  /** An owner's request DM, sent or updated; `hasLink`: whether it showed the channel's link. */
  async requestSent(tx: Tx, r: { freezeId: number; userId: string; dmChannel: string; dmTs: string; hasLink: boolean }): Promise<void> {
    await tx
      .insert(freezeRequests)
      .values(r)
      .onConflictDoUpdate({
        target: [freezeRequests.freezeId, freezeRequests.userId],
        set: { dmChannel: r.dmChannel, dmTs: r.dmTs, hasLink: r.hasLink },
      });
  }

  /** The request DMs of a crisis's freeze that went out before its channel existed. */
  async requestsWithoutLink(crisisId: number, conn: Conn = this.d.db): Promise<{ freezeId: number; userId: string }[]> {
    return conn
      .select({ freezeId: freezeRequests.freezeId, userId: freezeRequests.userId })
      .from(freezeRequests)
      .innerJoin(accountFreezes, eq(accountFreezes.id, freezeRequests.freezeId))
      .where(and(eq(accountFreezes.crisisId, crisisId), eq(freezeRequests.hasLink, false)));
  }

  request(freezeId: number, userId: string, conn: Conn = this.d.db) {
    return first(
      conn
        .select()
        .from(freezeRequests)
        .where(and(eq(freezeRequests.freezeId, freezeId), eq(freezeRequests.userId, userId))),
    );
  }

  async byId(id: number, conn: Conn = this.d.db): Promise<AccountFreeze | undefined> {
    return first(conn.select().from(accountFreezes).where(eq(accountFreezes.id, id)));
  }

  async of(crisisId: number, conn: Conn = this.d.db): Promise<AccountFreeze[]> {
    return conn.select().from(accountFreezes).where(eq(accountFreezes.crisisId, crisisId)).orderBy(asc(accountFreezes.id));
  }

  /** True only for the first Paused: a second click records nothing. `by` null: the bot, through the scheduler. */
  async freeze(tx: Tx, id: number, by: string | null, at: number): Promise<boolean> {
    return (
      (
        await tx
          .update(accountFreezes)
          .set({ frozenBy: by, frozenAt: at })
          .where(and(eq(accountFreezes.id, id), isNull(accountFreezes.frozenAt)))
          .returning({ id: accountFreezes.id })
      ).length === 1
    );
  }

  /** True only the first time: the bot holds an account's posts back once per crisis. */
  async startHold(tx: Tx, id: number, at: number): Promise<boolean> {
    return (
      (
        await tx
          .update(accountFreezes)
          .set({ holdStartedAt: at })
          .where(and(eq(accountFreezes.id, id), isNull(accountFreezes.holdStartedAt)))
          .returning({ id: accountFreezes.id })
      ).length === 1
    );
  }

  async held(tx: Tx, id: number, at: number): Promise<void> {
    await tx
      .update(accountFreezes)
      .set({ heldAt: at })
      .where(and(eq(accountFreezes.id, id), isNull(accountFreezes.heldAt)));
  }

  async holdIncomplete(tx: Tx, id: number, unlisted: string): Promise<void> {
    await tx.update(accountFreezes).set({ holdIncomplete: unlisted }).where(eq(accountFreezes.id, id));
  }

  async holdFailed(tx: Tx, id: number, failure: string): Promise<void> {
    await tx.update(accountFreezes).set({ holdFailure: failure }).where(eq(accountFreezes.id, id));
  }

  /** True only for the first Resume posts. */
  async resume(tx: Tx, id: number, by: string, at: number): Promise<boolean> {
    return (
      (
        await tx
          .update(accountFreezes)
          .set({ resumedBy: by, resumedAt: at })
          .where(and(eq(accountFreezes.id, id), isNull(accountFreezes.resumedAt)))
          .returning({ id: accountFreezes.id })
      ).length === 1
    );
  }

  async release(tx: Tx, crisisId: number, at: number): Promise<void> {
    await tx
      .update(accountFreezes)
      .set({ releasedAt: at })
      .where(and(eq(accountFreezes.crisisId, crisisId), isNull(accountFreezes.releasedAt)));
  }
}
