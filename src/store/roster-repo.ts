import { sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { rosterEmails } from './schema.js';

/** Roster emails already matched to Slack users (see RosterDirectory). */
export class RosterRepo {
  constructor(private readonly d: Database) {}

  /** Every email matched so far, lower-cased, to its Slack user id. */
  async matched(): Promise<Map<string, string>> {
    const rows = await this.d.db.select().from(rosterEmails);
    return new Map(rows.map((r) => [r.email, r.slackId]));
  }

  async remember(matches: readonly { email: string; slackId: string }[], now: number): Promise<void> {
    if (matches.length === 0) return;
    await this.d.transaction(async (tx) => {
      await tx
        .insert(rosterEmails)
        .values(matches.map((m) => ({ email: m.email.toLowerCase(), slackId: m.slackId, resolvedAt: now })))
        .onConflictDoUpdate({
          target: rosterEmails.email,
          set: { slackId: sql`excluded.slack_id`, resolvedAt: sql`excluded.resolved_at` },
        });
    });
  }
}
