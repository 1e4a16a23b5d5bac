import { and, asc, eq, isNull } from 'drizzle-orm';
import type { FollowUp, Lesson, LessonKind, QaEntry } from '../domain/learning.js';
import type { Conn, Db } from './db.js';
import { followUps, lessons, qaEntries } from './schema.js';

/** The internal Q&A, lessons and follow-up actions of each crisis. */
export class LearningRepo {
  constructor(private readonly db: Db) {}

  addQa(tx: Conn, row: Omit<QaEntry, 'id'>): QaEntry {
    return tx.insert(qaEntries).values(row).returning().get();
  }

  qaOf(crisisId: number, conn: Conn = this.db): QaEntry[] {
    return conn.select().from(qaEntries).where(eq(qaEntries.crisisId, crisisId)).orderBy(asc(qaEntries.id)).all();
  }

  addLesson(tx: Conn, row: { crisisId: number; kind: LessonKind; text: string; by: string; at: number }): Lesson {
    return tx.insert(lessons).values(row).returning().get();
  }

  lessonsOf(crisisId: number, conn: Conn = this.db): Lesson[] {
    return conn.select().from(lessons).where(eq(lessons.crisisId, crisisId)).orderBy(asc(lessons.id)).all();
  }

  addAction(tx: Conn, row: Omit<FollowUp, 'id' | 'doneBy' | 'doneAt' | 'channel' | 'ts'>): FollowUp {
    return tx.insert(followUps).values(row).returning().get();
  }

  action(id: number, conn: Conn = this.db): FollowUp | undefined {
    return conn.select().from(followUps).where(eq(followUps.id, id)).get();
  }

  actionsOf(crisisId: number, conn: Conn = this.db): FollowUp[] {
    return conn.select().from(followUps).where(eq(followUps.crisisId, crisisId)).orderBy(asc(followUps.id)).all();
  }

  /** True only for the first Done. */
  done(tx: Conn, id: number, by: string, at: number): boolean {
    return (
      tx
        .update(followUps)
        .set({ doneBy: by, doneAt: at })
        .where(and(eq(followUps.id, id), isNull(followUps.doneAt)))
        .run().changes === 1
    );
  }

  setMessage(tx: Conn, id: number, channel: string, ts: string): void {
    tx.update(followUps).set({ channel, ts }).where(eq(followUps.id, id)).run();
  }
}
