import { and, desc, eq, gte, lt, lte, sql } from 'drizzle-orm';
import type { Alert, TriageDigest } from '../domain/alerts.js';

import type { Conn, Db } from './db.js';
import { alerts, crises, signalReadings, signalSources, triageDigests } from './schema.js';

/** Alerts, their triage decisions, and the listening readings behind signal alerts. */
export class AlertRepo {
  constructor(private readonly db: Db) {}

  insert(tx: Conn, values: typeof alerts.$inferInsert): Alert {
    return tx.insert(alerts).values(values).returning().get();
  }

  byId(id: number, conn: Conn = this.db): Alert | undefined {
    return conn.select().from(alerts).where(eq(alerts.id, id)).get();
  }

  /** The alert a new one with this fingerprint duplicates: still in triage, or behind an open crisis. */
  active(tx: Conn, fingerprint: string): Alert | undefined {
    return tx
      .select({ alert: alerts })
      .from(alerts)
      .leftJoin(crises, eq(alerts.crisisId, crises.id))
      .where(
        and(
          eq(alerts.fingerprint, fingerprint),
          sql`(${alerts.state} = 'triage' or (${alerts.state} = 'opened' and ${crises.state} = 'open'))`,
        ),
      )
      .orderBy(desc(alerts.id))
      .limit(1)
      .get()?.alert;
  }

  seenAgain(tx: Conn, id: number, at: number): Alert {
    return tx
      .update(alerts)
      .set({ seenCount: sql`${alerts.seenCount} + 1`, lastSeenAt: at })
      .where(eq(alerts.id, id))
      .returning()
      .get();
  }

  resolved(tx: Conn, id: number, at: number): void {
    tx.update(alerts).set({ resolvedAt: at }).where(eq(alerts.id, id)).run();
  }

  /** Records a triage decision once: the conditional update is what makes a second click inert. */
  setHandoff(tx: Conn, id: number, link: string): void {
    tx.update(alerts).set({ handoffLink: link }).where(eq(alerts.id, id)).run();
  }

  decide(tx: Conn, id: number, state: 'opened' | 'customer_service' | 'dismissed', by: string, at: number): boolean {
    return (
      tx
        .update(alerts)
        .set({ state, decidedBy: by, decidedAt: at })
        .where(and(eq(alerts.id, id), eq(alerts.state, 'triage')))
        .run().changes === 1
    );
  }

  linkCrisis(tx: Conn, id: number, crisisId: number): void {
    tx.update(alerts).set({ crisisId }).where(eq(alerts.id, id)).run();
  }

  /** The alert a crisis was opened from (its triage message links the crisis channel). */
  linkedTo(crisisId: number, conn: Conn = this.db): Alert[] {
    return conn.select().from(alerts).where(eq(alerts.crisisId, crisisId)).all();
  }

  setMessage(tx: Conn, id: number, channel: string, ts: string): void {
    tx.update(alerts).set({ channel, ts }).where(eq(alerts.id, id)).run();
  }

  /** The digest taking alerts at `now`, if a storm opened one. */
  openDigest(tx: Conn, now: number): TriageDigest | undefined {
    return tx
      .select()
      .from(triageDigests)
      .where(sql`${triageDigests.closesAt} > ${now}`)
      .orderBy(desc(triageDigests.id))
      .limit(1)
      .get();
  }

  /** A digest taking alerts from `now` for `windowMs`. */
  newDigest(tx: Conn, now: number, windowMs: number): TriageDigest {
    return tx
      .insert(triageDigests)
      .values({ openedAt: now, closesAt: now + windowMs })
      .returning()
      .get();
  }

  joinDigest(tx: Conn, alertId: number, digestId: number): void {
    tx.update(alerts).set({ digestId }).where(eq(alerts.id, alertId)).run();
  }

  digestById(id: number, conn: Conn = this.db): TriageDigest | undefined {
    return conn.select().from(triageDigests).where(eq(triageDigests.id, id)).get();
  }

  /** The alerts of a digest, oldest first. */
  alertsOf(digestId: number, conn: Conn = this.db): Alert[] {
    return conn.select().from(alerts).where(eq(alerts.digestId, digestId)).orderBy(alerts.id).all();
  }

  setDigestMessage(tx: Conn, id: number, channel: string, ts: string): void {
    tx.update(triageDigests).set({ channel, ts }).where(eq(triageDigests.id, id)).run();
  }

  /** Dismisses every alert of a digest not decided yet, once; how many it dismissed. */
  dismissUndecided(tx: Conn, digestId: number, by: string, at: number): number {
    return tx
      .update(alerts)
      .set({ state: 'dismissed', decidedBy: by, decidedAt: at })
      .where(and(eq(alerts.digestId, digestId), eq(alerts.state, 'triage')))
      .run().changes;
  }

  addReading(tx: Conn, source: string, mentions: number, negative: number | undefined, at: number): void {
    tx.insert(signalReadings)
      .values({ source, mentions, negative: negative ?? null, at })
      .run();
  }

  /** For the chart: every reading in [from, to], and each source's `baseline` latest before `before`. */
  readingsForChart(
    from: number,
    to: number,
    before: number,
    baseline: number,
    conn: Conn = this.db,
  ): { source: string; at: number; mentions: number; negative: number | null }[] {
    const cols = {
      source: signalReadings.source,
      at: signalReadings.at,
      mentions: signalReadings.mentions,
      negative: signalReadings.negative,
    };
    const during = conn
      .select(cols)
      .from(signalReadings)
      .where(and(gte(signalReadings.at, from), lte(signalReadings.at, to)))
      .all();
    const sources = [...new Set(during.map((r) => r.source))];
    const earlier = sources.flatMap((source) =>
      conn
        .select(cols)
        .from(signalReadings)
        .where(and(eq(signalReadings.source, source), lt(signalReadings.at, before), lt(signalReadings.at, from)))
        .orderBy(desc(signalReadings.at))
        .limit(baseline)
        .all(),
    );
    return [...earlier, ...during];
  }

  /** The latest `limit` readings of a source before the newest `skip`, oldest first. */
  recentMentions(tx: Conn, source: string, limit: number, skip = 0): number[] {
    return tx
      .select({ mentions: signalReadings.mentions })
      .from(signalReadings)
      .where(eq(signalReadings.source, source))
      .orderBy(desc(signalReadings.id))
      .limit(limit)
      .offset(skip)
      .all()
      .map((r) => r.mentions)
      .reverse();
  }

  sourceState(tx: Conn, source: string): { alerting: boolean; alertId: number | null } {
    return tx.select().from(signalSources).where(eq(signalSources.source, source)).get() ?? { alerting: false, alertId: null };
  }

  setSourceState(tx: Conn, source: string, alerting: boolean, alertId: number | null): void {
    tx.insert(signalSources)
      .values({ source, alerting, alertId })
      .onConflictDoUpdate({ target: signalSources.source, set: { alerting, alertId } })
      .run();
  }
}
