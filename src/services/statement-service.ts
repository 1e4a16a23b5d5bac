import type { Crisis } from '../domain/crisis.js';
import { approversOf, checkMandate } from '../domain/roster.js';
import { MAX_STATEMENT, current, isApproved, length, textHash, type Platform, type Publication } from '../domain/statements.js';
import { askApproval, approvalDue, postStatement, tellAuthor } from '../jobs/statements.js';
import type { Tx } from '../store/db.js';
import type { StatementRepo } from '../store/statement-repo.js';
import type { ServiceDeps } from './deps.js';
import { tickCondition } from './conditions.js';
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

  async draft(crisis: Crisis, actor: Actor, text: string, platforms: readonly Platform[]): Promise<number> {
    const { statements, clock, outbox } = this.deps;
    checkText(text);
    const now = clock();
    const id = await this.inOpen(crisis.id, async (tx, current) => {
      await rememberActor(this.deps, tx, actor, now);
      const statement = await statements.insert(tx, { crisisId: current.id, authorId: actor.id, platforms, createdAt: now });
      const version = await statements.addVersion(tx, {
        statementId: statement.id,
        version: 1,
        text,
        hash: textHash(text),
        authorId: actor.id,
        createdAt: now,
      });
      await this.deps.store.timeline.add(tx, current.id, now, actor.id, { kind: 'statement_drafted', statement: statement.id, version: 1 });
      await outbox.enqueue(tx, postStatement, { crisisId: current.id, payload: { statementId: statement.id }, runAt: now });
      await this.waitsForApproval(tx, current, version.id, actor.id, now);
      return statement.id;
    });
    this.deps.kick();
    return id;
  }

  /** A new version of the text; an approved one is never changed, so this one needs approval again. */
  async edit(statementId: number, actor: Actor, text: string): Promise<void> {
    const { statements, clock } = this.deps;
    checkText(text);
    const now = clock();
    const record = await statements.record(statementId);
    if (!record) throw new UserError({ code: 'stale_button' });
    await this.inOpen(record.statement.crisisId, async (tx, crisis) => {
      const latest = current((await statements.record(statementId, tx))!);
      if (latest.text === text) throw new UserError({ code: 'statement_unchanged' });
      await rememberActor(this.deps, tx, actor, now);
      const version = await statements.addVersion(tx, {
        statementId,
        version: latest.version + 1,
        text,
        hash: textHash(text),
        authorId: actor.id,
        createdAt: now,
      });
      await this.deps.store.timeline.add(tx, crisis.id, now, actor.id, {
        kind: 'statement_drafted',
        statement: statementId,
        version: version.version,
      });
      await this.waitsForApproval(tx, crisis, version.id, actor.id, now);
      await this.deps.changes.report(tx, crisis.id, { statements: [statementId], summary: true }, now);
    });
    this.deps.kick();
  }

  async approve(versionId: number, actor: Actor): Promise<void> {
    const { statements, plan, clock } = this.deps;
    const allowed = checkMandate(plan, 'approve', actor.id);
    if (!allowed.allowed) throw new UserError({ code: 'not_mandated', mandate: 'approve', holders: allowed.holders, refs: allowed.refs });
    const now = clock();
    const version = await this.latestOrRefuse(versionId);
    if (version.authorId === actor.id && !plan.statementsSelfApprove) {
      const others = approversOf(plan).filter((id) => id !== actor.id);
      throw new UserError({ code: 'own_statement', others: others.map((id) => plan.roster.find((m) => m.slackId === id)?.name ?? id) });
    }
    await this.inOpen(await this.crisisOf(version.statementId), async (tx, crisis) => {
      // The hash is taken from the text as stored now: the approval covers exactly that text.
      if (!(await statements.approve(tx, version.id, actor.id, now, textHash(version.text))))
        throw new UserError({ code: 'statement_decided' });
      await rememberActor(this.deps, tx, actor, now);
      await this.deps.store.timeline.add(tx, crisis.id, now, actor.id, {
        kind: 'statement_approved',
        statement: version.statementId,
        version: version.version,
      });
      await this.deps.changes.report(tx, crisis.id, { statements: [version.statementId], summary: true }, now);
    });
    this.deps.kick();
  }

  async requestChanges(versionId: number, actor: Actor, reason: string): Promise<void> {
    const { statements, clock } = this.deps;
    const now = clock();
    if (!reason.trim()) throw new UserError({ code: 'reason_empty' });
    const version = await this.latestOrRefuse(versionId);
    if (version.approvedAt !== null) throw new UserError({ code: 'statement_decided' });
    await this.inOpen(await this.crisisOf(version.statementId), async (tx, crisis) => {
      await rememberActor(this.deps, tx, actor, now);
      await statements.requestChanges(tx, version.id, actor.id, now, reason);
      await this.deps.store.timeline.add(tx, crisis.id, now, actor.id, {
        kind: 'statement_changes',
        statement: version.statementId,
        version: version.version,
        reason,
      });
      await this.deps.changes.report(tx, crisis.id, { statements: [version.statementId] }, now);
      if (version.authorId !== actor.id)
        await this.deps.outbox.enqueue(tx, tellAuthor, { crisisId: crisis.id, payload: { versionId: version.id }, runAt: now });
    });
    this.deps.kick();
  }

  /** Published where and when; the crisis's first publication is its first public response. */
  async markPublished(versionId: number, actor: Actor, platform: string, url: string): Promise<Publication> {
    const { statements, store, clock } = this.deps;
    const now = clock();
    const version = await this.latestOrRefuse(versionId);
    if (!isApproved(version)) throw new UserError({ code: 'statement_not_approved' });
    const publication = await this.inOpen(await this.crisisOf(version.statementId), async (tx, crisis) => {
      await rememberActor(this.deps, tx, actor, now);
      const first = (await statements.publicationsOf(crisis.id, tx)).length === 0;
      const publication = await statements.publish(tx, {
        crisisId: crisis.id,
        versionId: version.id,
        platform,
        url,
        publishedBy: actor.id,
        publishedAt: now,
      });
      await store.timeline.add(tx, crisis.id, now, actor.id, {
        kind: 'statement_published',
        statement: version.statementId,
        version: version.version,
        platform,
        url,
      });
      const ticked = first && (await tickCondition(this.deps, tx, crisis.id, 'first_response', actor.id, now));
      await this.deps.changes.report(tx, crisis.id, { statements: [version.statementId], summary: true, checklist: ticked }, now);
      return publication;
    });
    this.deps.kick();
    return publication;
  }

  /** Holders of the approve mandate, told by DM; one reminder if it still waits. */
  private async waitsForApproval(tx: Tx, crisis: Crisis, versionId: number, authorId: string, now: number): Promise<void> {
    const { plan, outbox } = this.deps;
    const approvers = approversOf(plan).filter((id) => id !== authorId);
    for (const user of approvers)
      await outbox.enqueue(tx, askApproval, { crisisId: crisis.id, payload: { versionId, user, reminder: false }, runAt: now });
    await outbox.enqueue(tx, approvalDue, {
      crisisId: crisis.id,
      payload: { versionId },
      runAt: now + (this.deps.approvalReminderMs ?? APPROVAL_REMINDER_MS),
    });
  }

  /** The approval deadline passed: approvers still waited on are reminded, once. */
  async onApprovalDue(tx: Tx, versionId: number): Promise<void> {
    const { statements, plan, outbox, clock, store } = this.deps;
    const version = await statements.versionById(versionId, tx);
    const record = version && (await statements.record(version.statementId, tx));
    const crisis = record && (await store.crises.byId(record.statement.crisisId, tx));
    if (!version || !record || !crisis || crisis.state !== 'open') return;
    if (current(record).id !== version.id || version.approvedAt !== null || version.changesAt !== null) return;
    const approvers = approversOf(plan).filter((id) => id !== version.authorId);
    for (const user of approvers)
      await outbox.enqueue(tx, askApproval, { crisisId: crisis.id, payload: { versionId, user, reminder: true }, runAt: clock() });
  }

  private async latestOrRefuse(versionId: number) {
    const { statements } = this.deps;
    const version = await statements.versionById(versionId);
    const record = version && (await statements.record(version.statementId));
    if (!version || !record) throw new UserError({ code: 'stale_button' });
    // A button on an older version: the text it shows is not the one that would be decided.
    if (current(record).id !== version.id) throw new UserError({ code: 'statement_superseded', version: current(record).version });
    return version;
  }

  private async crisisOf(statementId: number): Promise<number> {
    return (await this.deps.statements.byId(statementId))!.crisisId;
  }

  private inOpen<T>(crisisId: number, fn: (tx: Tx, crisis: Crisis) => Promise<T>): Promise<T> {
    return this.deps.store.transaction(async (tx) => {
      const crisis = await this.deps.store.crises.byId(crisisId, tx);
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
