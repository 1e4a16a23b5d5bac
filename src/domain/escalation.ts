import type { Plan } from '../config/plan.js';
import type { ChecklistItem, Page } from './crisis.js';
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

/** The clock to the first public statement, when the plan marks one. */
export function firstResponse(items: readonly ChecklistItem[], openedAt: number, now: number): FirstResponse | undefined {
  const item = items.find((i) => i.firstResponse);
  if (!item) return undefined;
  return { text: item.text, done: item.doneAt !== null, elapsedMs: (item.doneAt ?? now) - openedAt };
}

/**
 * Who a reminder names: the crisis leads (holders of the close mandate); else the opener; and
 * when the bot opened it from an alert, the members of the current stage.
 */
export function crisisLeads(plan: Plan, openerId: string, stage: number, botUserId: string): string[] {
  const leads = plan.mandates.close ? membersFor(plan, plan.mandates.close).map((m) => m.slackId) : [];
  if (leads.length) return leads;
  if (openerId !== botUserId) return [openerId];
  return membersFor(plan, plan.stages[stage - 1]?.page ?? []).map((m) => m.slackId);
}

/** The stage's name in the plan, if the plan (which may have changed since) still has it. */
export function stageName(plan: Plan, stage: number): string | undefined {
  return plan.stages[stage - 1]?.name;
}
