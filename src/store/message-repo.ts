import { and, asc, eq } from 'drizzle-orm';
import type { CrisisMessage } from '../domain/crisis.js';
import type { Conn, Db } from './db.js';
import { crisisMessages } from './schema.js';

/** The messages the bot keeps up to date for a crisis (summary, checklist parts, boards, the Q&A), where Slack put them. */
export class MessageRepo {
  constructor(private readonly db: Db) {}

  set(tx: Conn, row: CrisisMessage): void {
    tx.insert(crisisMessages)
      .values(row)
      .onConflictDoUpdate({
        target: [crisisMessages.crisisId, crisisMessages.kind, crisisMessages.part],
        set: { channel: row.channel, ts: row.ts },
      })
      .run();
  }

  of(crisisId: number, kind: CrisisMessage['kind'], conn: Conn = this.db): CrisisMessage[] {
    return conn
      .select()
      .from(crisisMessages)
      .where(and(eq(crisisMessages.crisisId, crisisId), eq(crisisMessages.kind, kind)))
      .orderBy(asc(crisisMessages.part))
      .all();
  }
}
