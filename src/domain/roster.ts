import type { Mandate, Plan, RosterMember } from '../config/plan.js';

/** Members named by a list of roles or roster names, in roster order, each once. */
export function membersFor(plan: Plan, refs: readonly string[]): RosterMember[] {
  return plan.roster.filter((m) => refs.includes(m.name) || m.roles.some((r) => refs.includes(r)));
}

export interface PageTarget {
  readonly stage: number;
  readonly member: RosterMember;
}

/**
 * Who to page for stages `from`..`to`. A member in several of them is paged once, at the first:
 * three identical DMs at 3 a.m. read as noise, and their acknowledgement counts for the crisis.
 */
export function pageTargets(plan: Plan, from: number, to: number, alreadyPaged: ReadonlySet<string> = new Set()): PageTarget[] {
  const seen = new Set(alreadyPaged);
  const targets: PageTarget[] = [];
  for (const stage of plan.stages.slice(from - 1, to)) {
    for (const member of membersFor(plan, stage.page)) {
      if (seen.has(member.slackId)) continue;
      seen.add(member.slackId);
      targets.push({ stage: stage.number, member });
    }
  }
  return targets;
}

export type MandateCheck = { allowed: true } | { allowed: false; who: string };

/**
 * Without a mandate in the plan, anyone on the roster may act. The refusal says who may, so
 * the caller knows whom to ask rather than just hearing no.
 */
export function checkMandate(plan: Plan, mandate: Mandate, userId: string): MandateCheck {
  const refs = plan.mandates[mandate];
  const holders = refs ? membersFor(plan, refs) : plan.roster;
  if (holders.some((m) => m.slackId === userId)) return { allowed: true };
  const who = refs ? `${holders.map((m) => m.name).join(', ')} (${refs.join(', ')})` : 'members of the crisis roster';
  return { allowed: false, who };
}
