import { sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { pgUnnest, type Conn, type Tx } from './db.js';
import { people } from './schema.js';

/** How Slack names the people who acted in a crisis, for files and logs where a mention cannot render. */
export class PeopleRepo {
  constructor(private readonly d: Database) {}

  /**
   * People who acted, under the names their requests carried; part of `tx` with what they did.
   * Each once (the latest): PostgreSQL refuses one row twice in an upsert. The request's name is
   * Slack's username: only a gap is filled with it (see learnName).
   */
  async rememberAll(tx: Tx, seen: readonly { userId: string; name: string | undefined; at: number }[]): Promise<void> {
    this.d.requireTransaction(tx, 'a person');
    const latest = new Map<string, { userId: string; name: string; seenAt: number }>();
    for (const { userId, name, at } of seen) if (name) latest.set(userId, { userId, name, seenAt: at });
    if (latest.size === 0) return;
    if (this.d.dialect === 'postgres') {
      // In one order for every writer: two instances' batches that name the same people then never lock them crosswise.
      const seenNow = [...latest.values()].sort((a, b) => (a.userId < b.userId ? -1 : 1));
      const rows = pgUnnest(
        [seenNow.map((r) => r.userId), 'text'],
        [seenNow.map((r) => r.name), 'text'],
        [seenNow.map((r) => r.seenAt), 'bigint'],
      );
      await this.d.exec(
        tx,
        sql`insert into people (user_id, name, seen_at) select * from ${rows}
            on conflict (user_id) do update set seen_at = excluded.seen_at`,
      );
      return;
    }
    await tx
      .insert(people)
      .values([...latest.values()])
      .onConflictDoUpdate({ target: people.userId, set: { seenAt: sql`excluded.seen_at` } });
  }

  /** The name Slack shows for them (display name, else full name), learned once. */
  async learnName(tx: Tx, userId: string, name: string, at: number): Promise<void> {
    await tx.insert(people).values({ userId, name, seenAt: at }).onConflictDoUpdate({ target: people.userId, set: { name } });
  }

  async all(conn: Conn = this.d.db): Promise<Map<string, string>> {
    const rows = await conn.select().from(people);
    return new Map(rows.map((row) => [row.userId, row.name]));
  }
}
