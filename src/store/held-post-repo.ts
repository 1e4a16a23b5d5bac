import { and, asc, eq, inArray } from 'drizzle-orm';
import type { HeldPost, HeldState } from '../domain/held-posts.js';
import type { Conn, Db } from './db.js';
import { heldPosts } from './schema.js';

type Row = typeof heldPosts.$inferSelect;

const toHeld = (r: Row): HeldPost => ({ ...r, mediaUrls: JSON.parse(r.mediaUrls) as string[] });

export interface PostCopy {
  readonly externalId: string;
  readonly profileId: string;
  readonly text: string;
  readonly scheduledAt: number;
  readonly mediaUrls: readonly string[];
}

/** The copies of posts held back in a scheduler (see domain/held-posts). */
export class HeldPostRepo {
  constructor(private readonly db: Db) {}

  /** Keeps a copy of each post; a post already kept for this freeze is not kept twice. */
  save(tx: Conn, freezeId: number, crisisId: number, posts: readonly PostCopy[], at: number): HeldPost[] {
    if (posts.length === 0) return [];
    const rows = posts.map((p) => ({ freezeId, crisisId, ...p, mediaUrls: JSON.stringify(p.mediaUrls), savedAt: at }));
    return tx.insert(heldPosts).values(rows).onConflictDoNothing().returning().all().map(toHeld);
  }

  byId(id: number, conn: Conn = this.db): HeldPost | undefined {
    const row = conn.select().from(heldPosts).where(eq(heldPosts.id, id)).get();
    return row && toHeld(row);
  }

  ofFreeze(freezeId: number, conn: Conn = this.db): HeldPost[] {
    return conn
      .select()
      .from(heldPosts)
      .where(eq(heldPosts.freezeId, freezeId))
      .orderBy(asc(heldPosts.scheduledAt), asc(heldPosts.id))
      .all()
      .map(toHeld);
  }

  ofCrisis(crisisId: number, conn: Conn = this.db): HeldPost[] {
    return conn
      .select()
      .from(heldPosts)
      .where(eq(heldPosts.crisisId, crisisId))
      .orderBy(asc(heldPosts.freezeId), asc(heldPosts.scheduledAt), asc(heldPosts.id))
      .all()
      .map(toHeld);
  }

  /** Moves a post on from `from` only: a repeated job changes nothing the first one recorded. */
  private move(tx: Conn, id: number, from: HeldState, set: Partial<Row>): boolean {
    return (
      tx
        .update(heldPosts)
        .set(set)
        .where(and(eq(heldPosts.id, id), eq(heldPosts.state, from)))
        .run().changes === 1
    );
  }

  /** `failure`: what the scheduler answered when it would not unschedule it (`refused`). */
  unscheduled(tx: Conn, id: number, outcome: 'held' | 'gone' | 'refused', at: number, failure?: string): boolean {
    return this.move(tx, id, 'saved', { state: outcome, heldAt: at, ...(failure === undefined ? {} : { failure }) });
  }

  restoring(tx: Conn, times: ReadonlyMap<number, number>): void {
    for (const [id, restoreAt] of times) this.move(tx, id, 'held', { state: 'restoring', restoreAt });
  }

  /** `scheduledFor`: the time it was scheduled again for, which a late run may have moved on. */
  restored(tx: Conn, id: number, newId: string, scheduledFor: number, at: number): boolean {
    return this.move(tx, id, 'restoring', { state: 'restored', restoredId: newId, restoreAt: scheduledFor, restoredAt: at });
  }

  failed(tx: Conn, id: number, reason: string, at: number): boolean {
    return this.move(tx, id, 'restoring', { state: 'failed', failure: reason, restoredAt: at });
  }

  countIn(freezeId: number, states: readonly HeldState[], conn: Conn = this.db): number {
    return conn
      .select({ id: heldPosts.id })
      .from(heldPosts)
      .where(and(eq(heldPosts.freezeId, freezeId), inArray(heldPosts.state, [...states])))
      .all().length;
  }
}
