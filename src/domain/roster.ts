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

/**
 * Without a mandate in the plan, anyone on the roster may act. A refusal says who may (roster
 * names, and the plan's roles for it), so the caller knows whom to ask rather than just hearing no.
 */
export type MandateCheck =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly holders: readonly string[]; readonly refs: readonly string[] | undefined };

export function checkMandate(plan: Plan, mandate: Mandate, userId: string): MandateCheck {
  const refs = plan.mandates[mandate];
  const holders = refs ? membersFor(plan, refs) : plan.roster;
  if (holders.some((m) => m.slackId === userId)) return { allowed: true };
  return { allowed: false, holders: holders.map((m) => m.name), refs };
}

/** Who may approve a statement: the approve mandate's holders, else everyone on the roster. */
export function approversOf(plan: Plan): string[] {
  return (plan.mandates.approve ? membersFor(plan, plan.mandates.approve) : plan.roster).map((m) => m.slackId);
}

/** Who a triage message wakes: the plan's `alerts.notify`, else the members of stage 1. */
export function triageNotified(plan: Plan): string[] {
  const refs = plan.alerts?.notify ?? plan.stages[0]?.page ?? [];
  return membersFor(plan, refs).map((m) => m.slackId);
}

/** A person's name for places that cannot mention them (files, logs): roster, then Slack's. */
export function personName(plan: Plan, people: ReadonlyMap<string, string>, userId: string): string {
  return plan.roster.find((m) => m.slackId === userId)?.name ?? people.get(userId) ?? userId;
}
