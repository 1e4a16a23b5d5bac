import type { Crisis } from '../domain/crisis.js';
import {
  approvedAnswers,
  digestSlot,
  evidenceHash,
  LISTENING,
  parsePostUrl,
  platformOf,
  urlKey,
  type ApprovedAnswer,
  type ResponseItem,
} from '../domain/responses.js';
import { membersFor } from '../domain/roster.js';
import { escalateResponse, postQueueBoard, postResponse, queueDue, remindQueue, remindResponse } from '../jobs/responses.js';
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

/** A post as the listening tool sends it (POST /responses), checked. */
export interface ListenedPost {
  readonly url: URL;
  readonly platform: string | undefined;
  readonly author: string | undefined;
  readonly text: string | undefined;
  readonly postedAt: number | undefined;
}

/**
 * The response queue: a board in the crisis channel says what it holds; every public post that
 * needs an answer gets one message with its buttons, in the board's thread (or the plan's queue
 * channel); one person may take it; posts nobody handled are reminded in one digest, each once;
 * a removal needs evidence, kept before the item may be marked removed.
 */
export class ResponseService {
  constructor(private readonly deps: ServiceDeps & { responses: ResponseRepo }) {}

  /** A post added twice is one item: the second add returns the first, `created` false. */
  async add(crisis: Crisis, actor: Actor, rawUrl: string, note: string | undefined): Promise<{ item: ResponseItem; created: boolean }> {
    const { responses, clock } = this.deps;
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
      await this.queued(tx, crisis.id, [added.item], now);
      return added;
    });
    this.deps.kick();
    return result;
  }

  /**
   * Posts from the listening tool, all or none: each new one queued, a post the crisis already has
   * (or one given twice) counted as a duplicate.
   */
  async addListened(crisis: Crisis, posts: readonly ListenedPost[]): Promise<{ added: number; duplicates: number }> {
    const now = this.deps.clock();
    const added = await this.inOpen(crisis.id, (tx) => this.addListenedIn(tx, crisis.id, posts, now));
    this.deps.kick();
    return { added, duplicates: posts.length - added };
  }

  /** The same, inside the caller's transaction (a drill's script posting to its queue). Returns how many were new. */
  async addListenedIn(tx: Tx, crisisId: number, posts: readonly ListenedPost[], now: number): Promise<number> {
    const { responses } = this.deps;
    const rows = new Map<string, Parameters<ResponseRepo['addAll']>[1][number]>();
    for (const post of posts) {
      const key = urlKey(post.url);
      if (rows.has(key)) continue;
      const platform = platformOf(post.url);
      rows.set(key, {
        crisisId,
        url: post.url.toString(),
        urlKey: key,
        // The address says it best; the tool's word for a site we do not know by its address.
        platform: platform === 'web' && post.platform ? post.platform : platform,
        note: null,
        addedBy: LISTENING,
        addedAt: now,
        author: post.author ?? null,
        text: post.text ?? null,
        postedAt: post.postedAt ?? null,
      });
    }
    const items = await responses.addAll(tx, [...rows.values()]);
    await this.queued(tx, crisisId, items, now);
    return items.length;
  }

  /** New posts: the board (once), a message each, the digest that reminds them. */
  private async queued(tx: Tx, crisisId: number, items: readonly ResponseItem[], now: number): Promise<void> {
    if (items.length === 0) return;
    const { outbox, plan, changes } = this.deps;
    const { slot, runAt } = digestSlot(now, plan.responseRemindAfterMs);
    await outbox.fileAll(tx, [
      outbox.filing(postQueueBoard, { crisisId, runAt: now }),
      ...items.map((item) => outbox.filing(postResponse, { crisisId, payload: { responseId: item.id }, runAt: now })),
      outbox.filing(queueDue, { crisisId, payload: { slot }, runAt }),
    ]);
    await changes.report(tx, crisisId, { summary: true, queueBoard: true }, now);
  }

  /** "I'll take it": one owner, shown to all; the owner clicking again changes nothing. */
  async claim(id: number, actor: Actor): Promise<void> {
    const { responses, clock } = this.deps;
    const now = clock();
    const item = await this.openItem(id);
    if (item.claimedBy === actor.id) return;
    if (item.claimedBy) throw new UserError({ code: 'response_claimed', by: item.claimedBy });
    await this.inOpen(item.crisisId, async (tx) => {
      if (!(await responses.claim(tx, id, actor.id, now))) {
        const current = (await responses.byId(id, tx))!;
        if (current.state !== 'open') throw new UserError({ code: 'response_handled', by: current.handledBy! });
        if (current.claimedBy === actor.id) return;
        throw new UserError({ code: 'response_claimed', by: current.claimedBy! });
      }
      await rememberActor(this.deps, tx, actor, now);
      await this.deps.changes.report(tx, item.crisisId, { responses: [id], queueBoard: true }, now);
    });
    this.deps.kick();
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

  /** The digest's time: posts still open after the plan's remind_after, not named before, in one reminder. */
  async onQueueDue(tx: Tx, crisisId: number): Promise<void> {
    const { responses, store, clock, plan, outbox } = this.deps;
    const crisis = await store.crises.byId(crisisId, tx);
    if (crisis?.state !== 'open') return;
    const now = clock();
    const due = await responses.takeForDigest(tx, crisisId, now - plan.responseRemindAfterMs, now);
    if (due.length === 0) return;
    await outbox.enqueue(tx, remindQueue, { crisisId, payload: { responseIds: due.map((i) => i.id), at: now }, runAt: now });
  }

  /** Filed before the digest: an item still open is reminded, once. */
  async onDue(tx: Tx, id: number): Promise<void> {
    const item = await this.deps.responses.byId(id, tx);
    const crisis = item && (await this.deps.store.crises.byId(item.crisisId, tx));
    if (!item || item.state !== 'open' || item.remindedAt !== null || crisis?.state !== 'open') return;
    // Named now: a digest of later posts leaves it out.
    await this.deps.responses.markReminded(tx, id, this.deps.clock());
    await this.deps.outbox.enqueue(tx, remindResponse, { crisisId: item.crisisId, payload: { responseId: id }, runAt: this.deps.clock() });
  }

  /** What the Answered form offers to start from: the crisis's published statements and Q&A answers. */
  async answersFor(crisisId: number): Promise<ApprovedAnswer[]> {
    const { store } = this.deps;
    const [records, qa] = await Promise.all([store.statements.recordsOf(crisisId), store.learning.qaOf(crisisId)]);
    return approvedAnswers(records, qa);
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
      await this.deps.changes.report(tx, item.crisisId, { responses: [id], summary: true, queueBoard: true }, now);
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
