import { z } from 'zod';
import type { ChecklistItem, CrisisSnapshot } from './crisis.js';
import { firstResponse, type FirstResponse } from './escalation.js';
import { publishedOf } from './statements.js';
import { progress, type Progress } from './progress.js';

/** What the debrief reports beyond the raw record: the figures a review starts from. */
export interface DebriefFacts {
  readonly closedAt: number;
  readonly durationMs: number;
  readonly progress: Progress;
  readonly firstResponse: FirstResponse | undefined;
  /** From opening until the last account was confirmed paused; `partial` when some never were. */
  readonly freeze: { readonly afterMs: number } | { readonly partial: true } | undefined;
  /** Items done after their due time, or not done by the close. */
  readonly late: readonly { readonly item: ChecklistItem; readonly lateMs: number | undefined }[];
  readonly left: readonly ChecklistItem[];
}

/** Compiled from the database alone, so the debrief can be rebuilt after a restart. */
export function debriefFacts(snap: CrisisSnapshot, now: number): DebriefFacts {
  const { crisis } = snap;
  const closedAt = crisis.closedAt ?? now;
  return {
    closedAt,
    durationMs: closedAt - crisis.openedAt,
    progress: progress(snap, now),
    firstResponse: firstResponse(snap.items, crisis.openedAt, closedAt, publishedOf(snap)),
    freeze: freezeOf(snap),
    late: snap.items
      .filter((i) => i.dueAt !== null && (i.doneAt ?? closedAt) > i.dueAt)
      .map((item) => ({ item, lateMs: item.doneAt === null ? undefined : item.doneAt - item.dueAt! })),
    left: snap.items.filter((i) => i.doneAt === null),
  };
}

function freezeOf({ crisis, freezes }: CrisisSnapshot): DebriefFacts['freeze'] {
  if (freezes.length === 0) return undefined;
  if (freezes.some((f) => f.frozenAt === null)) return { partial: true };
  return { afterMs: Math.max(...freezes.map((f) => f.frozenAt!)) - crisis.openedAt };
}

/** Why the debrief was compiled again after the close (it names the new version's reason). */
export const debriefRevisionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('posts_resumed'), account: z.string() }),
  z.object({ kind: z.literal('lesson') }),
  z.object({ kind: z.literal('feedback') }),
  z.object({ kind: z.literal('action') }),
  z.object({ kind: z.literal('action_done') }),
]);
export type DebriefRevision = z.infer<typeof debriefRevisionSchema>;
