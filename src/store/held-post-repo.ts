import { and, asc, eq, inArray } from 'drizzle-orm';
import type { HeldPost, HeldState } from '../domain/held-posts.js';
import type { Database } from './database.js';
import { first, type Conn, type Tx } from './db.js';
import { heldPosts } from './schema.js';

type Row = typeof heldPosts.$inferSelect;

const toHeld = (r: Row): HeldPost => ({
  ...r,
  mediaUrls: JSON.parse(r.mediaUrls) as string[],
  message: r.message === null ? null : (JSON.parse(r.message) as Record<string, unknown>),
});

export interface PostCopy {
  readonly externalId: string;
  readonly profileId: string;
  readonly text: string;
  readonly scheduledAt: number;
  readonly mediaUrls: readonly string[];
  readonly message: Readonly<Record<string, unknown>>;
  readonly awaitingApproval: boolean;
}

/** The copies of posts held back in a scheduler (see domain/held-posts). */
export class HeldPostRepo {
  constructor(private readonly d: Database) {}

  /** Keeps a copy of each post; a post already kept for this freeze is not kept twice. `caught`: by a later look. */
  async save(tx: Tx, freezeId: number, crisisId: number, posts: readonly PostCopy[], at: number, caught = false): Promise<HeldPost[]> {
    if (posts.length === 0) return [];
    const rows = posts.map((p) => ({
      freezeId,
      crisisId,
      ...p,
      mediaUrls: JSON.stringify(p.mediaUrls),
      message: JSON.stringify(p.message),
      savedAt: at,
      caughtAt: caught ? at : null,
    }));
    return (await tx.insert(heldPosts).values(rows).onConflictDoNothing().returning()).map(toHeld);
  }

  async byId(id: number, conn: Conn = this.d.db): Promise<HeldPost | undefined> {
    const row = await first(conn.select().from(heldPosts).where(eq(heldPosts.id, id)));
    return row && toHeld(row);
  }

  async ofFreeze(freezeId: number, conn: Conn = this.d.db): Promise<HeldPost[]> {
    const rows = await conn
      .select()
      .from(heldPosts)
      .where(eq(heldPosts.freezeId, freezeId))
      .orderBy(asc(heldPosts.scheduledAt), asc(heldPosts.id));
    return rows.map(toHeld);
  }

  async ofCrisis(crisisId: number, conn: Conn = this.d.db): Promise<HeldPost[]> {
    const rows = await conn
      .select()
      .from(heldPosts)
      .where(eq(heldPosts.crisisId, crisisId))
      .orderBy(asc(heldPosts.freezeId), asc(heldPosts.scheduledAt), asc(heldPosts.id));
    return rows.map(toHeld);
  }

  /** Moves a post on from `from` only: a repeated job changes nothing the first one recorded. */
  private async move(tx: Tx, id: number, from: HeldState, set: Partial<Row>): Promise<boolean> {
    return (
      (
        await tx
          .update(heldPosts)
          .set(set)
          .where(and(eq(heldPosts.id, id), eq(heldPosts.state, from)))
          .returning({ id: heldPosts.id })
      ).length === 1
    );
  }

  /** `failure`: what the scheduler answered when it would not unschedule it (`refused`). */
  async unscheduled(tx: Tx, id: number, outcome: 'held' | 'gone' | 'refused', at: number, failure?: string): Promise<boolean> {
    return this.move(tx, id, 'saved', { state: outcome, heldAt: at, ...(failure === undefined ? {} : { failure }) });
  }

  async restoring(tx: Tx, times: ReadonlyMap<number, number>): Promise<void> {
    for (const [id, restoreAt] of times) await this.move(tx, id, 'held', { state: 'restoring', restoreAt });
  }

  /** `scheduledFor`: the time it was scheduled again for, which a late run may have moved on. */
  async restored(tx: Tx, id: number, newId: string, scheduledFor: number, pending: boolean, at: number): Promise<boolean> {
    return this.move(tx, id, 'restoring', {
      state: 'restored',
      restoredId: newId,
      restoreAt: scheduledFor,
      restoredAt: at,
      restoredPending: pending,
    });
  }

  async failed(tx: Tx, id: number, reason: string, at: number): Promise<boolean> {
    return this.move(tx, id, 'restoring', { state: 'failed', failure: reason, restoredAt: at });
  }

  async countIn(freezeId: number, states: readonly HeldState[], conn: Conn = this.d.db): Promise<number> {
    const rows = await conn
      .select({ id: heldPosts.id })
      .from(heldPosts)
      .where(and(eq(heldPosts.freezeId, freezeId), inArray(heldPosts.state, [...states])));
    return rows.length;
  }
}
