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
  async add(crisis: Crisis, actor: Actor, rawUrl: string, note: string | undefined): Promise<{ item: ResponseItem; created: boolean }> {
    const { responses, outbox, clock, plan, changes } = this.deps;
    const url = parsePostUrl(rawUrl);
    if (!url) throw new UserError({ code: 'bad_post_url' });
    const now = clock();
    const result = await this.inOpen(crisis.id, async (tx) => {
      const added = await responses.add(tx, {
        crisisId: crisis.id,
        url: url.toString(),
        urlKey: urlKey(url),
        platform: platformOf(url),
        note: note ?? null,
        addedBy: actor.id,
        addedAt: now,
      });
      if (!added.created) return added;
      await rememberActor(this.deps, tx, actor, now);
      const target = { crisisId: crisis.id, payload: { responseId: added.item.id } };
      await outbox.enqueue(tx, postResponse, { ...target, runAt: now });
      await outbox.enqueue(tx, responseDue, { ...target, runAt: now + plan.responseRemindAfterMs });
      await changes.report(tx, crisis.id, { summary: true }, now);
      return added;
    });
    this.deps.kick();
    return result;
  }

  async answered(id: number, actor: Actor, replyUrl: string): Promise<void> {
    const url = parsePostUrl(replyUrl);
    if (!url) throw new UserError({ code: 'bad_url' });
    await this.handle(id, actor, (tx, now) => this.deps.responses.handle(tx, id, 'answered', actor.id, now, url.toString()));
  }

  async moved(id: number, actor: Actor): Promise<void> {
    await this.handle(id, actor, (tx, now) => this.deps.responses.handle(tx, id, 'moved', actor.id, now));
  }

  /** The post, a reason from the plan and what it said, kept first; then the item is removed. */
  async remove(id: number, actor: Actor, evidence: EvidenceInput): Promise<void> {
    const { plan, responses } = this.deps;
    if (!plan.removalReasons.includes(evidence.reason)) throw new UserError({ code: 'not_a_removal_reason', reasons: plan.removalReasons });
    if (!evidence.author.trim() || !evidence.text.trim()) throw new UserError({ code: 'evidence_missing' });
    await this.handle(id, actor, async (tx, now) => {
      const item = (await responses.byId(id, tx))!;
      await responses.addEvidence(tx, {
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
  async escalate(id: number, actor: Actor): Promise<number> {
    const { responses, plan, outbox, clock, store } = this.deps;
    const now = clock();
    const item = await this.openItem(id);
    const crisis = (await store.crises.byId(item.crisisId))!;
    const stage = plan.stages[crisis.stage - 1] ?? plan.stages[plan.stages.length - 1]!;
    const members = membersFor(plan, stage.page).filter((m) => m.slackId !== actor.id);
    await this.inOpen(item.crisisId, async (tx) => {
      await responses.escalated(tx, id, actor.id, now);
      await rememberActor(this.deps, tx, actor, now);
      for (const m of members)
        await outbox.enqueue(tx, escalateResponse, {
          crisisId: item.crisisId,
          payload: { responseId: id, user: m.slackId, at: now },
          runAt: now,
        });
      await this.deps.changes.report(tx, item.crisisId, { responses: [id] }, now);
    });
    this.deps.kick();
    return members.length;
  }

  /** The plan's time after it was added: an item still open is reminded, once. */
  async onDue(tx: Tx, id: number): Promise<void> {
    const item = await this.deps.responses.byId(id, tx);
    const crisis = item && (await this.deps.store.crises.byId(item.crisisId, tx));
    if (!item || item.state !== 'open' || crisis?.state !== 'open') return;
    await this.deps.outbox.enqueue(tx, remindResponse, { crisisId: item.crisisId, payload: { responseId: id }, runAt: this.deps.clock() });
  }

  async openItem(id: number): Promise<ResponseItem> {
    const item = await this.deps.responses.byId(id);
    if (!item) throw new UserError({ code: 'stale_button' });
    if (item.state !== 'open') throw new UserError({ code: 'response_handled', by: item.handledBy! });
    return item;
  }

  private async handle(id: number, actor: Actor, act: (tx: Tx, now: number) => Promise<boolean>): Promise<void> {
    const now = this.deps.clock();
    const item = await this.openItem(id);
    await this.inOpen(item.crisisId, async (tx) => {
      if (!(await act(tx, now)))
        throw new UserError({ code: 'response_handled', by: (await this.deps.responses.byId(id, tx))!.handledBy! });
      await rememberActor(this.deps, tx, actor, now);
      await this.deps.changes.report(tx, item.crisisId, { responses: [id], summary: true }, now);
    });
    this.deps.kick();
  }

  private inOpen<T>(crisisId: number, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.deps.store.transaction(async (tx) => {
      const crisis = await this.deps.store.crises.byId(crisisId, tx);
      if (!crisis) throw new UserError({ code: 'stale_button' });
      if (crisis.state !== 'open') throw new UserError({ code: 'crisis_closed' });
      return fn(tx);
    });
  }
}
