import { and, asc, eq, sql } from 'drizzle-orm';
import type { Crisis } from '../domain/crisis.js';
import type { Conn, Db } from './db.js';
import { crises } from './schema.js';

/** The crisis rows themselves: opened once per request, amended, closed once. */
export class CrisisRepo {
  /** Read behind every click: prepared once (see ChecklistRepo for why). */
  private readonly byIdStatement;

  constructor(private readonly db: Db) {
    this.byIdStatement = db
      .select()
      .from(crises)
      .where(eq(crises.id, sql.placeholder('id')))
      .prepare();
  }

  /** Undefined when a crisis with the same open key exists: the caller then reads that one. */
  insert(tx: Conn, values: typeof crises.$inferInsert): Crisis | undefined {
    return tx.insert(crises).values(values).onConflictDoNothing({ target: crises.openKey }).returning().get();
  }

  byId(id: number): Crisis | undefined {
    return this.byIdStatement.get({ id });
  }

  byOpenKey(key: string): Crisis | undefined {
    return this.db.select().from(crises).where(eq(crises.openKey, key)).get();
  }

  byChannel(channelId: string): Crisis | undefined {
    return this.db.select().from(crises).where(eq(crises.channelId, channelId)).get();
  }

  listOpen(): Crisis[] {
    return this.db.select().from(crises).where(eq(crises.state, 'open')).orderBy(asc(crises.openedAt)).all();
  }

  setChannel(tx: Conn, id: number, channelId: string, channelName: string): void {
    tx.update(crises).set({ channelId, channelName }).where(eq(crises.id, id)).run();
  }

  /** Closes once: the conditional update is what stops a double close posting two debriefs. */
  close(tx: Conn, id: number, by: string, at: number, summary: string | undefined): boolean {
    return (
      tx
        .update(crises)
        .set({ state: 'closed', closedAt: at, closedBy: by, closeSummary: summary ?? null })
        .where(and(eq(crises.id, id), eq(crises.state, 'open')))
        .run().changes === 1
    );
  }

  setStage(tx: Conn, id: number, stage: number): void {
    tx.update(crises).set({ stage }).where(eq(crises.id, id)).run();
  }

  setSeverity(tx: Conn, id: number, severity: Crisis['severity']): void {
    tx.update(crises).set({ severity }).where(eq(crises.id, id)).run();
  }

  /** Amends what `/crisis title`, `type` and `lead` change, and the channel's name after a rename. */
  amend(tx: Conn, id: number, values: Partial<Pick<Crisis, 'title' | 'type' | 'leadId' | 'channelName'>>): void {
    tx.update(crises).set(values).where(eq(crises.id, id)).run();
  }

  setDebrief(tx: Conn, id: number, debrief: string): void {
    tx.update(crises).set({ debrief }).where(eq(crises.id, id)).run();
  }
}
