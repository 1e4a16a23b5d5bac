import { ticksItself } from '../domain/checklist.js';
import type { ChecklistItem, Crisis, Page } from '../domain/crisis.js';
import type { TimelineEvent } from '../domain/timeline.js';
import { GroupCommit, type BatchOptions, type Outcome } from '../outbox/group-commit.js';
import type { Tx } from '../store/db.js';
import type { CrisisChange } from './changes.js';
import type { ServiceDeps } from './deps.js';
import { UserError } from './errors.js';
import { rememberActors, type Actor } from './people.js';

/** A button pressed: an item ticked or unticked, or a page acknowledged, at `at`. */
export type Click =
  | { readonly kind: 'tick'; readonly itemId: number; readonly done: boolean; readonly actor: Actor; readonly at: number }
  | {
      readonly kind: 'ack';
      readonly pageId: number;
      readonly actor: Actor;
      readonly at: number;
      /** The key 1 on a call, or a reply of 1 to a text, rather than the button. */
      readonly via?: 'phone' | 'text';
    };

/** What a click came to: whether it changed anything, and for an acknowledgement the page as it now stands. */
export interface ClickResult {
  readonly changed: boolean;
  readonly page?: Page;
}

/**
 * Ticks and acknowledgements arrive in bursts (200 people answering a page, a checklist worked
 * through together). A burst is decided as a batch in one transaction with a handful of
 * statements whatever its size: the items, pages and crises read at once, each click decided in
 * order on what the clicks before it left (a double click in one batch counts once), then every
 * change written at once. On PostgreSQL a statement is a round trip; ten per click made 200
 * clicks cost 620 ms of CPU (bench/ack.ts). There a batch is four: begin, one read that also
 * locks what it read (Store.clickState), one statement for all the writes (Store.together),
 * commit. Batches of other instances that touch other rows run alongside.
 */
export class Clicks {
  private readonly group: GroupCommit<Click, ClickResult>;

  constructor(
    private readonly deps: Pick<ServiceDeps, 'store' | 'outbox' | 'plan' | 'changes'>,
    options: BatchOptions,
  ) {
    this.group = new GroupCommit(deps.store, (tx, clicks) => this.decide(tx, clicks), options);
  }

  submit(click: Click): Promise<ClickResult> {
    return this.group.submit(click);
  }

  /** Commits the clicks waiting for their batch window (for a clean stop). */
  flushNow(): Promise<void> {
    return this.group.flushNow();
  }

  private async decide(tx: Tx, clicks: readonly Click[]): Promise<Outcome<ClickResult>[]> {
    // Read and held until this batch commits: what is decided on stays true.
    const state = await this.deps.store.clickState(tx, ids(clicks, 'tick'), ids(clicks, 'ack'));
    const items = byId(state.items);
    const pages = byId(state.pages);
    const crises = byId(state.crises);

    const writes = new Writes();
    const outcomes = clicks.map((click): Outcome<ClickResult> => {
      try {
        return { ok: true, value: click.kind === 'tick' ? tick(click, items, crises, writes) : acknowledge(click, pages, crises, writes) };
      } catch (error) {
        if (error instanceof UserError) return { ok: false, error };
        throw error;
      }
    });
    await this.write(tx, writes);
    return outcomes;
  }

  /** The writes touch different rows of different tables, and none reads another's: one statement on PostgreSQL. */
  private async write(tx: Tx, w: Writes): Promise<void> {
    const { store, changes } = this.deps;
    await store.together(tx, async () => {
      await store.checklist.setStates(
        tx,
        [...w.items.values()].map(({ id, doneAt, doneBy }) => ({ id, doneAt, doneBy })),
      );
      await store.pages.acknowledgeAll(
        tx,
        [...w.pages.values()].map((page) => ({ id: page.id, at: page.ackedAt! })),
      );
      await rememberActors(this.deps, tx, w.actors);
      await store.timeline.addAll(tx, w.events);
      await changes.reportAll(tx, w.changes);
    });
  }
}

/** What a batch's clicks changed, written together once every click is decided. */
class Writes {
  readonly items = new Map<number, ChecklistItem>();
  readonly pages = new Map<number, Page>();
  readonly actors: { actor: Actor; at: number }[] = [];
  readonly events: { crisisId: number; at: number; actorId: string; event: TimelineEvent }[] = [];
  readonly changes: { crisisId: number; change: CrisisChange; now: number }[] = [];

  record(crisisId: number, actor: Actor, at: number, event: TimelineEvent, change: CrisisChange): void {
    this.actors.push({ actor, at });
    this.events.push({ crisisId, at, actorId: actor.id, event });
    this.changes.push({ crisisId, change, now: at });
  }
}

function tick(
  click: Extract<Click, { kind: 'tick' }>,
  items: Map<number, ChecklistItem>,
  crises: Map<number, Crisis>,
  w: Writes,
): ClickResult {
  const item = items.get(click.itemId);
  if (!item) throw new UserError({ code: 'unknown_item' });
  const crisis = crises.get(item.crisisId)!;
  if (crisis.state === 'closed') throw new UserError({ code: 'checklist_closed' });
  if ((item.doneAt !== null) === click.done) return { changed: false };
  // What the freeze, the statements or the Q&A tick is theirs to say, or the record would disagree.
  if (item.doneWhen !== null && (!click.done || ticksItself(item))) throw new UserError({ code: 'item_ticks_itself', when: item.doneWhen });
  // The listener asks for the link instead (CrisisService.respondedPublicly).
  if (item.doneWhen === 'first_response') throw new UserError({ code: 'first_response_link', itemId: item.id });
  const now = { ...item, doneAt: click.done ? click.at : null, doneBy: click.done ? click.actor.id : null };
  items.set(item.id, now);
  w.items.set(item.id, now);
  w.record(crisis.id, click.actor, click.at, { kind: click.done ? 'item_done' : 'item_undone', item: item.text }, { checklist: true });
  return { changed: true };
}

/** The first click counts; later ones, and clicks by anyone else, change nothing. */
function acknowledge(
  click: Extract<Click, { kind: 'ack' }>,
  pages: Map<number, Page>,
  crises: Map<number, Crisis>,
  w: Writes,
): ClickResult {
  const page = pages.get(click.pageId);
  if (!page) throw new UserError({ code: 'unknown_page' });
  if (page.userId !== click.actor.id) throw new UserError({ code: 'not_your_page', owner: page.userId });
  if (page.ackedAt !== null) return { changed: false, page };
  const crisis = crises.get(page.crisisId)!;
  const acked = { ...page, ackedAt: click.at };
  pages.set(page.id, acked);
  w.pages.set(page.id, acked);
  const event: TimelineEvent = {
    kind: 'acknowledged',
    member: page.memberName,
    stage: page.stage,
    afterMs: click.at - page.pagedAt,
    afterClose: crisis.state === 'closed',
    ...(click.via ? { via: click.via } : {}),
  };
  // The summary shows who answered.
  w.record(crisis.id, click.actor, click.at, event, { pages: [page.id], summary: crisis.state === 'open' });
  return { changed: true, page: acked };
}

function ids(clicks: readonly Click[], kind: Click['kind']): number[] {
  return [...new Set(clicks.flatMap((c) => (c.kind !== kind ? [] : [c.kind === 'tick' ? c.itemId : c.pageId])))];
}

function byId<T extends { id: number }>(rows: readonly T[]): Map<number, T> {
  return new Map(rows.map((row) => [row.id, row]));
}
