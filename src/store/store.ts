import type Database from 'better-sqlite3';
import type { CrisisSnapshot } from '../domain/crisis.js';
import { AlertRepo } from './alert-repo.js';
import { ChecklistRepo } from './checklist-repo.js';
import { CrisisRepo } from './crisis-repo.js';
import type { Conn, Db, Tx } from './db.js';
import { DebriefRepo } from './debrief-repo.js';
import { FreezeRepo } from './freeze-repo.js';
import { HeldPostRepo } from './held-post-repo.js';
import { LearningRepo } from './learning-repo.js';
import { MessageRepo } from './message-repo.js';
import { OutboxRepo } from './outbox-repo.js';
import { PageRepo } from './page-repo.js';
import { PeopleRepo } from './people-repo.js';
import { ResponseRepo } from './response-repo.js';
import { RosterRepo } from './roster-repo.js';
import { StatementRepo } from './statement-repo.js';
import { TimelineRepo } from './timeline-repo.js';
import { UpdateRepo } from './update-repo.js';
import { WalSync } from './wal-sync.js';

/**
 * The database as the rest of the bot sees it: one repository per thing kept, built here once,
 * and the transactions they share. Reads return the domain's types; every write takes the
 * transaction it is part of.
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
  readonly responses: ResponseRepo;
  readonly learning: LearningRepo;
  readonly roster: RosterRepo;
  readonly outbox: OutboxRepo;
  /** For commits whose disk sync should leave the event loop (see WalSync). */
  readonly walSync: WalSync;
  private savepoints: Record<'begin' | 'release' | 'rollback', Database.Statement> | undefined;

  constructor(
    readonly db: Db,
    walSync?: WalSync,
  ) {
    this.crises = new CrisisRepo(db);
    this.pages = new PageRepo(db);
    this.checklist = new ChecklistRepo(db);
    this.messages = new MessageRepo(db);
    this.updates = new UpdateRepo(db);
    this.timeline = new TimelineRepo(db);
    this.people = new PeopleRepo(db);
    this.alerts = new AlertRepo(db);
    this.statements = new StatementRepo(db);
    this.freezes = new FreezeRepo(db);
    this.held = new HeldPostRepo(db);
    this.debriefs = new DebriefRepo(db);
    this.responses = new ResponseRepo(db);
    this.learning = new LearningRepo(db);
    this.roster = new RosterRepo(db);
    this.outbox = new OutboxRepo(db);
    this.walSync = walSync ?? new WalSync(db.$client);
  }

  /** One `BEGIN IMMEDIATE … COMMIT` on the one connection. */
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

  /** A crisis with everything that belongs to it, as the views, the debrief and the chart read it. */
  snapshot(crisisId: number, conn: Conn = this.db): CrisisSnapshot | undefined {
    const crisis = this.crises.byId(crisisId);
    if (!crisis) return undefined;
    return {
      crisis,
      pages: this.pages.of(crisisId, conn),
      informs: this.pages.informsOf(crisisId, conn),
      statements: this.statements.recordsOf(crisisId, conn),
      freezes: this.freezes.of(crisisId, conn),
      held: this.held.ofCrisis(crisisId, conn),
      responses: this.responses.of(crisisId, conn),
      evidence: this.responses.evidenceOf(crisisId, conn),
      qa: this.learning.qaOf(crisisId, conn),
      lessons: this.learning.lessonsOf(crisisId, conn),
      actions: this.learning.actionsOf(crisisId, conn),
      items: this.checklist.of(crisisId, conn),
      updates: this.updates.of(crisisId, conn),
      timeline: this.timeline.of(crisisId, conn),
      people: this.people.all(conn),
    };
  }
}
