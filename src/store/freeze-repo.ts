import { and, asc, eq, isNull } from 'drizzle-orm';
import type { AccountFreeze } from '../domain/freeze.js';
import type { Conn, Db } from './db.js';
import { accountFreezes } from './schema.js';

/** The publishing freeze's rows: one per crisis and account. */
export class FreezeRepo {
  constructor(private readonly db: Db) {}

  insert(tx: Conn, rows: (typeof accountFreezes.$inferInsert)[]): AccountFreeze[] {
    return rows.length ? tx.insert(accountFreezes).values(rows).onConflictDoNothing().returning().all() : [];
  }

  byId(id: number, conn: Conn = this.db): AccountFreeze | undefined {
    return conn.select().from(accountFreezes).where(eq(accountFreezes.id, id)).get();
  }

  of(crisisId: number, conn: Conn = this.db): AccountFreeze[] {
    return conn.select().from(accountFreezes).where(eq(accountFreezes.crisisId, crisisId)).orderBy(asc(accountFreezes.id)).all();
  }

  /** True only for the first Paused: a second click records nothing. `by` null: the bot, through the scheduler. */
  freeze(tx: Conn, id: number, by: string | null, at: number): boolean {
    return (
      tx
        .update(accountFreezes)
        .set({ frozenBy: by, frozenAt: at })
        .where(and(eq(accountFreezes.id, id), isNull(accountFreezes.frozenAt)))
        .run().changes === 1
    );
  }

  /** True only the first time: the bot holds an account's posts back once per crisis. */
  startHold(tx: Conn, id: number, at: number): boolean {
    return (
      tx
        .update(accountFreezes)
        .set({ holdStartedAt: at })
        .where(and(eq(accountFreezes.id, id), isNull(accountFreezes.holdStartedAt)))
        .run().changes === 1
    );
  }

  held(tx: Conn, id: number, at: number): void {
    tx.update(accountFreezes)
      .set({ heldAt: at })
      .where(and(eq(accountFreezes.id, id), isNull(accountFreezes.heldAt)))
      .run();
  }

  holdFailed(tx: Conn, id: number, failure: string): void {
    tx.update(accountFreezes).set({ holdFailure: failure }).where(eq(accountFreezes.id, id)).run();
  }

  /** True only for the first Resume posts. */
  resume(tx: Conn, id: number, by: string, at: number): boolean {
    return (
      tx
        .update(accountFreezes)
        .set({ resumedBy: by, resumedAt: at })
        .where(and(eq(accountFreezes.id, id), isNull(accountFreezes.resumedAt)))
        .run().changes === 1
    );
  }

  release(tx: Conn, crisisId: number, at: number): void {
    tx.update(accountFreezes)
      .set({ releasedAt: at })
      .where(and(eq(accountFreezes.crisisId, crisisId), isNull(accountFreezes.releasedAt)))
      .run();
  }
}
