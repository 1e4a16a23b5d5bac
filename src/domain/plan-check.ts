import type { Mandate, UnresolvedPlan } from '../config/plan.js';
import { atLocalTime, isoDay } from './time.js';

type PlanMember = UnresolvedPlan['roster'][number];

/** What Slack says of one roster member, as far as it was asked. */
export interface PersonFacts {
  /** Their Slack user: given in the plan, or found by their email. */
  readonly slackId: string | undefined;
  /** Slack was asked for their email and knows nobody with it. */
  readonly emailUnknown: boolean;
  /** Their email is not matched to a Slack user yet (the bot matches in the background). */
  readonly matching: boolean;
  readonly deactivated: boolean;
  /** Slack knows no user with the id the plan gives. */
  readonly userUnknown: boolean;
  /** Their next Do Not Disturb window, when it covers the whole night (see wholeNight). */
  readonly nightDnd: { readonly from: number; readonly to: number } | undefined;
}

/** A member as a stage would page them now. */
export interface PagedMember {
  readonly name: string;
  readonly slackId: string | undefined;
  readonly phone: string | undefined;
  /** Do Not Disturb covers the night: a Slack page at 3 a.m. stays silent. */
  readonly quietAtNight: boolean;
}

export interface StageReach {
  readonly number: number;
  readonly name: string;
  readonly ackTimeoutMs: number;
  readonly phoneAfterMs: number | undefined;
  readonly paged: readonly PagedMember[];
}

/**
 * A gap: something that would fail the team in a crisis. `warning`s reach people late rather
 * than not at all; every other gap is an error (`npm run plan:check` exits 1).
 */
export type PlanGap =
  | { readonly kind: 'stage_empty'; readonly stage: number; readonly name: string }
  | { readonly kind: 'role_empty'; readonly role: string }
  | { readonly kind: 'email_unknown'; readonly member: string; readonly email: string }
  | { readonly kind: 'matching'; readonly member: string; readonly email: string }
  | { readonly kind: 'deactivated'; readonly member: string }
  | { readonly kind: 'user_unknown'; readonly member: string; readonly slackId: string }
  /** `phone`: a stage that pages them calls them (phone_after) and the plan has their number. */
  | { readonly kind: 'night_dnd'; readonly member: string; readonly from: number; readonly to: number; readonly phone: boolean }
  | { readonly kind: 'checklist_role_empty'; readonly type: string; readonly item: string; readonly role: string }
  | { readonly kind: 'mandate_empty'; readonly mandate: Mandate }
  | { readonly kind: 'account_owner_empty'; readonly account: string; readonly owner: string }
  /** Stages with phone_after, and no phone service configured (Twilio): nobody is called. */
  | { readonly kind: 'phone_off'; readonly stages: readonly string[] };

export const isWarning = (gap: PlanGap): boolean => gap.kind === 'night_dnd' || gap.kind === 'matching' || gap.kind === 'phone_off';

export interface PlanCheck {
  readonly stages: readonly StageReach[];
  readonly gaps: readonly PlanGap[];
}

const MANDATES: readonly Mandate[] = ['close', 'escalate', 'severity', 'approve', 'publish'];

/** No facts about a member: Slack was not asked, so only what the plan says counts. */
const unasked = (m: PlanMember): PersonFacts => ({
  slackId: m.slackId,
  emailUnknown: false,
  matching: false,
  deactivated: false,
  userUnknown: false,
  nightDnd: undefined,
});

/**
 * Who each stage would page now and what would fail (`phoneOn`: a phone service is configured, so
 * phone_after calls): a member counts as reachable when Slack
 * knows them (or was not asked, or is still being asked) and they are not deactivated. A role whose every holder is
 * unreachable is as empty as one nobody holds.
 */
export function checkPlan(plan: UnresolvedPlan, facts: ReadonlyMap<string, PersonFacts> = new Map(), phoneOn = true): PlanCheck {
  const factsOf = (m: PlanMember) => facts.get(m.name) ?? unasked(m);
  // A member still being matched counts: the bot pages them the moment Slack answers (pageLate).
  const reachable = (m: PlanMember) => {
    const f = factsOf(m);
    return !f.emailUnknown && !f.deactivated && !f.userUnknown;
  };
  const holders = (refs: readonly string[]) =>
    plan.roster.filter((m) => refs.includes(m.name) || m.roles.some((r) => refs.includes(r))).filter(reachable);
  const gaps: PlanGap[] = [];
  // Whether a stage that pages them calls the unanswered (phone_after): their way through the night.
  const calls = (m: PlanMember) =>
    phoneOn &&
    plan.stages.some((s) => s.phoneAfterMs !== undefined && (s.page.includes(m.name) || m.roles.some((r) => s.page.includes(r))));
  const calling = plan.stages.filter((s) => s.phoneAfterMs !== undefined);
  if (!phoneOn && calling.length) gaps.push({ kind: 'phone_off', stages: calling.map((s) => s.name) });

  for (const m of plan.roster) {
    const f = factsOf(m);
    if (f.emailUnknown) gaps.push({ kind: 'email_unknown', member: m.name, email: m.email ?? '' });
    else if (f.matching) gaps.push({ kind: 'matching', member: m.name, email: m.email ?? '' });
    else if (f.userUnknown) gaps.push({ kind: 'user_unknown', member: m.name, slackId: f.slackId ?? '' });
    else if (f.deactivated) gaps.push({ kind: 'deactivated', member: m.name });
    else if (f.nightDnd) gaps.push({ kind: 'night_dnd', member: m.name, ...f.nightDnd, phone: m.phone !== undefined && calls(m) });
  }
  const roles = [...new Set(plan.roster.flatMap((m) => m.roles))];
  for (const role of roles) if (holders([role]).length === 0) gaps.push({ kind: 'role_empty', role });

  const stages = plan.stages.map((s) => {
    const paged = holders(s.page).map((m) => ({
      name: m.name,
      slackId: factsOf(m).slackId,
      phone: m.phone,
      quietAtNight: factsOf(m).nightDnd !== undefined,
    }));
    if (paged.length === 0) gaps.push({ kind: 'stage_empty', stage: s.number, name: s.name });
    return { number: s.number, name: s.name, ackTimeoutMs: s.ackTimeoutMs, phoneAfterMs: phoneOn ? s.phoneAfterMs : undefined, paged };
  });

  for (const [type, items] of Object.entries(plan.checklists))
    for (const item of items)
      if (item.role !== undefined && holders([item.role]).length === 0)
        gaps.push({ kind: 'checklist_role_empty', type, item: item.text, role: item.role });
  for (const mandate of MANDATES) {
    const refs = plan.mandates[mandate];
    if (refs && holders(refs).length === 0) gaps.push({ kind: 'mandate_empty', mandate });
  }
  for (const a of plan.accounts)
    if (holders([a.owner]).length === 0) gaps.push({ kind: 'account_owner_empty', account: a.name, owner: a.owner });
  return { stages, gaps };
}

/** The night a page must get through: from midnight to 06:00 on the clocks of the plan's zone. */
export const NIGHT_UNTIL_HOUR = 6;

/**
 * Whether a Do Not Disturb window [from, to) covers a whole night in `timeZone`: the first
 * midnight from its start to 06:00 after it. Slack gives the next window's start and end.
 */
export function wholeNight(from: number, to: number, timeZone: string): boolean {
  if (!(to > from)) return false;
  let day = isoDay(from, timeZone);
  if (atLocalTime(day, 0, timeZone) < from) day = isoDay(atLocalTime(day, 12, timeZone) + 24 * 3_600_000, timeZone);
  return atLocalTime(day, NIGHT_UNTIL_HOUR, timeZone) <= to;
}
