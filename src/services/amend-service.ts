import type { Plan } from '../config/plan.js';
import type { Crisis } from '../domain/crisis.js';
import { checkMandate } from '../domain/roster.js';
import { renameChannel } from '../jobs/channel.js';
import { itemDue } from '../jobs/deadlines.js';
import type { Tx } from '../store/db.js';
import type { ServiceDeps } from './deps.js';
import { UserError } from './errors.js';
import { rememberActor, type Actor } from './people.js';

/**
 * Who may amend a crisis (and close it): the holders of the plan's `close` mandate, and the
 * crisis lead named for this crisis.
 */
export function checkLead(plan: Plan, crisis: Pick<Crisis, 'leadId'>, actorId: string): void {
  if (crisis.leadId === actorId) return;
  const allowed = checkMandate(plan, 'close', actorId);
  if (!allowed.allowed) throw new UserError({ code: 'not_amender', holders: allowed.holders, refs: allowed.refs, lead: crisis.leadId });
}

/**
 * `/crisis title`, `type` and `lead`: a crisis opened in a hurry (from an alert, at 3 a.m.) is
 * put right without opening another. Each is recorded with the timeline entry and the
 * re-renders it implies in one transaction; the channel rename runs from the outbox.
 */
export class AmendService {
  constructor(private readonly deps: ServiceDeps & { botUserId: string }) {}

  async retitle(crisis: Crisis, actor: Actor, title: string): Promise<void> {
    await this.amend(crisis, actor, async (tx, current, now) => {
      if (current.title === title) return;
      await this.deps.store.crises.amend(tx, current.id, { title });
      await this.deps.store.timeline.add(tx, current.id, now, actor.id, { kind: 'retitled', from: current.title, to: title });
      // The channel keeps its date (see renameChannel); everything that shows the title follows.
      await this.deps.outbox.enqueue(tx, renameChannel, { crisisId: current.id, runAt: now });
      const pages = (await this.deps.store.pages.of(current.id, tx)).map((p) => p.id);
      await this.deps.changes.report(tx, current.id, { summary: true, topic: true, checklist: true, pages }, now);
    });
  }

  /** Adds the new type's checklist items the crisis does not have yet; ticks stay. Returns how many. */
  async changeType(crisis: Crisis, actor: Actor, type: string): Promise<number> {
    const { plan } = this.deps;
    const template = Object.hasOwn(plan.checklists, type) ? plan.checklists[type]! : undefined;
    if (!template) throw new UserError({ code: 'unknown_type', type });
    return this.amend(crisis, actor, async (tx, current, now) => {
      if (current.type === type) throw new UserError({ code: 'same_type', type });
      const { store, outbox } = this.deps;
      const items = await store.checklist.of(current.id, tx);
      const have = new Set(items.map((i) => i.text.trim().toLowerCase()));
      const next = Math.max(-1, ...items.map((i) => i.position)) + 1;
      const fresh = template.filter((t) => !have.has(t.text.trim().toLowerCase()));
      const rows = await store.checklist.insert(
        tx,
        fresh.map((t, i) => ({
          crisisId: current.id,
          position: next + i,
          text: t.text,
          role: t.role ?? null,
          dueAt: t.dueMs === undefined ? null : now + t.dueMs,
          // A condition the crisis already has an item for ticks that one, or the clock would start twice.
          doneWhen: t.doneWhen !== undefined && !items.some((x) => x.doneWhen === t.doneWhen) ? t.doneWhen : null,
        })),
      );
      for (const item of rows) {
        if (item.dueAt !== null)
          await outbox.enqueue(tx, itemDue, { crisisId: current.id, payload: { itemId: item.id }, runAt: item.dueAt });
      }
      await store.crises.amend(tx, current.id, { type });
      await store.timeline.add(tx, current.id, now, actor.id, { kind: 'type_changed', from: current.type, to: type, added: rows.length });
      const pages = (await store.pages.of(current.id, tx)).map((p) => p.id);
      await this.deps.changes.report(tx, current.id, { summary: true, checklist: true, pages }, now);
      return rows.length;
    });
  }

  async setLead(crisis: Crisis, actor: Actor, leadId: string): Promise<void> {
    if (leadId === this.deps.botUserId) throw new UserError({ code: 'lead_is_bot' });
    await this.amend(crisis, actor, async (tx, current, now) => {
      if (current.leadId === leadId) throw new UserError({ code: 'same_lead' });
      const { store, pager } = this.deps;
      await store.crises.amend(tx, current.id, { leadId });
      await store.timeline.add(tx, current.id, now, actor.id, { kind: 'lead', leadId });
      await pager.invite(tx, current.id, [leadId], now);
      await rememberActor(this.deps, tx, { id: leadId }, now);
      await this.deps.changes.report(tx, current.id, { summary: true }, now);
    });
  }

  private async amend<T>(crisis: Crisis, actor: Actor, change: (tx: Tx, current: Crisis, now: number) => Promise<T>): Promise<T> {
    const { store, clock, plan } = this.deps;
    const now = clock();
    const result = await store.transaction(async (tx) => {
      const current = (await store.crises.byId(crisis.id, tx))!;
      if (current.state !== 'open') throw new UserError({ code: 'crisis_closed' });
      checkLead(plan, current, actor.id);
      await rememberActor(this.deps, tx, actor, now);
      return change(tx, current, now);
    });
    this.deps.kick();
    return result;
  }
}
