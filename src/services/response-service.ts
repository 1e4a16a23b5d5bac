import type { Crisis } from '../domain/crisis.js';
import { evidenceHash, parsePostUrl, platformOf, urlKey, type ResponseItem } from '../domain/responses.js';
import { membersFor } from '../domain/roster.js';
import { escalateResponse, postResponse, remindResponse, responseDue } from '../jobs/responses.js';
import type { Tx } from '../store/db.js';
import type { ResponseRepo } from '../store/response-repo.js';
import type { ServiceDeps } from './deps.js';
import { UserError } from './errors.js';
import { rememberActor, type Actor } from './people.js';

export interface EvidenceInput {
  readonly reason: string;
  readonly author: string;
  readonly postedAt: number;
  readonly text: string;
  readonly screenshotUrl: string | undefined;
}

/**
 * The response queue: every public post that needs an answer gets one message in the crisis
 * channel with its buttons; an item nobody handled is reminded once; a removal needs evidence,
 * kept before the item may be marked removed.
 */
export class ResponseService {
  constructor(private readonly deps: ServiceDeps & { responses: ResponseRepo }) {}

  /** A post added twice is one item: the second add returns the first, `created` false. */
  add(crisis: Crisis, actor: Actor, rawUrl: string, note: string | undefined): { item: ResponseItem; created: boolean } {
    const { responses, outbox, clock, plan, changes } = this.deps;
    const url = parsePostUrl(rawUrl);
    if (!url) throw new UserError({ code: 'bad_post_url' });
    const now = clock();
    const result = this.inOpen(crisis.id, (tx) => {
      const added = responses.add(tx, {
        crisisId: crisis.id,
        url: url.toString(),
        urlKey: urlKey(url),
        platform: platformOf(url),
        note: note ?? null,
        addedBy: actor.id,
        addedAt: now,
      });
      if (!added.created) return added;
      rememberActor(this.deps, tx, actor, now);
      const target = { crisisId: crisis.id, payload: { responseId: added.item.id } };
      outbox.enqueue(tx, postResponse, { ...target, runAt: now });
      outbox.enqueue(tx, responseDue, { ...target, runAt: now + plan.responseRemindAfterMs });
      changes.report(tx, crisis.id, { summary: true }, now);
      return added;
    });
    this.deps.kick();
    return result;
  }

  answered(id: number, actor: Actor, replyUrl: string): void {
    const url = parsePostUrl(replyUrl);
    if (!url) throw new UserError({ code: 'bad_url' });
    this.handle(id, actor, (tx, now) => this.deps.responses.handle(tx, id, 'answered', actor.id, now, url.toString()));
  }

  moved(id: number, actor: Actor): void {
    this.handle(id, actor, (tx, now) => this.deps.responses.handle(tx, id, 'moved', actor.id, now));
  }

  /** The post, a reason from the plan and what it said, kept first; then the item is removed. */
  remove(id: number, actor: Actor, evidence: EvidenceInput): void {
    const { plan, responses } = this.deps;
    if (!plan.removalReasons.includes(evidence.reason)) throw new UserError({ code: 'not_a_removal_reason', reasons: plan.removalReasons });
    if (!evidence.author.trim() || !evidence.text.trim()) throw new UserError({ code: 'evidence_missing' });
    this.handle(id, actor, (tx, now) => {
      const item = responses.byId(id, tx)!;
      responses.addEvidence(tx, {
        responseId: id,
        crisisId: item.crisisId,
        ...evidence,
        screenshotUrl: evidence.screenshotUrl ?? null,
        textHash: evidenceHash(evidence.text),
        recordedBy: actor.id,
        recordedAt: now,
      });
      return responses.handle(tx, id, 'removed', actor.id, now);
    });
  }

  /** Pages the current stage's members about this post (a DM each); the item stays open. */
  escalate(id: number, actor: Actor): number {
    const { responses, plan, outbox, clock, store } = this.deps;
    const now = clock();
    const item = this.openItem(id);
    const crisis = store.crises.byId(item.crisisId)!;
    const stage = plan.stages[crisis.stage - 1] ?? plan.stages[plan.stages.length - 1]!;
    const members = membersFor(plan, stage.page).filter((m) => m.slackId !== actor.id);
    this.inOpen(item.crisisId, (tx) => {
      responses.escalated(tx, id, actor.id, now);
      rememberActor(this.deps, tx, actor, now);
      for (const m of members)
        outbox.enqueue(tx, escalateResponse, {
          crisisId: item.crisisId,
          payload: { responseId: id, user: m.slackId, at: now },
          runAt: now,
        });
      this.deps.changes.report(tx, item.crisisId, { responses: [id] }, now);
    });
    this.deps.kick();
    return members.length;
  }

  /** The plan's time after it was added: an item still open is reminded, once. */
  onDue(tx: Tx, id: number): void {
    const item = this.deps.responses.byId(id, tx);
    const crisis = item && this.deps.store.crises.byId(item.crisisId);
    if (!item || item.state !== 'open' || crisis?.state !== 'open') return;
    this.deps.outbox.enqueue(tx, remindResponse, { crisisId: item.crisisId, payload: { responseId: id }, runAt: this.deps.clock() });
  }

  openItem(id: number): ResponseItem {
    const item = this.deps.responses.byId(id);
    if (!item) throw new UserError({ code: 'stale_button' });
    if (item.state !== 'open') throw new UserError({ code: 'response_handled', by: item.handledBy! });
    return item;
  }

  private handle(id: number, actor: Actor, act: (tx: Tx, now: number) => boolean): void {
    const now = this.deps.clock();
    const item = this.openItem(id);
    this.inOpen(item.crisisId, (tx) => {
      if (!act(tx, now)) throw new UserError({ code: 'response_handled', by: this.deps.responses.byId(id, tx)!.handledBy! });
      rememberActor(this.deps, tx, actor, now);
      this.deps.changes.report(tx, item.crisisId, { responses: [id], summary: true }, now);
    });
    this.deps.kick();
  }

  private inOpen<T>(crisisId: number, fn: (tx: Tx) => T): T {
    return this.deps.store.transaction((tx) => {
      const crisis = this.deps.store.crises.byId(crisisId);
      if (!crisis) throw new UserError({ code: 'stale_button' });
      if (crisis.state !== 'open') throw new UserError({ code: 'crisis_closed' });
      return fn(tx);
    });
  }
}
