import { asc, desc, eq } from 'drizzle-orm';
import type { StatusUpdate } from '../domain/crisis.js';
import type { Database } from './database.js';
import { first, only, type Conn, type Tx } from './db.js';
import { statusUpdates } from './schema.js';

/** `/crisis update`: the status updates of a crisis. */
export class UpdateRepo {
  constructor(private readonly d: Database) {}

  add(tx: Tx, crisisId: number, authorId: string, text: string, at: number): Promise<StatusUpdate> {
    return only(tx.insert(statusUpdates).values({ crisisId, authorId, text, postedAt: at }).returning());
  }

  byId(id: number, conn: Conn = this.d.db): Promise<StatusUpdate | undefined> {
    return first(conn.select().from(statusUpdates).where(eq(statusUpdates.id, id)));
  }

  of(crisisId: number, conn: Conn = this.d.db): Promise<StatusUpdate[]> {
    return conn.select().from(statusUpdates).where(eq(statusUpdates.crisisId, crisisId)).orderBy(asc(statusUpdates.id));
  }

  async lastAt(crisisId: number, conn: Conn = this.d.db): Promise<number | undefined> {
    const last = await first(
      conn
        .select({ at: statusUpdates.postedAt })
        .from(statusUpdates)
        .where(eq(statusUpdates.crisisId, crisisId))
        .orderBy(desc(statusUpdates.postedAt))
        .limit(1),
    );
    return last?.at;
  }
}
