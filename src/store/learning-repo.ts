import { and, asc, eq, isNull } from 'drizzle-orm';
import type { FollowUp, Lesson, LessonKind, QaEntry } from '../domain/learning.js';
import type { Database } from './database.js';
import { first, only, type Conn, type Tx } from './db.js';
import { followUps, lessons, qaEntries } from './schema.js';

/** The internal Q&A, lessons and follow-up actions of each crisis. */
export class LearningRepo {
  constructor(private readonly d: Database) {}

  addQa(tx: Tx, row: Omit<QaEntry, 'id'>): Promise<QaEntry> {
    return only(tx.insert(qaEntries).values(row).returning());
  }

  qaOf(crisisId: number, conn: Conn = this.d.db): Promise<QaEntry[]> {
    return conn.select().from(qaEntries).where(eq(qaEntries.crisisId, crisisId)).orderBy(asc(qaEntries.id));
  }

  addLesson(tx: Tx, row: { crisisId: number; kind: LessonKind; text: string; by: string; at: number }): Promise<Lesson> {
    return only(tx.insert(lessons).values(row).returning());
  }

  lessonsOf(crisisId: number, conn: Conn = this.d.db): Promise<Lesson[]> {
    return conn.select().from(lessons).where(eq(lessons.crisisId, crisisId)).orderBy(asc(lessons.id));
  }

  addAction(tx: Tx, row: Omit<FollowUp, 'id' | 'doneBy' | 'doneAt' | 'channel' | 'ts'>): Promise<FollowUp> {
    return only(tx.insert(followUps).values(row).returning());
  }

  action(id: number, conn: Conn = this.d.db): Promise<FollowUp | undefined> {
    return first(conn.select().from(followUps).where(eq(followUps.id, id)));
  }

  actionsOf(crisisId: number, conn: Conn = this.d.db): Promise<FollowUp[]> {
    return conn.select().from(followUps).where(eq(followUps.crisisId, crisisId)).orderBy(asc(followUps.id));
  }

  /** True only for the first Done. */
  async done(tx: Tx, id: number, by: string, at: number): Promise<boolean> {
    const done = await tx
      .update(followUps)
      .set({ doneBy: by, doneAt: at })
      .where(and(eq(followUps.id, id), isNull(followUps.doneAt)))
      .returning({ id: followUps.id });
    return done.length === 1;
  }

  async setMessage(tx: Tx, id: number, channel: string, ts: string): Promise<void> {
    await tx.update(followUps).set({ channel, ts }).where(eq(followUps.id, id));
  }
}
