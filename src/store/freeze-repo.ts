import { and, asc, eq, isNull } from 'drizzle-orm';
import type { AccountFreeze } from '../domain/freeze.js';
import type { Database } from './database.js';
import { first, type Conn, type Tx } from './db.js';
import { accountFreezes } from './schema.js';

/** The publishing freeze's rows: one per crisis and account. */
export class FreezeRepo {
  constructor(private readonly d: Database) {}

  async insert(tx: Tx, rows: (typeof accountFreezes.$inferInsert)[]): Promise<AccountFreeze[]> {
    return rows.length ? tx.insert(accountFreezes).values(rows).onConflictDoNothing().returning() : [];
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
