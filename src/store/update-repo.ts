import { asc, desc, eq } from 'drizzle-orm';
import type { StatusUpdate } from '../domain/crisis.js';
import type { Conn, Db } from './db.js';
import { statusUpdates } from './schema.js';

/** `/crisis update`: the status updates of a crisis. */
export class UpdateRepo {
  constructor(private readonly db: Db) {}

  add(tx: Conn, crisisId: number, authorId: string, text: string, at: number): StatusUpdate {
    return tx.insert(statusUpdates).values({ crisisId, authorId, text, postedAt: at }).returning().get();
  }

  byId(id: number): StatusUpdate | undefined {
    return this.db.select().from(statusUpdates).where(eq(statusUpdates.id, id)).get();
  }

  of(crisisId: number, conn: Conn = this.db): StatusUpdate[] {
    return conn.select().from(statusUpdates).where(eq(statusUpdates.crisisId, crisisId)).orderBy(asc(statusUpdates.id)).all();
  }

  lastAt(crisisId: number, conn: Conn = this.db): number | undefined {
    return conn
      .select({ at: statusUpdates.postedAt })
      .from(statusUpdates)
      .where(eq(statusUpdates.crisisId, crisisId))
      .orderBy(desc(statusUpdates.postedAt))
      .limit(1)
      .get()?.at;
  }
}
