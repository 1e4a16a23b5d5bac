import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { ChecklistItem, Crisis, CrisisMessage, CrisisSnapshot, Inform, Page, StatusUpdate } from '../domain/crisis.js';
import { timelineEventSchema, type TimelineEntry, type TimelineEvent } from '../domain/timeline.js';
import type { Db } from './db.js';
import { checklistItems, crises, crisisMessages, events, informs, pages, people, statusUpdates, type EventRow } from './schema.js';
import { HeldPostRepo } from './held-post-repo.js';
import { ResponseRepo } from './response-repo.js';
import { LearningRepo } from './learning-repo.js';
import { FreezeRepo } from './freeze-repo.js';
import { StatementRepo } from './statement-repo.js';
import { WalSync } from './wal-sync.js';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Conn = Db | Tx;

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

const p = sql.placeholder;

/**
 * The queries behind a click (acknowledge, tick) prepared once. Building a statement costs drizzle
 * more than running it, and 200 people clicking at once wait on each other's cost (bench/ack.ts).
 * They run on the one connection, so inside a transaction they see that transaction.
 */
function prepareHot(db: Db) {
  return {
    crisisById: db.select().from(crises).where(eq(crises.id, p('id'))).prepare(),
    itemById: db.select().from(checklistItems).where(eq(checklistItems.id, p('id'))).prepare(),
    pageById: db.select().from(pages).where(eq(pages.id, p('id'))).prepare(),
    personName: db.select({ name: people.name }).from(people).where(eq(people.userId, p('userId'))).prepare(),
    setItemDone: db
      .update(checklistItems)
      .set({ doneAt: sql`${p('at')}`, doneBy: sql`${p('by')}` })
      .where(and(eq(checklistItems.id, p('id')), isNull(checklistItems.doneAt)))
      .prepare(),
    setItemUndone: db
      .update(checklistItems)
      .set({ doneAt: null, doneBy: null })
      .where(and(eq(checklistItems.id, p('id')), isNotNull(checklistItems.doneAt)))
      .prepare(),
    acknowledge: db
      .update(pages)
      .set({ ackedAt: sql`${p('at')}` })
      .where(and(eq(pages.id, p('id')), isNull(pages.ackedAt)))
      .prepare(),
    rememberPerson: db
      .insert(people)
      .values({ userId: p('userId'), name: p('name'), seenAt: p('at') })
      // The request's name is Slack's username: only a gap is filled with it (see learnName).
      .onConflictDoUpdate({ target: people.userId, set: { seenAt: sql`excluded.seen_at` } })
      .prepare(),
    addEvent: db
      .insert(events)
      .values({ crisisId: p('crisisId'), at: p('at'), kind: p('kind'), actorId: p('actorId'), data: p('data') })
      .prepare(),
  };
}

/**
 * The crisis aggregate: the crisis with its pages, checklist, messages, updates and timeline,
 * read as the domain's types (the rows have the same shape, so most need no copying). Writes
 * take the transaction they are part of; the prepared statements run on the one connection, so
 * inside a transaction they see it without being given it (see prepareHot).
 */
export class CrisisRepo {
  private readonly hot: ReturnType<typeof prepareHot>;
  /** For commits whose disk sync should leave the event loop (see WalSync). */
  readonly walSync: WalSync;
  private savepoints: Record<'begin' | 'release' | 'rollback', Database.Statement> | undefined;
  private readonly statementRepo: StatementRepo;
  private readonly freezeRepo: FreezeRepo;
  private readonly heldRepo: HeldPostRepo;
  private readonly responseRepo: ResponseRepo;
  private readonly learningRepo: LearningRepo;

  constructor(
    private readonly db: Db,
    walSync?: WalSync,
  ) {
    this.hot = prepareHot(db);
    this.statementRepo = new StatementRepo(db);
    this.freezeRepo = new FreezeRepo(db);
    this.heldRepo = new HeldPostRepo(db);
    this.responseRepo = new ResponseRepo(db);
    this.learningRepo = new LearningRepo(db);
    this.walSync = walSync ?? new WalSync(db.$client);
  }

  transaction<T>(fn: (tx: Tx) => T): T {
    return this.db.transaction(fn, { behavior: 'immediate' });
  }

  /**
   * `fn` inside a savepoint of the running transaction: if it throws, only its own changes are
   * undone. Raw statements prepared once, because drizzle's nested transaction builds a new
   * database object and its SQL on every call, which a burst of clicks pays per click.
   */
  savepoint<T>(tx: Tx, fn: (tx: Tx) => T): T {
    const sp = (this.savepoints ??= {
      begin: this.db.$client.prepare('SAVEPOINT write'),
      release: this.db.$client.prepare('RELEASE write'),
      rollback: this.db.$client.prepare('ROLLBACK TO write'),
    });
    sp.begin.run();
    try {
      const value = fn(tx);
      sp.release.run();
      return value;
    } catch (error) {
      // Some errors (a full disk, an I/O error) make SQLite roll back the whole transaction,
      // savepoint included: then there is nothing to undo here, and the caller must not go on.
      if (this.db.$client.inTransaction) {
        sp.rollback.run();
        sp.release.run();
      }
      throw error;
    }
  }

  /** False once SQLite has rolled back the running transaction by itself (see savepoint). */
  inTransaction(): boolean {
    return this.db.$client.inTransaction;
  }

  /** Undefined when a crisis with the same open key exists: the caller then reads that one. */
  insertCrisis(tx: Conn, values: typeof crises.$inferInsert): Crisis | undefined {
    return tx.insert(crises).values(values).onConflictDoNothing({ target: crises.openKey }).returning().get();
  }

  byId(id: number): Crisis | undefined {
    return this.hot.crisisById.get({ id });
  }

  byOpenKey(key: string): Crisis | undefined {
    return this.db.select().from(crises).where(eq(crises.openKey, key)).get();
  }

  byChannel(channelId: string): Crisis | undefined {
    return this.db.select().from(crises).where(eq(crises.channelId, channelId)).get();
  }

  listOpen(): Crisis[] {
    return this.db.select().from(crises).where(eq(crises.state, 'open')).orderBy(asc(crises.openedAt)).all();
  }

  setChannel(tx: Conn, id: number, channelId: string, channelName: string): void {
    tx.update(crises).set({ channelId, channelName }).where(eq(crises.id, id)).run();
  }

  /** Closes once: the conditional update is what stops a double close posting two debriefs. */
  close(tx: Conn, id: number, by: string, at: number, summary: string | undefined): boolean {
    return (
      tx
        .update(crises)
        .set({ state: 'closed', closedAt: at, closedBy: by, closeSummary: summary ?? null })
        .where(and(eq(crises.id, id), eq(crises.state, 'open')))
        .run().changes === 1
    );
  }

  setStage(tx: Conn, id: number, stage: number): void {
    tx.update(crises).set({ stage }).where(eq(crises.id, id)).run();
  }

  setSeverity(tx: Conn, id: number, severity: Crisis['severity']): void {
    tx.update(crises).set({ severity }).where(eq(crises.id, id)).run();
  }

  /** Amends what `/crisis title`, `type` and `lead` change. */
  amend(tx: Conn, id: number, values: Partial<Pick<Crisis, 'title' | 'type' | 'leadId' | 'channelName'>>): void {
    tx.update(crises).set(values).where(eq(crises.id, id)).run();
  }

  lastUpdateAt(crisisId: number, conn: Conn = this.db): number | undefined {
    return conn
      .select({ at: statusUpdates.postedAt })
      .from(statusUpdates)
      .where(eq(statusUpdates.crisisId, crisisId))
      .orderBy(desc(statusUpdates.postedAt))
      .limit(1)
      .get()?.at;
  }

  setDebrief(tx: Conn, id: number, debrief: string): void {
    tx.update(crises).set({ debrief }).where(eq(crises.id, id)).run();
  }

  insertPages(tx: Conn, rows: (typeof pages.$inferInsert)[]): Page[] {
    if (rows.length === 0) return [];
    return tx.insert(pages).values(rows).onConflictDoNothing().returning().all();
  }

  pagesOf(crisisId: number, conn: Conn = this.db): Page[] {
    return conn.select().from(pages).where(eq(pages.crisisId, crisisId)).orderBy(asc(pages.id)).all();
  }

  pageById(id: number): Page | undefined {
    return this.hot.pageById.get({ id });
  }

  markPageSent(tx: Conn, id: number, dmChannel: string, dmTs: string, hasLink: boolean): void {
    tx.update(pages).set({ dmChannel, dmTs, dmHasLink: hasLink }).where(eq(pages.id, id)).run();
  }

  /** True only the first time: a page is chased once. */
  markPageChased(tx: Conn, id: number, at: number): boolean {
    return tx.update(pages).set({ chasedAt: at }).where(and(eq(pages.id, id), isNull(pages.chasedAt))).run().changes === 1;
  }

  /** Those already told (once per person and crisis) are left out of what is returned. */
  insertInforms(tx: Conn, rows: (typeof informs.$inferInsert)[]): Inform[] {
    if (rows.length === 0) return [];
    return tx.insert(informs).values(rows).onConflictDoNothing().returning().all();
  }

  informsOf(crisisId: number, conn: Conn = this.db): Inform[] {
    return conn.select().from(informs).where(eq(informs.crisisId, crisisId)).orderBy(asc(informs.id)).all();
  }

  informById(id: number): Inform | undefined {
    return this.db.select().from(informs).where(eq(informs.id, id)).get();
  }

  markInformSent(tx: Conn, id: number, dmChannel: string, dmTs: string): void {
    tx.update(informs).set({ dmChannel, dmTs }).where(eq(informs.id, id)).run();
  }

  /** True only for the first acknowledgement of a page. */
  acknowledge(pageId: number, at: number): boolean {
    return this.hot.acknowledge.run({ id: pageId, at }).changes === 1;
  }

  insertItems(tx: Conn, rows: (typeof checklistItems.$inferInsert)[]): ChecklistItem[] {
    return rows.length > 0 ? tx.insert(checklistItems).values(rows).returning().all() : [];
  }

  itemsOf(crisisId: number, conn: Conn = this.db): ChecklistItem[] {
    return conn.select().from(checklistItems).where(eq(checklistItems.crisisId, crisisId)).orderBy(asc(checklistItems.position)).all();
  }

  itemById(id: number): ChecklistItem | undefined {
    return this.hot.itemById.get({ id });
  }

  /** True only when this call changed the item, so a double click records one tick. */
  setItemDone(itemId: number, by: string, at: number): boolean {
    return this.hot.setItemDone.run({ id: itemId, by, at }).changes === 1;
  }

  setItemUndone(itemId: number): boolean {
    return this.hot.setItemUndone.run({ id: itemId }).changes === 1;
  }

  setMessage(tx: Conn, row: CrisisMessage): void {
    tx.insert(crisisMessages)
      .values(row)
      .onConflictDoUpdate({
        target: [crisisMessages.crisisId, crisisMessages.kind, crisisMessages.part],
        set: { channel: row.channel, ts: row.ts },
      })
      .run();
  }

  messagesOf(crisisId: number, kind: CrisisMessage['kind'], conn: Conn = this.db): CrisisMessage[] {
    return conn
      .select()
      .from(crisisMessages)
      .where(and(eq(crisisMessages.crisisId, crisisId), eq(crisisMessages.kind, kind)))
      .orderBy(asc(crisisMessages.part))
      .all();
  }

  addUpdate(tx: Conn, crisisId: number, authorId: string, text: string, at: number): StatusUpdate {
    return tx.insert(statusUpdates).values({ crisisId, authorId, text, postedAt: at }).returning().get();
  }

  updateById(id: number): StatusUpdate | undefined {
    return this.db.select().from(statusUpdates).where(eq(statusUpdates.id, id)).get();
  }

  /** A fact for the timeline; `actorId` null when the bot acted on its own. */
  addEvent(crisisId: number, at: number, actorId: string | null, event: TimelineEvent): void {
    this.hot.addEvent.run({ crisisId, at, kind: event.kind, actorId, data: JSON.stringify(event) });
  }

  /** Remembers how Slack named a person, for files and logs where a mention cannot render. */
  rememberPerson(userId: string, name: string | undefined, at: number): void {
    if (name) this.hot.rememberPerson.run({ userId, name, at });
  }

  /** The name Slack shows for them (display name, else full name), learned once. */
  learnName(userId: string, name: string, at: number): void {
    this.db.insert(people).values({ userId, name, seenAt: at }).onConflictDoUpdate({ target: people.userId, set: { name } }).run();
  }

  personName(userId: string): string | undefined {
    return this.hot.personName.get({ userId })?.name;
  }

  snapshot(crisisId: number, conn: Conn = this.db): CrisisSnapshot | undefined {
    const crisis = this.byId(crisisId);
    if (!crisis) return undefined;
    return {
      crisis,
      pages: this.pagesOf(crisisId, conn),
      informs: this.informsOf(crisisId, conn),
      statements: this.statementRepo.recordsOf(crisisId, conn),
      freezes: this.freezeRepo.of(crisisId, conn),
      held: this.heldRepo.ofCrisis(crisisId, conn),
      responses: this.responseRepo.of(crisisId, conn),
      evidence: this.responseRepo.evidenceOf(crisisId, conn),
      qa: this.learningRepo.qaOf(crisisId, conn),
      lessons: this.learningRepo.lessonsOf(crisisId, conn),
      actions: this.learningRepo.actionsOf(crisisId, conn),
      items: this.itemsOf(crisisId, conn),
      updates: conn.select().from(statusUpdates).where(eq(statusUpdates.crisisId, crisisId)).orderBy(asc(statusUpdates.id)).all(),
      timeline: conn.select().from(events).where(eq(events.crisisId, crisisId)).orderBy(asc(events.at), asc(events.id)).all().map(toTimelineEntry),
      people: new Map(conn.select().from(people).all().map((p) => [p.userId, p.name])),
    };
  }
}
