import { sql } from 'drizzle-orm';
import type { Database } from './database.js';
import type { Conn, Tx } from './db.js';
import { people } from './schema.js';

const p = sql.placeholder;

/** How Slack names the people who acted in a crisis, for files and logs where a mention cannot render. */
export class PeopleRepo {
  /** Written with every click: prepared once on SQLite (see ChecklistRepo for why). */
  private readonly rememberStatement;

  constructor(private readonly d: Database) {
    this.rememberStatement =
      d.sqlite &&
      d.db
        .insert(people)
        .values({ userId: p('userId'), name: p('name'), seenAt: p('at') })
        // The request's name is Slack's username: only a gap is filled with it (see learnName).
        .onConflictDoUpdate({ target: people.userId, set: { seenAt: sql`excluded.seen_at` } })
        .prepare();
  }

  /** Someone acted, under the name their request carried; part of `tx` with what they did. */
  async remember(tx: Tx, userId: string, name: string | undefined, at: number): Promise<void> {
    this.d.requireTransaction(tx, 'a person');
    if (!name) return;
    if (this.rememberStatement) this.rememberStatement.run({ userId, name, at });
    else
      await tx
        .insert(people)
        .values({ userId, name, seenAt: at })
        .onConflictDoUpdate({ target: people.userId, set: { seenAt: sql`excluded.seen_at` } });
  }

  /** Several people at once (a batch of clicks), each once: PostgreSQL refuses one row twice in an upsert. */
  async rememberAll(tx: Tx, seen: readonly { userId: string; name: string | undefined; at: number }[]): Promise<void> {
    this.d.requireTransaction(tx, 'a person');
    const latest = new Map<string, { userId: string; name: string; seenAt: number }>();
    for (const { userId, name, at } of seen) if (name) latest.set(userId, { userId, name, seenAt: at });
    if (latest.size === 0) return;
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
