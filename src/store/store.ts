import type { CrisisSnapshot } from '../domain/crisis.js';
import { AlertRepo } from './alert-repo.js';
import { ChecklistRepo } from './checklist-repo.js';
import { readClickState, type ClickState } from './click-state.js';
import { CrisisRepo } from './crisis-repo.js';
import type { Database, TransactionOptions } from './database.js';
import type { Conn, Tx } from './db.js';
import { HootsuiteTokenRepo } from './hootsuite-token-repo.js';
import { DebriefRepo } from './debrief-repo.js';
import { FreezeRepo } from './freeze-repo.js';
import { HeldPostRepo } from './held-post-repo.js';
import { HomeRepo } from './home-repo.js';
import { LearningRepo } from './learning-repo.js';
import { MessageRepo } from './message-repo.js';
import { OutboxRepo } from './outbox-repo.js';
import { PageRepo } from './page-repo.js';
import { PeopleRepo } from './people-repo.js';
import { PhoneRepo } from './phone-repo.js';
import { PlanRepo } from './plan-repo.js';
import { ResponseRepo } from './response-repo.js';
import { RosterRepo } from './roster-repo.js';
import { StatementRepo } from './statement-repo.js';
import { TimelineRepo } from './timeline-repo.js';
import { UpdateRepo } from './update-repo.js';

/**
 * The database as the rest of the bot sees it: one repository per thing kept, built here once,
 * and the transactions they share. Reads return the domain's types; every write takes the
 * transaction it is part of. The same on SQLite and PostgreSQL (see Database).
 */
export class Store {
  readonly crises: CrisisRepo;
  readonly pages: PageRepo;
  readonly checklist: ChecklistRepo;
  readonly messages: MessageRepo;
  readonly updates: UpdateRepo;
  readonly timeline: TimelineRepo;
  readonly people: PeopleRepo;
  readonly alerts: AlertRepo;
  readonly statements: StatementRepo;
  readonly freezes: FreezeRepo;
  readonly held: HeldPostRepo;
  readonly debriefs: DebriefRepo;
  readonly hootsuiteTokens: HootsuiteTokenRepo;
  readonly responses: ResponseRepo;
  readonly learning: LearningRepo;
  readonly roster: RosterRepo;
  readonly phone: PhoneRepo;
  readonly plan: PlanRepo;
  readonly homes: HomeRepo;
  readonly outbox: OutboxRepo;

  constructor(readonly database: Database) {
    this.crises = new CrisisRepo(database);
    this.pages = new PageRepo(database);
    this.checklist = new ChecklistRepo(database);
    this.messages = new MessageRepo(database);
    this.updates = new UpdateRepo(database);
    this.timeline = new TimelineRepo(database);
    this.people = new PeopleRepo(database);
    this.alerts = new AlertRepo(database);
    this.statements = new StatementRepo(database);
    this.freezes = new FreezeRepo(database);
    this.held = new HeldPostRepo(database);
    this.debriefs = new DebriefRepo(database);
    this.hootsuiteTokens = new HootsuiteTokenRepo(database);
    this.responses = new ResponseRepo(database);
    this.learning = new LearningRepo(database);
    this.roster = new RosterRepo(database);
    this.phone = new PhoneRepo(database);
    this.plan = new PlanRepo(database);
    this.homes = new HomeRepo(database);
    this.outbox = new OutboxRepo(database);
  }

  /** One transaction: on SQLite one `BEGIN IMMEDIATE … COMMIT` with nothing else written between. */
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.database.transaction(fn, options);
  }

  /** `fn` inside a savepoint of the running transaction: if it throws, only its own changes are undone. */
  savepoint<T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.database.savepoint(tx, fn);
  }

  /** See Database.serialize. */
  serialize(tx: Tx, topic: string): Promise<void> {
    return this.database.serialize(tx, topic);
  }

  /** See Database.together. */
  together(tx: Tx, fn: () => Promise<void>): Promise<void> {
    return this.database.together(tx, fn);
  }

  /** What a batch of clicks decides on, held until it commits (see readClickState). */
  clickState(tx: Tx, itemIds: readonly number[], pageIds: readonly number[]): Promise<ClickState> {
    return readClickState(this.database, this, tx, itemIds, pageIds);
  }

  /** See Database.isTransient. */
  isTransient(error: unknown): boolean {
    return this.database.isTransient(error);
  }

  /** False once the engine has given up the running transaction by itself (see savepoint). */
  inTransaction(tx: Tx): boolean {
    return this.database.inTransaction(tx);
  }

  /** Resolves once every commit made before the call is durable (see TransactionOptions.relaxed). */
  flushed(): Promise<void> {
    return this.database.flushed();
  }

  /** A crisis with everything that belongs to it, as the views, the debrief and the chart read it. */
  async snapshot(crisisId: number, conn: Conn = this.database.db): Promise<CrisisSnapshot | undefined> {
    const crisis = await this.crises.byId(crisisId, conn);
    if (!crisis) return undefined;
    // Outside a transaction the reads go out together (PostgreSQL answers them on several
    // connections: a render before a Slack call waited for fifteen round trips one by one).
    // Inside one they share its connection, which runs one query at a time: one after another.
    const [pages, informs, statements, freezes, held, responses, evidence, qa, lessons, actions, items, updates, timeline, people, phone] =
      await readAll(conn === this.database.db, [
        () => this.pages.of(crisisId, conn),
        () => this.pages.informsOf(crisisId, conn),
        () => this.statements.recordsOf(crisisId, conn),
        () => this.freezes.of(crisisId, conn),
        () => this.held.ofCrisis(crisisId, conn),
        () => this.responses.of(crisisId, conn),
        () => this.responses.evidenceOf(crisisId, conn),
        () => this.learning.qaOf(crisisId, conn),
        () => this.learning.lessonsOf(crisisId, conn),
        () => this.learning.actionsOf(crisisId, conn),
        () => this.checklist.of(crisisId, conn),
        () => this.updates.of(crisisId, conn),
        () => this.timeline.of(crisisId, conn),
        () => this.people.all(conn),
        () => this.phone.ofCrisis(crisisId, conn),
      ] as const);
    return {
      crisis,
      pages,
      informs,
      statements,
      freezes,
      held,
      responses,
      evidence,
      qa,
      lessons,
      actions,
      items,
      updates,
      timeline,
      people,
      phone,
    };
  }
}

type Reads = readonly (() => Promise<unknown>)[];

/** Runs the reads together, or one after another; their results in order either way. */
async function readAll<R extends Reads>(together: boolean, reads: R): Promise<{ -readonly [K in keyof R]: Awaited<ReturnType<R[K]>> }> {
  type Results = { -readonly [K in keyof R]: Awaited<ReturnType<R[K]>> };
  if (together) return (await Promise.all(reads.map((read) => read()))) as Results;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as Results;
}
