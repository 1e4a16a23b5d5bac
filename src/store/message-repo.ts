import { and, asc, eq } from 'drizzle-orm';
import type { CrisisMessage } from '../domain/crisis.js';
import type { Database } from './database.js';
import type { Conn, Tx } from './db.js';
import { crisisMessages } from './schema.js';

/** The messages the bot keeps up to date for a crisis (summary, checklist parts, boards, the Q&A), where Slack put them. */
export class MessageRepo {
  constructor(private readonly d: Database) {}

  async set(tx: Tx, row: CrisisMessage): Promise<void> {
    await tx
      .insert(crisisMessages)
      .values(row)
      .onConflictDoUpdate({
        target: [crisisMessages.crisisId, crisisMessages.kind, crisisMessages.part],
        set: { channel: row.channel, ts: row.ts },
      });
  }

  of(crisisId: number, kind: CrisisMessage['kind'], conn: Conn = this.d.db): Promise<CrisisMessage[]> {
    return conn
      .select()
      .from(crisisMessages)
      .where(and(eq(crisisMessages.crisisId, crisisId), eq(crisisMessages.kind, kind)))
      .orderBy(asc(crisisMessages.part));
  }
}
