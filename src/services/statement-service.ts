import type { Crisis } from '../domain/crisis.js';
import { approversOf, checkMandate } from '../domain/roster.js';
import { MAX_STATEMENT, current, isApproved, length, textHash, type Platform, type Publication } from '../domain/statements.js';
import { askApproval, approvalDue, postStatement, tellAuthor } from '../jobs/statements.js';
import type { Tx } from '../store/db.js';
import type { StatementRepo } from '../store/statement-repo.js';
import type { ServiceDeps } from './deps.js';
import { UserError } from './errors.js';
import { rememberActor, type Actor } from './people.js';

/** An approver not answering a waiting draft is reminded once after this long. */
export const APPROVAL_REMINDER_MS = 10 * 60_000;

/**
 * What the brand says. A draft is posted in the crisis channel and sent to the approvers; an
 * approval covers the exact text (its hash), an edit is a new version that needs approval
 * again, and the first publication stops the first-public-response clock.
 */
export class StatementService {
  constructor(private readonly deps: ServiceDeps & { statements: StatementRepo; approvalReminderMs?: number }) {}

  draft(crisis: Crisis, actor: Actor, text: string, platforms: readonly Platform[]): number {
    const { statements, clock, outbox } = this.deps;
    checkText(text);
    const now = clock();
    const id = this.inOpen(crisis.id, (tx, current) => {
      rememberActor(this.deps, tx, actor, now);
      const statement = statements.insert(tx, { crisisId: current.id, authorId: actor.id, platforms, createdAt: now });
      const version = statements.addVersion(tx, {
        statementId: statement.id,
        version: 1,
        text,
        hash: textHash(text),
        authorId: actor.id,
        createdAt: now,
      });
      this.deps.store.timeline.add(tx, current.id, now, actor.id, { kind: 'statement_drafted', statement: statement.id, version: 1 });
      outbox.enqueue(tx, postStatement, { crisisId: current.id, payload: { statementId: statement.id }, runAt: now });
      this.waitsForApproval(tx, current, version.id, actor.id, now);
      return statement.id;
    });
    this.deps.kick();
    return id;
  }

  /** A new version of the text; an approved one is never changed, so this one needs approval again. */
  edit(statementId: number, actor: Actor, text: string): void {
    const { statements, clock } = this.deps;
    checkText(text);
    const now = clock();
    const record = statements.record(statementId);
    if (!record) throw new UserError({ code: 'stale_button' });
    this.inOpen(record.statement.crisisId, (tx, crisis) => {
      const latest = current(statements.record(statementId, tx)!);
      if (latest.text === text) throw new UserError({ code: 'statement_unchanged' });
      rememberActor(this.deps, tx, actor, now);
      const version = statements.addVersion(tx, {
        statementId,
        version: latest.version + 1,
        text,
        hash: textHash(text),
        authorId: actor.id,
        createdAt: now,
      });
      this.deps.store.timeline.add(tx, crisis.id, now, actor.id, {
        kind: 'statement_drafted',
        statement: statementId,
        version: version.version,
      });
      this.waitsForApproval(tx, crisis, version.id, actor.id, now);
      this.deps.changes.report(tx, crisis.id, { statements: [statementId], summary: true }, now);
    });
    this.deps.kick();
  }

  approve(versionId: number, actor: Actor): void {
    const { statements, plan, clock } = this.deps;
    const allowed = checkMandate(plan, 'approve', actor.id);
    if (!allowed.allowed) throw new UserError({ code: 'not_mandated', mandate: 'approve', holders: allowed.holders, refs: allowed.refs });
    const now = clock();
    const version = this.latestOrRefuse(versionId);
    this.inOpen(this.crisisOf(version.statementId), (tx, crisis) => {
      // The hash is taken from the text as stored now: the approval covers exactly that text.
      if (!statements.approve(tx, version.id, actor.id, now, textHash(version.text))) throw new UserError({ code: 'statement_decided' });
      rememberActor(this.deps, tx, actor, now);
      this.deps.store.timeline.add(tx, crisis.id, now, actor.id, {
        kind: 'statement_approved',
        statement: version.statementId,
        version: version.version,
      });
      this.deps.changes.report(tx, crisis.id, { statements: [version.statementId], summary: true }, now);
    });
    this.deps.kick();
  }

  requestChanges(versionId: number, actor: Actor, reason: string): void {
    const { statements, clock } = this.deps;
    const now = clock();
    if (!reason.trim()) throw new UserError({ code: 'reason_empty' });
    const version = this.latestOrRefuse(versionId);
    if (version.approvedAt !== null) throw new UserError({ code: 'statement_decided' });
    this.inOpen(this.crisisOf(version.statementId), (tx, crisis) => {
      rememberActor(this.deps, tx, actor, now);
      statements.requestChanges(tx, version.id, actor.id, now, reason);
      this.deps.store.timeline.add(tx, crisis.id, now, actor.id, {
        kind: 'statement_changes',
        statement: version.statementId,
        version: version.version,
        reason,
      });
      this.deps.changes.report(tx, crisis.id, { statements: [version.statementId] }, now);
      if (version.authorId !== actor.id)
        this.deps.outbox.enqueue(tx, tellAuthor, { crisisId: crisis.id, payload: { versionId: version.id }, runAt: now });
    });
    this.deps.kick();
  }

  /** Published where and when; the crisis's first publication is its first public response. */
  markPublished(versionId: number, actor: Actor, platform: string, url: string): Publication {
    const { statements, store, clock } = this.deps;
    const now = clock();
    const version = this.latestOrRefuse(versionId);
    if (!isApproved(version)) throw new UserError({ code: 'statement_not_approved' });
    const publication = this.inOpen(this.crisisOf(version.statementId), (tx, crisis) => {
      rememberActor(this.deps, tx, actor, now);
      const first = statements.publicationsOf(crisis.id, tx).length === 0;
      const publication = statements.publish(tx, {
        crisisId: crisis.id,
        versionId: version.id,
        platform,
        url,
        publishedBy: actor.id,
        publishedAt: now,
      });
      store.timeline.add(tx, crisis.id, now, actor.id, {
        kind: 'statement_published',
        statement: version.statementId,
        version: version.version,
        platform,
        url,
      });
      const item = store.checklist.of(crisis.id, tx).find((i) => i.firstResponse && i.doneAt === null);
      if (first && item && store.checklist.done(tx, item.id, actor.id, now))
        store.timeline.add(tx, crisis.id, now, actor.id, { kind: 'item_done', item: item.text });
      this.deps.changes.report(
        tx,
        crisis.id,
        { statements: [version.statementId], summary: true, checklist: first && item !== undefined },
        now,
      );
      return publication;
    });
    this.deps.kick();
    return publication;
  }

  /** Holders of the approve mandate, told by DM; one reminder if it still waits. */
  private waitsForApproval(tx: Tx, crisis: Crisis, versionId: number, authorId: string, now: number): void {
    const { plan, outbox } = this.deps;
    const approvers = approversOf(plan).filter((id) => id !== authorId);
    for (const user of approvers)
      outbox.enqueue(tx, askApproval, { crisisId: crisis.id, payload: { versionId, user, reminder: false }, runAt: now });
    outbox.enqueue(tx, approvalDue, {
      crisisId: crisis.id,
      payload: { versionId },
      runAt: now + (this.deps.approvalReminderMs ?? APPROVAL_REMINDER_MS),
    });
  }

  /** The approval deadline passed: approvers still waited on are reminded, once. */
  onApprovalDue(tx: Tx, versionId: number): void {
    const { statements, plan, outbox, clock, store } = this.deps;
    const version = statements.versionById(versionId, tx);
    const record = version && statements.record(version.statementId, tx);
    const crisis = record && store.crises.byId(record.statement.crisisId);
    if (!version || !record || !crisis || crisis.state !== 'open') return;
    if (current(record).id !== version.id || version.approvedAt !== null || version.changesAt !== null) return;
    const approvers = approversOf(plan).filter((id) => id !== version.authorId);
    for (const user of approvers)
      outbox.enqueue(tx, askApproval, { crisisId: crisis.id, payload: { versionId, user, reminder: true }, runAt: clock() });
  }

  private latestOrRefuse(versionId: number) {
    const { statements } = this.deps;
    const version = statements.versionById(versionId);
    const record = version && statements.record(version.statementId);
    if (!version || !record) throw new UserError({ code: 'stale_button' });
    // A button on an older version: the text it shows is not the one that would be decided.
    if (current(record).id !== version.id) throw new UserError({ code: 'statement_superseded', version: current(record).version });
    return version;
  }

  private crisisOf(statementId: number): number {
    return this.deps.statements.byId(statementId)!.crisisId;
  }

  private inOpen<T>(crisisId: number, fn: (tx: Tx, crisis: Crisis) => T): T {
    return this.deps.store.transaction((tx) => {
      const crisis = this.deps.store.crises.byId(crisisId);
      if (!crisis) throw new UserError({ code: 'stale_button' });
      if (crisis.state !== 'open') throw new UserError({ code: 'crisis_closed' });
      return fn(tx, crisis);
    });
  }
}

function checkText(text: string): void {
  if (!text.trim()) throw new UserError({ code: 'statement_empty' });
  if (length(text) > MAX_STATEMENT) throw new UserError({ code: 'statement_too_long', length: length(text), max: MAX_STATEMENT });
}
