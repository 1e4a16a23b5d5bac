import type { Crisis } from '../domain/crisis.js';
import { approversOf, checkMandate } from '../domain/roster.js';
import {
  MAX_STATEMENT,
  current,
  isApproved,
  length,
  publishTargets,
  textHash,
  type Platform,
  type Publication,
  type StatementVersion,
} from '../domain/statements.js';
import type { PublishFacts } from '../jobs/ports/reports.js';
import { askApproval, approvalDue, checkStatementSend, postStatement, publishStatement, tellAuthor } from '../jobs/statements.js';
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
export class StatementService implements PublishFacts {
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
      // A draft waits for the approvers: their Home tabs show it.
      await this.deps.changes.homes(tx, now);
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
  /** Mark published: a post made by hand (its text not checked), with where and its link. */
  async markPublished(versionId: number, actor: Actor, platform: string, url: string): Promise<Publication> {
    const { clock } = this.deps;
    const now = clock();
    const version = await this.latestOrRefuse(versionId);
    if (!isApproved(version)) throw new UserError({ code: 'statement_not_approved' });
    const publication = await this.inOpen(await this.crisisOf(version.statementId), async (tx, crisis) => {
      await rememberActor(this.deps, tx, actor, now);
      return this.publishedIn(tx, crisis, version, { platform, url, by: actor.id, at: now, via: 'hand' }, now);
    });
    this.deps.kick();
    return publication;
  }

  /** A publication recorded, in the timeline, and the first one is the first public response. */
  private async publishedIn(
    tx: Tx,
    crisis: Crisis,
    version: StatementVersion,
    p: { platform: string; url: string; by: string; at: number; via: Publication['via'] },
    now: number,
  ): Promise<Publication> {
    const { statements, store } = this.deps;
    const first = (await statements.publicationsOf(crisis.id, tx)).length === 0;
    const publication = await statements.publish(tx, {
      crisisId: crisis.id,
      versionId: version.id,
      platform: p.platform,
      url: p.url,
      publishedBy: p.by,
      publishedAt: p.at,
      via: p.via,
    });
    await store.timeline.add(tx, crisis.id, p.at, p.by, {
      kind: 'statement_published',
      statement: version.statementId,
      version: version.version,
      platform: p.platform,
      url: p.url,
    });
    const ticked = first && (await tickCondition(this.deps, tx, crisis.id, 'first_response', p.by, now));
    await this.deps.changes.report(tx, crisis.id, { statements: [version.statementId], summary: true, checklist: ticked }, now);
    return publication;
  }

  /**
   * Publish: the approved text, exactly, to every plan account with `publish: true` that can take
   * it, through the scheduler. Needs the publish mandate when the plan names one, else the
   * approve mandate. Each account's send is filed (once per version and account: a second press
   * sends nothing twice) with its job in one transaction; the job checks the text's hash once
   * more just before it goes. Answers the accounts it goes to.
   */
  async publish(versionId: number, actor: Actor): Promise<string[]> {
    const { statements, plan, clock, outbox } = this.deps;
    // The approvers publish, unless the plan names who does.
    const allowed = checkMandate(plan, plan.mandates.publish ? 'publish' : 'approve', actor.id);
    if (!allowed.allowed) throw new UserError({ code: 'not_mandated', mandate: 'publish', holders: allowed.holders, refs: allowed.refs });
    const version = await this.latestOrRefuse(versionId);
    if (!isApproved(version)) throw new UserError({ code: 'statement_not_approved' });
    if (textHash(version.text) !== version.approvedHash) throw new UserError({ code: 'statement_text_changed' });
    const targets = publishTargets(plan.accounts, version.text).filter((t) => !t.tooLong);
    if (!targets.length) throw new UserError({ code: 'publish_nowhere' });
    const now = clock();
    const sent = await this.inOpen(await this.crisisOf(version.statementId), async (tx, crisis) => {
      if (crisis.drill) throw new UserError({ code: 'drill_no_publish' });
      await rememberActor(this.deps, tx, actor, now);
      const names: string[] = [];
      for (const { account } of targets) {
        const send = await statements.fileSend(tx, {
          crisisId: crisis.id,
          versionId: version.id,
          account: account.name,
          handle: account.handle ?? null,
          profileId: account.scheduler!.profileId,
          requestedBy: actor.id,
          requestedAt: now,
        });
        if (!send) continue;
        await outbox.enqueue(tx, publishStatement, { crisisId: crisis.id, payload: { sendId: send.id, at: now }, runAt: now });
        names.push(account.handle ? `${account.name} ${account.handle}` : account.name);
      }
      if (!names.length) throw new UserError({ code: 'publish_already' });
      await this.deps.changes.report(tx, crisis.id, { statements: [version.statementId] }, now);
      return names;
    });
    this.deps.kick();
    return sent;
  }

  /** The scheduler has the statement: out (a publication, the first one the first public response), or still waiting there. */
  async sendMade(
    tx: Tx,
    sendId: number,
    made: { messageId: string; state: string; url: string | undefined; round: number },
    now: number,
  ): Promise<void> {
    const { statements, store, outbox } = this.deps;
    const send = await statements.sendById(sendId, tx);
    const version = send && (await statements.versionById(send.versionId, tx));
    const crisis = send && (await store.crises.byId(send.crisisId, tx));
    if (!send || !version || !crisis) return;
    if (made.state !== 'SENT') {
      if (!(await statements.moveSend(tx, sendId, ['sending', 'waiting'], { state: 'waiting', messageId: made.messageId }))) return;
      await outbox.enqueue(tx, checkStatementSend, {
        crisisId: crisis.id,
        payload: { sendId, round: made.round + 1 },
        runAt: now + this.deps.plan.hootsuiteRecheckMs,
      });
      if (made.round === 0) await this.deps.changes.report(tx, crisis.id, { statements: [version.statementId] }, now);
      return;
    }
    if (!(await statements.moveSend(tx, sendId, ['sending', 'waiting'], { state: 'sent', messageId: made.messageId, sentAt: now }))) return;
    const label = send.handle ? `${send.account} ${send.handle}` : send.account;
    await this.publishedIn(
      tx,
      crisis,
      version,
      { platform: label, url: made.url ?? '', by: send.requestedBy, at: now, via: 'hootsuite' },
      now,
    );
  }

  async sendFailed(tx: Tx, sendId: number, reason: string, now: number): Promise<void> {
    const { statements } = this.deps;
    const send = await statements.sendById(sendId, tx);
    if (!send || !(await statements.moveSend(tx, sendId, ['sending', 'waiting'], { state: 'failed', failure: reason }))) return;
    const version = await statements.versionById(send.versionId, tx);
    this.deps.log.warn({ crisis: send.crisisId, account: send.account, reason }, 'the scheduler did not publish the statement');
    if (version) await this.deps.changes.report(tx, send.crisisId, { statements: [version.statementId] }, now);
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
