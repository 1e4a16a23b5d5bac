import { asc, isNull } from 'drizzle-orm';
import type { FollowUp } from '../domain/learning.js';
import type { Database } from './database.js';
import { type Conn, type Tx } from './db.js';
import { followUps, homeViews } from './schema.js';

/** Who has opened the bot's Home tab, and what Home reads beyond the crises. */
export class HomeRepo {
  constructor(private readonly d: Database) {}

  async opened(tx: Tx, userId: string, at: number): Promise<void> {
    await tx
      .insert(homeViews)
      .values({ userId, openedAt: at })
      .onConflictDoUpdate({ target: homeViews.userId, set: { openedAt: at } });
  }

  async viewers(conn: Conn = this.d.db): Promise<string[]> {
    return (await conn.select({ userId: homeViews.userId }).from(homeViews).orderBy(asc(homeViews.userId))).map((r) => r.userId);
  }

  /** Follow-up actions not done yet, of every crisis. */
  openActions(conn: Conn = this.d.db): Promise<FollowUp[]> {
    return conn.select().from(followUps).where(isNull(followUps.doneAt)).orderBy(asc(followUps.id));
  }
}
