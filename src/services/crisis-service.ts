import type { Severity } from '../config/plan-schema.js';
import { formatDuration } from '../config/duration.js';
import { compileDebrief } from '../domain/debrief.js';
import { stageAcknowledged } from '../domain/escalation.js';
import { checkMandate } from '../domain/roster.js';
import type { CrisisSnapshot, Tx } from '../store/crisis-repo.js';
import type { CrisisRow, PageRow } from '../store/schema.js';
import type { ServiceDeps } from './deps.js';
import { WriteBatcher } from './write-batcher.js';
import { UserError } from './errors.js';
import { DEADLINE_KINDS, Job, jobKey, lane } from './jobs.js';

/**
 * How long a click's write waits for others to share its commit (its answer to Slack waits
 * for the commit). Under a burst, requests reach the process one at a time; without a window
 * 200 clicks cost 200 disk syncs on the event loop, with it a few dozen (bench/ack.ts).
 */
const CLICK_BATCH_MS = 2;

export interface Actor {
  id: string;
  /** How Slack named them in the request, remembered for the debrief. */
  name?: string | undefined;
}

export interface OpenInput {
  title: string;
  severity: Severity;
  type: string;
  summary?: string | undefined;
  opener: Actor;
  /** Unique per request that opens (trigger id, view id): a retried request opens nothing new. */
  openKey: string;
}


/**
 * The use cases behind `/crisis` and the buttons. Each records its decision and the Slack work
 * it implies in one transaction, then lets the outbox worker do that work.
 */
export class CrisisService {
  /** Acknowledgements and ticks arrive in bursts: they share a commit (see WriteBatcher). */
  private readonly clicks: WriteBatcher;

  constructor(
    private readonly deps: ServiceDeps & {
      /** For re-renders after a click: they run once a burst of requests is over. */
      kickAfterBurst: () => void;
    },
  ) {
    this.clicks = new WriteBatcher(deps.repo, { windowMs: CLICK_BATCH_MS, syncOffLoop: true });
  }

  /** Commits the clicks waiting for their batch window (for a clean stop). */
  flushClicks(): Promise<void> {
    return this.clicks.flushNow();
  }

  private get repo() {
    return this.deps.repo;
  }

  private personName(tx: Tx, id: string): string {
    return this.deps.plan.roster.find((m) => m.slackId === id)?.name ?? this.repo.personName(id, tx) ?? id;
  }

  open(input: OpenInput): { crisis: CrisisRow; created: boolean } {
    const result = this.repo.transaction((tx) => this.openIn(tx, input));
    if (result.created) this.deps.kick();
    return result;
  }

  /** Opens inside the caller's transaction (an alert opens a crisis and records why, together). */
  openIn(tx: Tx, input: OpenInput): { crisis: CrisisRow; created: boolean } {
    const { plan, outbox, clock } = this.deps;
    const checklist = Object.hasOwn(plan.checklists, input.type) ? plan.checklists[input.type] : undefined;
    if (!checklist) throw new UserError(`Unknown crisis type "${input.type}".`);
    const now = clock();
    const start = plan.startStage[input.severity];
    const crisis = this.repo.insertCrisis(tx, {
      openKey: input.openKey,
      title: input.title,
      severity: input.severity,
      type: input.type,
      summary: input.summary ?? null,
      openerId: input.opener.id,
      stage: start,
      openedAt: now,
    });
    if (!crisis) return { crisis: this.repo.byOpenKey(input.openKey)!, created: false };
    this.repo.rememberPerson(tx, input.opener.id, input.opener.name, now);
    const id = crisis.id;
    const items = this.repo.insertItems(
      tx,
      checklist.map((item, position) => ({
        crisisId: id,
        position,
        text: item.text,
        role: item.role ?? null,
        dueAt: item.dueMs === undefined ? null : now + item.dueMs,
        firstResponse: item.firstResponse,
      })),
    );
    const opener = this.personName(tx, input.opener.id);
    this.repo.addEvent(tx, id, now, 'opened', input.opener.id, `Opened by ${opener} (${input.severity}, type ${input.type})`);
    const paged = this.deps.pager.pageStages(tx, crisis, 1, start, now);
    for (const item of items) {
      if (item.dueAt !== null) {
        outbox.enqueue({ crisisId: id, kind: Job.itemDue, key: jobKey.itemDue(item.id), payload: { itemId: item.id }, runAt: item.dueAt }, tx);
      }
    }
    if (plan.statusUpdateEveryMs !== undefined) {
      const at = now + plan.statusUpdateEveryMs;
      outbox.enqueue({ crisisId: id, kind: Job.updateCadence, key: jobKey.cadence(id, at), runAt: at }, tx);
    }

    // Pages do not wait for the channel: they are the most urgent thing the bot does.
    outbox.enqueue({ crisisId: id, kind: Job.createChannel, key: jobKey.channel(id), runAt: now }, tx);
    outbox.enqueue({ crisisId: id, kind: Job.postSummary, key: jobKey.summary(id), after: jobKey.channel(id), lane: lane.summary(id), runAt: now }, tx);
    outbox.enqueue(
      { crisisId: id, kind: Job.postChecklist, key: jobKey.checklist(id), after: jobKey.summary(id), lane: lane.checklist(id), runAt: now },
      tx,
    );
    outbox.enqueue({ crisisId: id, kind: Job.setTopic, after: jobKey.channel(id), lane: lane.topic(id), runAt: now }, tx);
    this.deps.pager.invite(tx, id, [input.opener.id, ...paged.map((p) => p.userId)], now);
    return { crisis, created: true };
  }

  /** The first click counts; later ones, and clicks by anyone else, change nothing. */
  async acknowledge(pageId: number, actor: Actor): Promise<{ page: PageRow; changed: boolean }> {
    const now = this.deps.clock();
    const result = await this.clicks.run((tx) => {
      const page = this.repo.pageById(pageId, tx);
      if (!page) throw new UserError('That page is not known to the bot.');
      if (page.userId !== actor.id) throw new UserError(`This page is for <@${page.userId}>; only they can acknowledge it.`);
      const crisis = this.repo.byId(page.crisisId, tx)!;
      if (!this.repo.acknowledge(tx, pageId, now)) return { page, changed: false };
      this.repo.rememberPerson(tx, actor.id, actor.name, now);
      const state = crisis.state === 'closed' ? ' (after the crisis was closed)' : '';
      this.repo.addEvent(tx, crisis.id, now, 'acknowledged', actor.id, `${page.memberName} acknowledged stage ${page.stage} after ${formatDuration(now - page.pagedAt)}${state}`);
      this.deps.outbox.enqueue({ crisisId: crisis.id, kind: Job.refreshPage, lane: lane.page(page.id), payload: { pageId: page.id }, runAt: now }, tx);
      return { page: this.repo.pageById(pageId, tx)!, changed: true };
    });
    if (result.changed) this.deps.kickAfterBurst();
    return result;
  }

  /** Ticks or unticks an item. Renders are coalesced and run one at a time per crisis. */
  async setItem(itemId: number, actor: Actor, done: boolean): Promise<{ changed: boolean }> {
    const now = this.deps.clock();
    const changed = await this.clicks.run((tx) => {
      const item = this.repo.itemById(itemId, tx);
      if (!item) throw new UserError('That checklist item is not known to the bot.');
      const crisis = this.repo.byId(item.crisisId, tx)!;
      if (crisis.state === 'closed') throw new UserError('This crisis is closed; its checklist is in the debrief.');
      const changed = done ? this.repo.setItemDone(tx, itemId, actor.id, now) : this.repo.setItemUndone(tx, itemId);
      if (!changed) return false;
      this.repo.rememberPerson(tx, actor.id, actor.name, now);
      const who = this.personName(tx, actor.id);
      this.repo.addEvent(tx, crisis.id, now, done ? 'item_done' : 'item_undone', actor.id, `${who} ${done ? 'ticked' : 'reopened'} "${item.text}"`);
      this.deps.outbox.enqueueCoalesced({ crisisId: crisis.id, kind: Job.renderChecklist, lane: lane.checklist(crisis.id), runAt: now }, tx);
      return true;
    });
    if (changed) this.deps.kickAfterBurst();
    return { changed };
  }

  postUpdate(crisis: CrisisRow, actor: Actor, text: string): void {
    const now = this.deps.clock();
    this.repo.transaction((tx) => {
      const current = this.requireOpen(tx, crisis.id);
      this.repo.rememberPerson(tx, actor.id, actor.name, now);
      const update = this.repo.addUpdate(tx, current.id, actor.id, text, now);
      this.repo.addEvent(tx, current.id, now, 'update', actor.id, `Status update by ${this.personName(tx, actor.id)}`);
      this.deps.outbox.enqueue(
        { crisisId: current.id, kind: Job.postUpdate, after: jobKey.channel(current.id), lane: lane.channelPosts(current.id), payload: { updateId: update.id }, runAt: now },
        tx,
      );
    });
    this.deps.kick();
  }

  close(crisis: CrisisRow, actor: Actor, summary: string | undefined): CrisisSnapshot {
    const { plan, outbox, clock } = this.deps;
    const allowed = checkMandate(plan, 'close', actor.id);
    if (!allowed.allowed) throw new UserError(`Only ${allowed.who} may close a crisis.`);
    const now = clock();
    const snap = this.repo.transaction((tx) => {
      if (!this.repo.close(tx, crisis.id, actor.id, now, summary)) throw new UserError('This crisis is already closed.');
      this.repo.rememberPerson(tx, actor.id, actor.name, now);
      this.repo.addEvent(tx, crisis.id, now, 'closed', actor.id, `Closed by ${this.personName(tx, actor.id)}`);
      const snap = this.repo.snapshot(crisis.id, tx)!;
      this.repo.setDebrief(tx, crisis.id, compileDebrief(snap, plan, now));
      const id = crisis.id;
      const posts = lane.channelPosts(id);
      outbox.enqueue({ crisisId: id, kind: Job.postDebrief, key: `debrief:${id}:crisis`, after: jobKey.channel(id), lane: posts, payload: { target: 'crisis' }, runAt: now }, tx);
      outbox.enqueue({ crisisId: id, kind: Job.uploadDebrief, key: `debrief-file:${id}:crisis`, after: `debrief:${id}:crisis`, lane: posts, payload: { target: 'crisis' }, runAt: now }, tx);
      if (plan.debriefChannel) {
        outbox.enqueue({ crisisId: id, kind: Job.postDebrief, key: `debrief:${id}:archive`, payload: { target: 'archive' }, runAt: now }, tx);
        outbox.enqueue({ crisisId: id, kind: Job.uploadDebrief, key: `debrief-file:${id}:archive`, after: `debrief:${id}:archive`, payload: { target: 'archive' }, runAt: now }, tx);
      }
      // The checklist loses its buttons: a closed crisis takes no more ticks.
      outbox.enqueueCoalesced({ crisisId: id, kind: Job.renderChecklist, lane: lane.checklist(id), runAt: now }, tx);
      return snap;
    });
    this.deps.kick();
    return snap;
  }

  private requireOpen(tx: Tx, crisisId: number): CrisisRow {
    const crisis = this.repo.byId(crisisId, tx)!;
    if (crisis.state !== 'open') throw new UserError('This crisis is closed.');
    return crisis;
  }

  crisisInChannel(channelId: string): CrisisRow | undefined {
    return this.repo.byChannel(channelId);
  }

  snapshot(crisisId: number): CrisisSnapshot | undefined {
    return this.repo.snapshot(crisisId);
  }

  backlog(crisisId: number) {
    return this.deps.outbox.backlog(crisisId, DEADLINE_KINDS);
  }

  /** When the current stage's deadline pages the next one, unless it has been answered. */
  nextEscalationAt(crisis: CrisisRow): number | undefined {
    const snap = this.repo.snapshot(crisis.id);
    if (!snap || crisis.stage >= this.deps.plan.stages.length || stageAcknowledged(this.deps.plan, snap.pages, crisis.stage)) return undefined;
    return this.deps.outbox.pendingRunAt(jobKey.deadline(crisis.id, crisis.stage));
  }

  listOpen(): CrisisRow[] {
    return this.repo.listOpen();
  }
}
