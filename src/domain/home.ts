import type { Plan } from '../config/plan.js';
import type { ChecklistItem, Crisis, Page } from './crisis.js';
import type { FollowUp } from './learning.js';
import type { ResponseItem } from './responses.js';
import { current, type StatementRecord, type StatementVersion } from './statements.js';
import { approversOf } from './roster.js';

/** What the open crises hold, as Home reads it for everyone (one read, then one filter per person). */
export interface OpenWork {
  readonly crises: readonly Crisis[];
  readonly pages: readonly Page[];
  readonly statements: readonly StatementRecord[];
  readonly items: readonly ChecklistItem[];
  readonly responses: readonly ResponseItem[];
  /** Follow-up actions not done yet, of any crisis (they outlive its close). */
  readonly actions: readonly FollowUp[];
  /** The crises of those actions, open or closed. */
  readonly actionCrises: readonly Crisis[];
}

/** One person's part, as their Home tab shows it. */
export interface PersonHome {
  readonly pages: readonly { readonly crisis: Crisis; readonly page: Page }[];
  readonly approvals: readonly { readonly crisis: Crisis; readonly statementId: number; readonly version: StatementVersion }[];
  readonly items: readonly { readonly crisis: Crisis; readonly item: ChecklistItem }[];
  readonly actions: readonly { readonly crisis: Crisis | undefined; readonly action: FollowUp }[];
  readonly claimed: readonly { readonly crisis: Crisis; readonly response: ResponseItem }[];
  readonly crises: readonly Crisis[];
}

/**
 * `userId`'s part in the open crises: pages waiting for their acknowledgement, statements
 * waiting for their approval (never their own draft, unless the plan lets authors approve),
 * checklist items for a role they hold, actions they own, queued posts they took.
 */
export function personHome(plan: Plan, work: OpenWork, userId: string): PersonHome {
  const crisis = new Map(work.crises.map((c) => [c.id, c]));
  const with_ = <T extends { crisisId: number }>(rows: readonly T[], keep: (row: T) => boolean) =>
    rows.flatMap((row) => {
      const c = crisis.get(row.crisisId);
      return c && keep(row) ? [{ crisis: c, row }] : [];
    });
  const member = plan.roster.find((m) => m.slackId === userId);
  const owns = (role: string | null) => role !== null && member !== undefined && (member.name === role || member.roles.includes(role));
  const approves = approversOf(plan).includes(userId);
  const allCrises = new Map(work.actionCrises.map((c) => [c.id, c]));
  return {
    pages: with_(work.pages, (p) => p.userId === userId && p.ackedAt === null).map(({ crisis, row }) => ({ crisis, page: row })),
    approvals: approves
      ? work.statements.flatMap((r) => {
          const c = crisis.get(r.statement.crisisId);
          const v = current(r);
          const waiting = v.approvedAt === null && v.changesAt === null;
          return c && waiting && (plan.statementsSelfApprove || v.authorId !== userId)
            ? [{ crisis: c, statementId: r.statement.id, version: v }]
            : [];
        })
      : [],
    items: with_(work.items, (i) => i.doneAt === null && owns(i.role)).map(({ crisis, row }) => ({ crisis, item: row })),
    actions: work.actions
      .filter((a) => a.ownerId === userId && a.doneAt === null)
      .map((a) => ({ crisis: allCrises.get(a.crisisId), action: a })),
    claimed: with_(work.responses, (r) => r.claimedBy === userId && r.state === 'open').map(({ crisis, row }) => ({
      crisis,
      response: row,
    })),
    crises: work.crises,
  };
}
