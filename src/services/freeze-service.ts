import type { Crisis } from '../domain/crisis.js';
import { accountLabel, type AccountFreeze } from '../domain/freeze.js';
import { membersFor } from '../domain/roster.js';
import { askFreeze, freezeDue, postFreezeBoard, tellResume } from '../jobs/freeze.js';
import type { Tx } from '../store/db.js';
import type { FreezeRepo } from '../store/freeze-repo.js';
import type { HoldService } from './hold-service.js';
import type { ServiceDeps } from './deps.js';
import { allPausedIn } from './conditions.js';
import { UserError } from './errors.js';
import { rememberActor, type Actor } from './people.js';

/** Owners who have not pressed Paused by then are asked once more. */
export const FREEZE_REMINDER_MS = 10 * 60_000;

/**
 * The publishing freeze: a cheerful scheduled post in the middle of a boycott makes it worse.
 * At opening each plan account's owners are asked by DM to pause what is scheduled; the first
 * Paused records who and when; the channel shows every account's state; a reminder follows for
 * those not paused; at close the owners are told they may resume.
 */
export class FreezeService {
  constructor(private readonly deps: ServiceDeps & { freezes: FreezeRepo; holds: HoldService; freezeReminderMs?: number }) {}

  /** At opening, inside its transaction. */
  async startIn(tx: Tx, crisis: Crisis, now: number): Promise<void> {
    const { plan, freezes, outbox } = this.deps;
    if (plan.accounts.length === 0) return;
    const rows = await freezes.insert(
      tx,
      plan.accounts.map((a) => ({ crisisId: crisis.id, account: a.name, handle: a.handle ?? null, askedAt: now })),
    );
    for (const row of rows) {
      for (const user of this.ownersOf(row))
        await outbox.enqueue(tx, askFreeze, { crisisId: crisis.id, payload: { freezeId: row.id, user, reminder: false }, runAt: now });
      // A sev1 does not wait for anyone to press Paused where the bot can pause posts itself.
      if (crisis.severity === 'sev1') await this.deps.holds.startIn(tx, row, now);
    }
    await outbox.enqueue(tx, postFreezeBoard, { crisisId: crisis.id, runAt: now });
    await outbox.enqueue(tx, freezeDue, { crisisId: crisis.id, runAt: now + (this.deps.freezeReminderMs ?? FREEZE_REMINDER_MS) });
  }

  /** Paused: the first press counts. Returns whether this press recorded it. */
  async paused(freezeId: number, actor: Actor): Promise<boolean> {
    const { freezes, store, clock } = this.deps;
    const now = clock();
    const changed = await store.transaction(async (tx) => {
      const freeze = await freezes.byId(freezeId, tx);
      if (!freeze) throw new UserError({ code: 'stale_button' });
      const crisis = (await store.crises.byId(freeze.crisisId, tx))!;
      if (crisis.state !== 'open') throw new UserError({ code: 'crisis_closed' });
      if (!(await freezes.freeze(tx, freezeId, actor.id, now))) return false;
      await rememberActor(this.deps, tx, actor, now);
      await store.timeline.add(tx, crisis.id, now, actor.id, { kind: 'account_frozen', account: accountLabel(freeze) });
      await this.deps.holds.startIn(tx, freeze, now);
      const ticked = await allPausedIn(this.deps, tx, crisis.id, actor.id, now);
      await this.deps.changes.report(tx, crisis.id, { freezeBoard: true, checklist: ticked }, now);
      return true;
    });
    if (changed) this.deps.kick();
    return changed;
  }

  /** A freeze and its crisis, for the DM its Paused was pressed in. */
  async find(freezeId: number): Promise<{ crisis: Crisis; freeze: AccountFreeze } | undefined> {
    const freeze = await this.deps.freezes.byId(freezeId);
    const crisis = freeze && (await this.deps.store.crises.byId(freeze.crisisId));
    return freeze && crisis ? { crisis, freeze } : undefined;
  }

  /** Ten minutes after opening: owners of accounts not paused are asked again, once. */
  async onDue(tx: Tx, crisisId: number): Promise<void> {
    const { freezes, store, outbox, clock } = this.deps;
    const crisis = await store.crises.byId(crisisId, tx);
    if (!crisis || crisis.state !== 'open') return;
    for (const row of (await freezes.of(crisisId, tx)).filter((f) => f.frozenAt === null)) {
      for (const user of this.ownersOf(row))
        await outbox.enqueue(tx, askFreeze, { crisisId, payload: { freezeId: row.id, user, reminder: true }, runAt: clock() });
    }
  }

  /** At close, inside its transaction: the freeze ends, and the owners hear they may resume. */
  async releaseIn(tx: Tx, crisisId: number, now: number): Promise<void> {
    const { freezes, outbox } = this.deps;
    const rows = await freezes.of(crisisId, tx);
    if (rows.length === 0) return;
    await freezes.release(tx, crisisId, now);
    for (const row of rows) {
      const told = new Set([...this.ownersOf(row), ...(row.frozenBy ? [row.frozenBy] : [])]);
      for (const user of told) await outbox.enqueue(tx, tellResume, { crisisId, payload: { freezeId: row.id, user }, runAt: now });
    }
    // The lists of what was held back now offer Resume posts.
    const lists = rows.filter((row) => row.holdStartedAt !== null).map((row) => row.id);
    await this.deps.changes.report(tx, crisisId, { heldLists: lists, freezeBoard: true }, now);
  }

  private ownersOf(row: { account: string; handle: string | null }): string[] {
    const account = this.deps.holds.accountOf(row);
    return account ? membersFor(this.deps.plan, [account.owner]).map((m) => m.slackId) : [];
  }
}
