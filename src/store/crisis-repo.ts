import { and, asc, eq, sql } from 'drizzle-orm';
import type { Crisis } from '../domain/crisis.js';
import type { Database } from './database.js';
import { first, idIn, type Conn, type Tx } from './db.js';
import { crises } from './schema.js';

/** The crisis rows themselves: opened once per request, amended, closed once. */
export class CrisisRepo {
  /** Read by nearly every job: prepared once on SQLite (see ChecklistRepo for why). */
  private readonly byIdStatement;

  constructor(private readonly d: Database) {
    this.byIdStatement =
      d.sqlite &&
      d.db
        .select()
        .from(crises)
        .where(eq(crises.id, sql.placeholder('id')))
        .prepare();
  }

  /** Undefined when a crisis with the same open key exists: the caller then reads that one. */
  insert(tx: Tx, values: typeof crises.$inferInsert): Promise<Crisis | undefined> {
    return first(tx.insert(crises).values(values).onConflictDoNothing({ target: crises.openKey }).returning());
  }

  async byId(id: number, conn: Conn = this.d.db): Promise<Crisis | undefined> {
    if (this.byIdStatement && conn === this.d.db) return this.byIdStatement.get({ id });
    return first(conn.select().from(crises).where(eq(crises.id, id)));
  }

  byIds(ids: readonly number[], conn: Conn = this.d.db): Promise<Crisis[]> {
    return ids.length === 0
      ? Promise.resolve([])
      : conn
          .select()
          .from(crises)
          .where(idIn(this.d.dialect, crises.id, ids));
  }

  byOpenKey(key: string, conn: Conn = this.d.db): Promise<Crisis | undefined> {
    return first(conn.select().from(crises).where(eq(crises.openKey, key)));
  }

  byChannel(channelId: string, conn: Conn = this.d.db): Promise<Crisis | undefined> {
    return first(conn.select().from(crises).where(eq(crises.channelId, channelId)));
  }

  listOpen(conn: Conn = this.d.db): Promise<Crisis[]> {
    return conn.select().from(crises).where(eq(crises.state, 'open')).orderBy(asc(crises.openedAt));
  }

  async setChannel(tx: Tx, id: number, channelId: string, channelName: string): Promise<void> {
    await tx.update(crises).set({ channelId, channelName }).where(eq(crises.id, id));
  }

  /** Closes once: the conditional update is what stops a double close posting two debriefs. */
  async close(tx: Tx, id: number, by: string, at: number, summary: string | undefined): Promise<boolean> {
    const closed = await tx
      .update(crises)
      .set({ state: 'closed', closedAt: at, closedBy: by, closeSummary: summary ?? null })
      .where(and(eq(crises.id, id), eq(crises.state, 'open')))
      .returning({ id: crises.id });
    return closed.length === 1;
  }

  async setStage(tx: Tx, id: number, stage: number): Promise<void> {
    await tx.update(crises).set({ stage }).where(eq(crises.id, id));
  }

  async setSeverity(tx: Tx, id: number, severity: Crisis['severity']): Promise<void> {
    await tx.update(crises).set({ severity }).where(eq(crises.id, id));
  }

  /** Amends what `/crisis title`, `type` and `lead` change, and the channel's name after a rename. */
  async amend(tx: Tx, id: number, values: Partial<Pick<Crisis, 'title' | 'type' | 'leadId' | 'channelName'>>): Promise<void> {
    await tx.update(crises).set(values).where(eq(crises.id, id));
  }

  async setDebrief(tx: Tx, id: number, debrief: string): Promise<void> {
    await tx.update(crises).set({ debrief }).where(eq(crises.id, id));
  }
}
