import { sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { rosterEmails } from './schema.js';

/** Roster emails already matched to Slack users (see RosterDirectory). */
export class RosterRepo {
  constructor(private readonly db: Db) {}

  /** Every email matched so far, lower-cased, to its Slack user id. */
  matched(): Map<string, string> {
    return new Map(
      this.db
        .select()
        .from(rosterEmails)
        .all()
        .map((r) => [r.email, r.slackId]),
    );
  }

  remember(matches: readonly { email: string; slackId: string }[], now: number): void {
    if (matches.length === 0) return;
    this.db
      .insert(rosterEmails)
      .values(matches.map((m) => ({ email: m.email.toLowerCase(), slackId: m.slackId, resolvedAt: now })))
      .onConflictDoUpdate({ target: rosterEmails.email, set: { slackId: sql`excluded.slack_id`, resolvedAt: sql`excluded.resolved_at` } })
      .run();
  }
}
