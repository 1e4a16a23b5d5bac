import { sql } from 'drizzle-orm';
import { requireTransaction, type Conn, type Db, type Tx } from './db.js';
import { people } from './schema.js';

const p = sql.placeholder;

/** How Slack names the people who acted in a crisis, for files and logs where a mention cannot render. */
export class PeopleRepo {
  /** Written with every click: prepared once (see ChecklistRepo for why). */
  private readonly rememberStatement;

  constructor(private readonly db: Db) {
    this.rememberStatement = db
      .insert(people)
      .values({ userId: p('userId'), name: p('name'), seenAt: p('at') })
      // The request's name is Slack's username: only a gap is filled with it (see learnName).
      .onConflictDoUpdate({ target: people.userId, set: { seenAt: sql`excluded.seen_at` } })
      .prepare();
  }

  /** Someone acted, under the name their request carried; part of `tx` with what they did. */
  remember(tx: Tx, userId: string, name: string | undefined, at: number): void {
    requireTransaction(this.db, 'a person');
    if (name) this.rememberStatement.run({ userId, name, at });
  }

  /** The name Slack shows for them (display name, else full name), learned once. */
  learnName(tx: Conn, userId: string, name: string, at: number): void {
    tx.insert(people).values({ userId, name, seenAt: at }).onConflictDoUpdate({ target: people.userId, set: { name } }).run();
  }

  all(conn: Conn = this.db): Map<string, string> {
    return new Map(
      conn
        .select()
        .from(people)
        .all()
        .map((row) => [row.userId, row.name]),
    );
  }
}
