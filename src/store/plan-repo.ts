import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Crisis } from '../domain/crisis.js';
import type { PlanChange, PlanReview } from '../domain/plan-review.js';
import type { Database } from './database.js';
import { first, type Conn, type Tx } from './db.js';
import { crises, lessons, planReviews } from './schema.js';

/** What keeps the plan true: its reviews by the owner, and the plan changes lessons ask for. */
export class PlanRepo {
  constructor(private readonly d: Database) {}

  /** Lessons marked as a change to the plan that its owner has not confirmed made, oldest first. */
  pendingChanges(conn: Conn = this.d.db): Promise<PlanChange[]> {
    return conn
      .select({
        id: lessons.id,
        crisisId: lessons.crisisId,
        crisisTitle: crises.title,
        channelId: crises.channelId,
        text: lessons.text,
        by: lessons.by,
        at: lessons.at,
      })
      .from(lessons)
      .innerJoin(crises, eq(crises.id, lessons.crisisId))
      .where(and(eq(lessons.kind, 'plan_change'), isNull(lessons.appliedAt)))
      .orderBy(asc(lessons.id));
  }

  /** True only for the first confirmation of a plan change. */
  async applied(tx: Tx, lessonId: number, by: string, at: number): Promise<boolean> {
    const done = await tx
      .update(lessons)
      .set({ appliedBy: by, appliedAt: at })
      .where(and(eq(lessons.id, lessonId), eq(lessons.kind, 'plan_change'), isNull(lessons.appliedAt)))
      .returning({ id: lessons.id });
    return done.length === 1;
  }

  change(lessonId: number, conn: Conn = this.d.db): Promise<{ appliedBy: string | null; kind: string; text: string } | undefined> {
    return first(
      conn.select({ appliedBy: lessons.appliedBy, kind: lessons.kind, text: lessons.text }).from(lessons).where(eq(lessons.id, lessonId)),
    );
  }

  /** The latest drill, open or closed: when the plan was last rehearsed. */
  lastDrill(conn: Conn = this.d.db): Promise<Crisis | undefined> {
    return first(conn.select().from(crises).where(eq(crises.drill, true)).orderBy(desc(crises.openedAt), desc(crises.id)).limit(1));
  }

  /** The latest review (a confirmation, or the start of the reviews). */
  lastReview(conn: Conn = this.d.db): Promise<PlanReview | undefined> {
    return first(conn.select().from(planReviews).orderBy(desc(planReviews.at), desc(planReviews.id)).limit(1));
  }

  /** The latest confirmation by the owner. */
  lastConfirmed(conn: Conn = this.d.db): Promise<PlanReview | undefined> {
    return first(
      conn.select().from(planReviews).where(eq(planReviews.kind, 'confirmed')).orderBy(desc(planReviews.at), desc(planReviews.id)).limit(1),
    );
  }

  async addReview(tx: Tx, row: Omit<PlanReview, 'id' | 'askedAt'>): Promise<void> {
    await tx.insert(planReviews).values(row);
  }

  /** The ask's confirmation: true only for the first (a double press, a second instance, confirm nothing twice). */
  async confirm(tx: Tx, row: { by: string; at: number; askedAt: number }): Promise<boolean> {
    const made = await tx
      .insert(planReviews)
      .values({ kind: 'confirmed', ...row })
      .onConflictDoNothing()
      .returning({ id: planReviews.id });
    return made.length === 1;
  }

  confirmationOf(askedAt: number, conn: Conn = this.d.db): Promise<PlanReview | undefined> {
    return first(
      conn
        .select()
        .from(planReviews)
        .where(and(eq(planReviews.kind, 'confirmed'), eq(planReviews.askedAt, askedAt))),
    );
  }
}
