import type { ChecklistItem, Crisis, CrisisSnapshot, Page } from '../domain/crisis.js';
import { stageAcknowledged } from '../domain/escalation.js';
import { parsePostUrl } from '../domain/responses.js';
import { checkMandate } from '../domain/roster.js';
import type { DrillScenario } from '../config/plan.js';
import { drillStep } from '../jobs/drills.js';
import type { Severity } from '../config/severity.js';
import { createChannel } from '../jobs/channel.js';
import { pinSummary, postChecklist, postSummary } from '../jobs/crisis-messages.js';
import { deadlineKey, itemDue, updateCadence } from '../jobs/deadlines.js';
import { postDebrief, uploadDebrief } from '../jobs/debrief.js';
import { uploadChart } from '../jobs/chart.js';
import { DEADLINE_KINDS } from '../jobs/index.js';
import { postShare, postUpdate } from '../jobs/channel-posts.js';
import type { Tx } from '../store/db.js';
import type { ServiceDeps } from './deps.js';
import type { LearningService } from './learning-service.js';
import type { FreezeService } from './freeze-service.js';
import { UserError } from './errors.js';
import { Clicks } from './clicks.js';
import { compileDebriefIn, type CompileDebrief } from './debrief-service.js';
import { rememberActor, type Actor } from './people.js';

/**
 * How long a click's write waits for others to share its commit (its answer to Slack waits
 * for the commit). Under a burst, requests reach the process one at a time; without a window
 * 200 clicks cost 200 disk syncs on the event loop, with it a few dozen (bench/ack.ts).
 */
const CLICK_BATCH_MS = 2;

export interface OpenInput {
  title: string;
  severity: Severity;
  type: string;
  summary?: string | undefined;
  opener: Actor;
  /** Unique per request that opens (trigger id, view id): a retried request opens nothing new. */
  openKey: string;
  /** An exercise (`/crisis drill`): touches nothing public, counts in no figure of real crises. */
  drill?: boolean;
  /** The plan's scenario the drill plays: its script's steps are filed with the opening. */
  drillScenario?: DrillScenario | undefined;
}

/**
 * The use cases behind `/crisis` and the buttons. Each records its decision and the Slack work
 * it implies in one transaction, then lets the outbox worker do that work.
 */
export class CrisisService {
  /** Acknowledgements and ticks arrive in bursts: they are decided and committed together (see Clicks). */
  private readonly clicks: Clicks;

  constructor(
    private readonly deps: ServiceDeps & {
      /** For re-renders after a click: they run once a burst of requests is over. */
      kickAfterBurst: () => void;
      compileDebrief: CompileDebrief;
      freezes: FreezeService;
      learning: LearningService;
    },
  ) {
    this.clicks = new Clicks(deps, { windowMs: CLICK_BATCH_MS, syncOffLoop: true, oneAtATime: true });
  }

  /** Commits the clicks waiting for their batch window (for a clean stop). */
  flushClicks(): Promise<void> {
    return this.clicks.flushNow();
  }

  private get store() {
    return this.deps.store;
  }

  async open(input: OpenInput): Promise<{ crisis: Crisis; created: boolean }> {
    const result = await this.store.transaction((tx) => this.openIn(tx, input));
    if (result.created) this.deps.kick();
    return result;
  }

  /**
   * A drill, rehearsed as for real and touching nothing public: the scenario's type and severity
   * (without one, the default checklist at sev2), and its script's steps filed with the opening.
   * `title` is the drill's, in the plan's language, opening with its mark (DRILL, ÖVNING …).
   */
  openDrill(opener: Actor, openKey: string, title: string, scenario?: DrillScenario): Promise<{ crisis: Crisis; created: boolean }> {
    return this.open({
      title,
      severity: scenario?.severity ?? 'sev2',
      type: scenario?.type ?? 'default',
      opener,
      openKey,
      drill: true,
      drillScenario: scenario,
    });
  }

  /** Opens inside the caller's transaction (an alert opens a crisis and records why, together). */
  async openIn(tx: Tx, input: OpenInput): Promise<{ crisis: Crisis; created: boolean }> {
    const { plan, outbox, clock, pager } = this.deps;
    const checklist = Object.hasOwn(plan.checklists, input.type) ? plan.checklists[input.type] : undefined;
    if (!checklist) throw new UserError({ code: 'unknown_type', type: input.type });
    const now = clock();
    const start = plan.startStage[input.severity];
    const crisis = await this.store.crises.insert(tx, {
      openKey: input.openKey,
      title: input.title,
      severity: input.severity,
      type: input.type,
      summary: input.summary ?? null,
      openerId: input.opener.id,
      stage: start,
      openedAt: now,
      drill: input.drill ?? false,
      drillScenario: input.drillScenario?.id ?? null,
    });
    if (!crisis) return { crisis: (await this.store.crises.byOpenKey(input.openKey, tx))!, created: false };
    // An alert's crisis is opened by the bot itself, which needs no name.
    if (input.opener.name !== undefined) await rememberActor(this.deps, tx, input.opener, now);
    const id = crisis.id;
    const items = await this.store.checklist.insert(
      tx,
      checklist.map((item, position) => ({
        crisisId: id,
        position,
        text: item.text,
        role: item.role ?? null,
        dueAt: item.dueMs === undefined ? null : now + item.dueMs,
        doneWhen: item.doneWhen ?? null,
      })),
    );
    await this.store.timeline.add(tx, id, now, input.opener.id, { kind: 'opened', severity: input.severity, type: input.type });
    const paged = await pager.pageStages(tx, crisis, 1, start, now, { atOpening: true });
    for (const item of items) {
      if (item.dueAt !== null) await outbox.enqueue(tx, itemDue, { crisisId: id, payload: { itemId: item.id }, runAt: item.dueAt });
    }
    if (plan.statusUpdateEveryMs !== undefined)
      await outbox.enqueue(tx, updateCadence, { crisisId: id, runAt: now + plan.statusUpdateEveryMs });
    // A scripted drill: each step of its script waits for its moment in the outbox, as every deadline does.
    for (const [index, step] of (input.drillScenario?.script ?? []).entries())
      await outbox.enqueue(tx, drillStep, { crisisId: id, payload: { index }, runAt: now + step.atMs });

    // Pages do not wait for the channel: they are the most urgent thing the bot does.
    const at = { crisisId: id, runAt: now };
    await outbox.enqueue(tx, createChannel, at);
    await outbox.enqueue(tx, postSummary, at);
    await outbox.enqueue(tx, postChecklist, at);
    await outbox.enqueue(tx, pinSummary, at);
    await this.deps.changes.report(tx, id, { topic: true }, now);
    await pager.invite(tx, id, [input.opener.id, ...paged.map((p) => p.userId)], now);
    await this.deps.freezes.startIn(tx, crisis, now);
    return { crisis, created: true };
  }

  /** The first click counts; later ones, and clicks by anyone else, change nothing. */
  async acknowledge(pageId: number, actor: Actor, via?: 'phone' | 'text'): Promise<{ page: Page; changed: boolean }> {
    const { changed, page } = await this.clicks.submit({ kind: 'ack', pageId, actor, at: this.deps.clock(), ...(via ? { via } : {}) });
    if (changed) this.deps.kickAfterBurst();
    return { changed, page: page! };
  }

  /** Ticks or unticks an item. Renders are coalesced and run one at a time per crisis. */
  async setItem(itemId: number, actor: Actor, done: boolean): Promise<{ changed: boolean }> {
    const { changed } = await this.clicks.submit({ kind: 'tick', itemId, done, actor, at: this.deps.clock() });
    if (changed) this.deps.kickAfterBurst();
    return { changed };
  }

  item(itemId: number): Promise<ChecklistItem | undefined> {
    return this.store.checklist.byId(itemId);
  }

  /**
   * The first-response item ticked by hand, with the link to what was said in public (a reply,
   * a post published outside the bot), so the first-response clock stops where the tick is.
   */
  async respondedPublicly(itemId: number, actor: Actor, link: string): Promise<void> {
    const url = parsePostUrl(link);
    if (!url) throw new UserError({ code: 'bad_url' });
    const now = this.deps.clock();
    const changed = await this.store.transaction(async (tx) => {
      const item = await this.store.checklist.byId(itemId, tx);
      if (!item || item.doneWhen !== 'first_response') throw new UserError({ code: 'unknown_item' });
      const crisis = await this.store.crises.byId(item.crisisId, tx);
      if (crisis?.state !== 'open') throw new UserError({ code: 'checklist_closed' });
      if (!(await this.store.checklist.done(tx, item.id, actor.id, now, url.toString()))) return false;
      await rememberActor(this.deps, tx, actor, now);
      await this.store.timeline.add(tx, item.crisisId, now, actor.id, { kind: 'item_done', item: item.text, url: url.toString() });
      await this.deps.changes.report(tx, item.crisisId, { checklist: true, summary: true }, now);
      return true;
    });
    if (changed) this.deps.kick();
  }

  async postUpdate(crisis: Crisis, actor: Actor, text: string): Promise<void> {
    const now = this.deps.clock();
    await this.store.transaction(async (tx) => {
      const current = await this.requireOpen(tx, crisis.id);
      await rememberActor(this.deps, tx, actor, now);
      const update = await this.store.updates.add(tx, current.id, actor.id, text, now);
      await this.store.timeline.add(tx, current.id, now, actor.id, { kind: 'update' });
      await this.deps.outbox.enqueue(tx, postUpdate, { crisisId: current.id, payload: { updateId: update.id }, runAt: now });
      // The summary says when the next update is due.
      if (this.deps.plan.statusUpdateEveryMs !== undefined) await this.deps.changes.report(tx, current.id, { summary: true }, now);
    });
    this.deps.kick();
  }

  async close(crisis: Crisis, actor: Actor, summary: string | undefined, o: { openerMay?: boolean } = {}): Promise<CrisisSnapshot> {
    const { plan, outbox, clock } = this.deps;
    const allowed = checkMandate(plan, 'close', actor.id);
    // The crisis lead named for this crisis may close it, mandate or not.
    const opener = o.openerMay === true && crisis.openerId === actor.id;
    if (!allowed.allowed && crisis.leadId !== actor.id && !opener)
      throw new UserError({ code: 'not_mandated', mandate: 'close', holders: allowed.holders, refs: allowed.refs });
    const now = clock();
    const snap = await this.store.transaction(async (tx) => {
      if (!(await this.store.crises.close(tx, crisis.id, actor.id, now, summary))) throw new UserError({ code: 'already_closed' });
      await rememberActor(this.deps, tx, actor, now);
      await this.store.timeline.add(tx, crisis.id, now, actor.id, { kind: 'closed' });
      await this.deps.freezes.releaseIn(tx, crisis.id, now);
      await this.deps.learning.askFeedbackIn(tx, crisis, actor.id, now);
      const snap = (await this.store.snapshot(crisis.id, tx))!;
      await this.store.crises.setDebrief(tx, crisis.id, await compileDebriefIn(this.store, tx, this.deps.compileDebrief, snap, now));
      const id = crisis.id;
      // A crisis whose channel Slack refused (closed from /crisis list) has only the archive.
      const current = (await this.store.crises.byId(id, tx))!;
      if (current.channelId) {
        await outbox.enqueue(tx, postDebrief, { crisisId: id, payload: { target: 'crisis' }, runAt: now });
        await outbox.enqueue(tx, uploadDebrief, { crisisId: id, payload: { target: 'crisis' }, runAt: now });
        await outbox.enqueue(tx, uploadChart, { crisisId: id, payload: { target: 'crisis', debrief: true, at: now }, runAt: now });
        // The checklist loses its buttons: a closed crisis takes no more ticks.
        await this.deps.changes.report(tx, id, { checklist: true }, now);
      }
      // Its pages, items and approvals leave every Home, with or without a channel.
      await this.deps.changes.homes(tx, now);
      // A drill's debrief stays in its own channel: the archive is the record of real crises.
      if (plan.debriefChannel && !crisis.drill) {
        await outbox.enqueue(tx, postDebrief, { crisisId: id, payload: { target: 'archive' }, runAt: now });
        await outbox.enqueue(tx, uploadDebrief, { crisisId: id, payload: { target: 'archive' }, runAt: now });
        await outbox.enqueue(tx, uploadChart, { crisisId: id, payload: { target: 'archive', debrief: true, at: now }, runAt: now });
      }
      return snap;
    });
    this.deps.kick();
    return snap;
  }

  /** `/crisis chart`: drawn and uploaded to the crisis channel from the outbox. */
  async requestChart(crisis: Crisis): Promise<void> {
    const now = this.deps.clock();
    await this.store.transaction((tx) =>
      this.deps.outbox.enqueue(tx, uploadChart, {
        crisisId: crisis.id,
        payload: { target: 'crisis', debrief: false, at: now },
        runAt: now,
      }),
    );
    this.deps.kick();
  }

  /** `/crisis status`, shared in the crisis channel by someone who read it. */
  async shareStatus(crisisId: number, actor: Actor, text: string): Promise<void> {
    const now = this.deps.clock();
    await this.store.transaction(async (tx) => {
      const crisis = await this.store.crises.byId(crisisId, tx);
      if (!crisis) throw new UserError({ code: 'stale_button' });
      await rememberActor(this.deps, tx, actor, now);
      await this.deps.outbox.enqueue(tx, postShare, { crisisId, payload: { by: actor.id, text }, runAt: now });
    });
    this.deps.kick();
  }

  /**
   * A crisis whose channel Slack refused for good cannot be closed from its channel: its opener,
   * its lead or a holder of the close mandate closes it from `/crisis list`. The debrief goes to
   * the debrief channel.
   */
  async closeStranded(crisisId: number, actor: Actor): Promise<CrisisSnapshot> {
    const crisis = await this.store.crises.byId(crisisId);
    if (!crisis) throw new UserError({ code: 'stale_button' });
    if (crisis.state !== 'open') throw new UserError({ code: 'already_closed' });
    if (crisis.channelId !== null) throw new UserError({ code: 'has_channel', channel: crisis.channelId });
    // Still being created (the button is stale): its channel will come, and the close with it.
    if ((await this.backlog(crisis.id)).failed === 0) throw new UserError({ code: 'stale_button' });
    return this.close(crisis, actor, undefined, { openerMay: true });
  }

  private async requireOpen(tx: Tx, crisisId: number): Promise<Crisis> {
    const crisis = (await this.store.crises.byId(crisisId, tx))!;
    if (crisis.state !== 'open') throw new UserError({ code: 'crisis_closed' });
    return crisis;
  }

  crisisInChannel(channelId: string): Promise<Crisis | undefined> {
    return this.store.crises.byChannel(channelId);
  }

  snapshot(crisisId: number): Promise<CrisisSnapshot | undefined> {
    return this.store.snapshot(crisisId);
  }

  /** Slack work still owed or given up for a crisis (deadlines waiting for their time are not). */
  backlog(crisisId: number) {
    return this.deps.store.outbox.backlog(crisisId, DEADLINE_KINDS);
  }

  /** When the current stage's deadline pages the next one, unless it has been answered. */
  async nextEscalationAt(crisis: Crisis): Promise<number | undefined> {
    const snap = await this.store.snapshot(crisis.id);
    if (!snap || crisis.stage >= this.deps.plan.stages.length || stageAcknowledged(this.deps.plan, snap.pages, crisis.stage))
      return undefined;
    return this.deps.store.outbox.pendingRunAt(deadlineKey(crisis.id, crisis.stage));
  }

  listOpen(): Promise<Crisis[]> {
    return this.store.crises.listOpen();
  }
}
