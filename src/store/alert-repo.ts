import { and, desc, eq, gte, lt, lte, sql } from 'drizzle-orm';
import type { Alert, AlertState, TriageDigest } from '../domain/alerts.js';
import type { Database } from './database.js';
import { first, only, type Conn, type Tx } from './db.js';
import { alerts, crises, signalReadings, signalSources, triageDigests } from './schema.js';

/** Alerts, their triage decisions, and the listening readings behind signal alerts. */
export class AlertRepo {
  constructor(private readonly d: Database) {}

  insert(tx: Tx, values: typeof alerts.$inferInsert): Promise<Alert> {
    return only(tx.insert(alerts).values(values).returning());
  }

  byId(id: number, conn: Conn = this.d.db): Promise<Alert | undefined> {
    return first(conn.select().from(alerts).where(eq(alerts.id, id)));
  }

  /** The alert a new one with this fingerprint duplicates: still in triage, or behind an open crisis (opened by it or added to it). */
  async active(tx: Tx, fingerprint: string): Promise<Alert | undefined> {
    const row = await first(
      tx
        .select({ alert: alerts })
        .from(alerts)
        .leftJoin(crises, eq(alerts.crisisId, crises.id))
        .where(
          and(
            eq(alerts.fingerprint, fingerprint),
            sql`(${alerts.state} = 'triage' or (${alerts.state} in ('opened', 'added') and ${crises.state} = 'open'))`,
          ),
        )
        .orderBy(desc(alerts.id))
        .limit(1),
    );
    return row?.alert;
  }

  seenAgain(tx: Tx, id: number, at: number): Promise<Alert> {
    return only(
      tx
        .update(alerts)
        .set({ seenCount: sql`${alerts.seenCount} + 1`, lastSeenAt: at })
        .where(eq(alerts.id, id))
        .returning(),
    );
  }

  async resolved(tx: Tx, id: number, at: number): Promise<void> {
    await tx.update(alerts).set({ resolvedAt: at }).where(eq(alerts.id, id));
  }

  async setHandoff(tx: Tx, id: number, link: string): Promise<void> {
    await tx.update(alerts).set({ handoffLink: link }).where(eq(alerts.id, id));
  }

  /** Records a triage decision once: the conditional update is what makes a second click inert. */
  async decide(tx: Tx, id: number, state: Exclude<AlertState, 'triage'>, by: string, at: number): Promise<boolean> {
    const decided = await tx
      .update(alerts)
      .set({ state, decidedBy: by, decidedAt: at })
      .where(and(eq(alerts.id, id), eq(alerts.state, 'triage')))
      .returning({ id: alerts.id });
    return decided.length === 1;
  }

  async linkCrisis(tx: Tx, id: number, crisisId: number): Promise<void> {
    await tx.update(alerts).set({ crisisId }).where(eq(alerts.id, id));
  }

  /** The alert a crisis was opened from (its triage message links the crisis channel). */
  linkedTo(crisisId: number, conn: Conn = this.d.db): Promise<Alert[]> {
    return conn.select().from(alerts).where(eq(alerts.crisisId, crisisId));
  }

  async setMessage(tx: Tx, id: number, channel: string, ts: string): Promise<void> {
    await tx.update(alerts).set({ channel, ts }).where(eq(alerts.id, id));
  }

  /** The digest taking alerts at `now`, if a storm opened one. */
  openDigest(tx: Tx, now: number): Promise<TriageDigest | undefined> {
    return first(
      tx
        .select()
        .from(triageDigests)
        .where(sql`${triageDigests.closesAt} > ${now}`)
        .orderBy(desc(triageDigests.id))
        .limit(1),
    );
  }

  /** A digest taking alerts from `now` for `windowMs`. */
  newDigest(tx: Tx, now: number, windowMs: number): Promise<TriageDigest> {
    return only(
      tx
        .insert(triageDigests)
        .values({ openedAt: now, closesAt: now + windowMs })
        .returning(),
    );
  }

  async joinDigest(tx: Tx, alertId: number, digestId: number): Promise<void> {
    await tx.update(alerts).set({ digestId }).where(eq(alerts.id, alertId));
  }

  digestById(id: number, conn: Conn = this.d.db): Promise<TriageDigest | undefined> {
    return first(conn.select().from(triageDigests).where(eq(triageDigests.id, id)));
  }

  /** The alerts of a digest, oldest first. */
  alertsOf(digestId: number, conn: Conn = this.d.db): Promise<Alert[]> {
    return conn.select().from(alerts).where(eq(alerts.digestId, digestId)).orderBy(alerts.id);
  }

  async setDigestMessage(tx: Tx, id: number, channel: string, ts: string): Promise<void> {
    await tx.update(triageDigests).set({ channel, ts }).where(eq(triageDigests.id, id));
  }

  /** Dismisses every alert of a digest not decided yet, once; how many it dismissed. */
  async dismissUndecided(tx: Tx, digestId: number, by: string, at: number): Promise<number> {
    const dismissed = await tx
      .update(alerts)
      .set({ state: 'dismissed', decidedBy: by, decidedAt: at })
      .where(and(eq(alerts.digestId, digestId), eq(alerts.state, 'triage')))
      .returning({ id: alerts.id });
    return dismissed.length;
  }

  async addReading(tx: Tx, source: string, mentions: number, negative: number | undefined, at: number): Promise<void> {
    await tx.insert(signalReadings).values({ source, mentions, negative: negative ?? null, at });
  }

  /** For the chart: every reading in [from, to], and each source's `baseline` latest before `before`. */
  /** Every reading taken from `from` to `to` (the debrief's figures of how big it got). */
  readingsBetween(
    from: number,
    to: number,
    conn: Conn = this.d.db,
  ): Promise<{ source: string; at: number; mentions: number; negative: number | null }[]> {
    return conn
      .select({
        source: signalReadings.source,
        at: signalReadings.at,
        mentions: signalReadings.mentions,
        negative: signalReadings.negative,
      })
      .from(signalReadings)
      .where(and(gte(signalReadings.at, from), lte(signalReadings.at, to)));
  }

  async readingsForChart(
    from: number,
    to: number,
    before: number,
    baseline: number,
    conn: Conn = this.d.db,
  ): Promise<{ source: string; at: number; mentions: number; negative: number | null }[]> {
    const cols = {
      source: signalReadings.source,
      at: signalReadings.at,
      mentions: signalReadings.mentions,
      negative: signalReadings.negative,
    };
    const during = await this.readingsBetween(from, to, conn);
    const sources = [...new Set(during.map((r) => r.source))];
    const earlier: (typeof during)[number][] = [];
    // One source after another: inside a transaction they share one connection.
    for (const source of sources) {
      earlier.push(
        ...(await conn
          .select(cols)
          .from(signalReadings)
          .where(and(eq(signalReadings.source, source), lt(signalReadings.at, before), lt(signalReadings.at, from)))
          .orderBy(desc(signalReadings.at))
          .limit(baseline)),
      );
    }
    return [...earlier, ...during];
  }

  /** The latest `limit` readings of a source before the newest `skip`, oldest first. */
  async recentMentions(tx: Tx, source: string, limit: number, skip = 0): Promise<number[]> {
    const rows = await tx
      .select({ mentions: signalReadings.mentions })
      .from(signalReadings)
      .where(eq(signalReadings.source, source))
      .orderBy(desc(signalReadings.id))
      .limit(limit)
      .offset(skip);
    return rows.map((r) => r.mentions).reverse();
  }

  async sourceState(tx: Tx, source: string): Promise<{ alerting: boolean; alertId: number | null }> {
    return (await first(tx.select().from(signalSources).where(eq(signalSources.source, source)))) ?? { alerting: false, alertId: null };
  }

  async setSourceState(tx: Tx, source: string, alerting: boolean, alertId: number | null): Promise<void> {
    await tx
      .insert(signalSources)
      .values({ source, alerting, alertId })
      .onConflictDoUpdate({ target: signalSources.source, set: { alerting, alertId } });
  }
}
