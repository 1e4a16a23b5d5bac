import type { Plan } from '../config/plan.js';
import type { ChecklistItem, Crisis, Page, StatusUpdate } from './crisis.js';
import { membersFor } from './roster.js';

/**
 * Whether someone in `stage` has acknowledged: paged at that stage, or a member of it paged
 * earlier (a member in two stages is paged once, and their acknowledgement counts for both).
 */
export function stageAcknowledged(plan: Plan, pages: readonly Page[], stage: number): boolean {
  const members = new Set(membersFor(plan, plan.stages[stage - 1]?.page ?? []).map((m) => m.slackId));
  return pages.some((p) => p.ackedAt !== null && (p.stage === stage || members.has(p.userId)));
}

export function nextStage(plan: Plan, current: number): number | undefined {
  return current < plan.stages.length ? current + 1 : undefined;
}

/** Items past their due time and not done. */
export function overdueItems(items: readonly ChecklistItem[], now: number): ChecklistItem[] {
  return items.filter((i) => i.doneAt === null && i.dueAt !== null && i.dueAt <= now);
}

export interface FirstResponse {
  readonly text: string;
  /** Since opening: until now while not done, until the tick once done. */
  readonly elapsedMs: number;
  readonly done: boolean;
}

/**
 * The clock to the first public response: from opening to the first statement marked published,
 * or to the hand tick of the first-response item (which gives the response's link), whichever
 * came first, so the clock and the checklist say the same. Shown once the crisis has a statement
 * or the plan marks a checklist item for it.
 */
export function firstResponse(
  items: readonly ChecklistItem[],
  openedAt: number,
  now: number,
  published: readonly { publishedAt: number }[] = [],
): FirstResponse | undefined {
  const item = items.find((i) => i.doneWhen === 'first_response');
  const at = firstResponseAt(items, published);
  if (at !== undefined) return { text: item?.text ?? '', done: true, elapsedMs: at - openedAt };
  if (!item) return undefined;
  return { text: item.text, done: false, elapsedMs: now - openedAt };
}

/** When the brand first spoke in public: the first publication, or the first-response item's tick. */
export function firstResponseAt(
  items: readonly Pick<ChecklistItem, 'doneWhen' | 'doneAt'>[],
  published: readonly { publishedAt: number }[],
): number | undefined {
  const tick = items.find((i) => i.doneWhen === 'first_response')?.doneAt;
  const times = [...published.map((p) => p.publishedAt), ...(tick != null ? [tick] : [])];
  return times.length ? Math.min(...times) : undefined;
}

/**
 * Who leads, as the summary shows and reminders name them: the lead named with `/crisis lead`;
 * else the plan's leads (holders of the close mandate); else the opener; and when the bot
 * opened it from an alert, the members of the current stage.
 */
export function crisisLeads(plan: Plan, crisis: Pick<Crisis, 'leadId' | 'openerId' | 'stage'>, botUserId: string): string[] {
  if (crisis.leadId) return [crisis.leadId];
  const leads = plan.mandates.close ? membersFor(plan, plan.mandates.close).map((m) => m.slackId) : [];
  if (leads.length) return leads;
  if (crisis.openerId !== botUserId) return [crisis.openerId];
  return membersFor(plan, plan.stages[crisis.stage - 1]?.page ?? []).map((m) => m.slackId);
}

/** When the next status update is expected, if the plan sets a cadence and the crisis is open. */
export function nextUpdateDue(
  plan: Plan,
  crisis: Pick<Crisis, 'state' | 'openedAt'>,
  updates: readonly StatusUpdate[],
): number | undefined {
  if (plan.statusUpdateEveryMs === undefined || crisis.state !== 'open') return undefined;
  return (updates.at(-1)?.postedAt ?? crisis.openedAt) + plan.statusUpdateEveryMs;
}

/** The stage's name in the plan, if the plan (which may have changed since) still has it. */
export function stageName(plan: Plan, stage: number): string | undefined {
  return plan.stages[stage - 1]?.name;
}
