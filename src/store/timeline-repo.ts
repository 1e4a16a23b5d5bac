import { asc, eq, sql } from 'drizzle-orm';
import { timelineEventSchema, type TimelineEntry, type TimelineEvent } from '../domain/timeline.js';
import type { Database } from './database.js';
import { pgUnnest, type Conn, type Tx } from './db.js';
import { events, type EventRow } from './schema.js';

const p = sql.placeholder;

/**
 * A stored event as a timeline entry: its facts, or for an entry from before events were stored
 * as facts, the words it was written with. Facts this version cannot read keep their kind.
 */
export function toTimelineEntry(row: EventRow): TimelineEntry {
  const base = { id: row.id, at: row.at, actorId: row.actorId };
  if (row.data === null) return { ...base, event: { kind: 'legacy', text: row.detail ?? row.kind } };
  const parsed = timelineEventSchema.safeParse(JSON.parse(row.data));
  return { ...base, event: parsed.success ? parsed.data : { kind: 'unreadable', stored: row.kind } };
}

/** What happened in a crisis, as facts, for the debrief, the chart and the timeline. */
export class TimelineRepo {
  /** Written by nearly every use case, one fact at a time: prepared once on SQLite (see ChecklistRepo for why). */
  private readonly addStatement;

  constructor(private readonly d: Database) {
    this.addStatement =
      d.sqlite &&
      d.db
        .insert(events)
        .values({ crisisId: p('crisisId'), at: p('at'), kind: p('kind'), actorId: p('actorId'), data: p('data') })
        .prepare();
  }

  /** A fact, part of `tx` with the change it records; `actorId` null when the bot acted on its own. */
  async add(tx: Tx, crisisId: number, at: number, actorId: string | null, event: TimelineEvent): Promise<void> {
    this.d.requireTransaction(tx, 'a timeline event');
    const row = { crisisId, at, kind: event.kind, actorId, data: JSON.stringify(event) };
    if (this.addStatement) this.addStatement.run(row);
    else await tx.insert(events).values(row);
  }

  /** Several facts in one statement, in the order given (a batch of clicks). */
  async addAll(tx: Tx, entries: readonly { crisisId: number; at: number; actorId: string | null; event: TimelineEvent }[]): Promise<void> {
    this.d.requireTransaction(tx, 'a timeline event');
    if (entries.length === 0) return;
    if (this.d.dialect === 'postgres') {
      const rows = pgUnnest(
        [entries.map((e) => e.crisisId), 'integer'],
        [entries.map((e) => e.at), 'bigint'],
        [entries.map((e) => e.event.kind), 'text'],
        [entries.map((e) => e.actorId), 'text'],
        [entries.map((e) => JSON.stringify(e.event)), 'text'],
      );
      await this.d.exec(tx, sql`insert into events (crisis_id, at, kind, actor_id, data) select * from ${rows}`);
      return;
    }
    await tx
      .insert(events)
      .values(
        entries.map(({ crisisId, at, actorId, event }) => ({ crisisId, at, kind: event.kind, actorId, data: JSON.stringify(event) })),
      );
  }

  async of(crisisId: number, conn: Conn = this.d.db): Promise<TimelineEntry[]> {
    const rows = await conn.select().from(events).where(eq(events.crisisId, crisisId)).orderBy(asc(events.at), asc(events.id));
    return rows.map(toTimelineEntry);
  }
}
