import type { DoneWhen } from './checklist.js';
import type { PhoneAttempt } from './phone-attempt.js';
import type { HeldPost } from './held-posts.js';
import type { Evidence, ResponseItem } from './responses.js';
import type { FollowUp, Lesson, QaEntry } from './learning.js';
import type { Severity } from '../config/severity.js';
import type { StatementRecord } from './statements.js';
import type { AccountFreeze } from './freeze.js';
import type { TimelineEntry } from './timeline.js';

/**
 * The crisis and what hangs off it, as the rest of the bot sees them. The store maps its rows
 * to these types; nothing outside src/store knows a table.
 */
export interface Crisis {
  readonly id: number;
  /** What started it (a slash command's trigger id, a form's view id): a retry finds the same crisis. */
  readonly openKey: string;
  readonly title: string;
  readonly severity: Severity;
  /** The crisis type: which of the plan's checklists it follows. */
  readonly type: string;
  readonly summary: string | null;
  readonly state: 'open' | 'closed';
  readonly openerId: string;
  /** The highest stage paged so far. */
  readonly stage: number;
  readonly channelId: string | null;
  readonly channelName: string | null;
  readonly openedAt: number;
  readonly closedAt: number | null;
  readonly closedBy: string | null;
  readonly closeSummary: string | null;
  /** The debrief as compiled at close (Markdown), so every copy of it says the same. */
  readonly debrief: string | null;
  /** Named with `/crisis lead`; null: the plan's leads (see crisisLeads). */
  readonly leadId: string | null;
  /** An exercise (`/crisis drill`): marked DRILL everywhere, touching nothing public. */
  readonly drill: boolean;
  /** The plan's scenario a drill plays; null: unscripted, or not a drill. */
  readonly drillScenario: string | null;
}

/** One person paged at one stage, and whether (and when) they acknowledged. */
export interface Page {
  readonly id: number;
  readonly crisisId: number;
  readonly stage: number;
  readonly userId: string;
  /** Their roster name when they were paged. */
  readonly memberName: string;
  readonly pagedAt: number;
  /** Where the direct message landed, so it can be updated in place. */
  readonly dmChannel: string | null;
  readonly dmTs: string | null;
  /** Whether the direct message already links the crisis channel. */
  readonly dmHasLink: boolean;
  readonly ackedAt: number | null;
  /** When the one reminder went, for a page still unanswered at its stage's deadline. */
  readonly chasedAt: number | null;
}

/** Someone told of the crisis, with no acknowledgement expected (a stage's `inform`, a lead). */
export interface Inform {
  readonly id: number;
  readonly crisisId: number;
  readonly stage: number;
  readonly userId: string;
  readonly memberName: string;
  readonly informedAt: number;
  readonly dmChannel: string | null;
  readonly dmTs: string | null;
}

export interface ChecklistItem {
  readonly id: number;
  readonly crisisId: number;
  readonly position: number;
  readonly text: string;
  /** The role (or roster name) that owns it, from the plan. */
  readonly role: string | null;
  readonly dueAt: number | null;
  /** What ticks it besides a hand; `first_response` is the item that stands for the first public response. */
  readonly doneWhen: DoneWhen | null;
  readonly doneAt: number | null;
  readonly doneBy: string | null;
  /** The public response a hand tick of the first-response item gave. */
  readonly link: string | null;
}

export interface StatusUpdate {
  readonly id: number;
  readonly crisisId: number;
  readonly authorId: string;
  readonly text: string;
  readonly postedAt: number;
}

/** A message the bot keeps updating in place (the checklist may span several parts). */
export interface CrisisMessage {
  readonly crisisId: number;
  readonly kind: 'summary' | 'checklist' | 'freeze' | 'held' | 'qa' | 'queue' | 'debrief';
  readonly part: number;
  readonly channel: string;
  readonly ts: string;
}

/** Everything about one crisis, read in one go for rendering and the debrief. */
export interface CrisisSnapshot {
  readonly crisis: Crisis;
  readonly pages: readonly Page[];
  readonly informs: readonly Inform[];
  readonly items: readonly ChecklistItem[];
  readonly updates: readonly StatusUpdate[];
  readonly timeline: readonly TimelineEntry[];
  /** What the brand said: every statement with its versions and publications. */
  readonly statements: readonly StatementRecord[];
  /** The publishing freeze, per plan account. */
  readonly freezes: readonly AccountFreeze[];
  /** Posts the bot held back in a scheduler during the freeze, oldest first. */
  readonly held: readonly HeldPost[];
  /** The response queue, in the order posts were added, and the evidence kept for removals. */
  readonly responses: readonly ResponseItem[];
  readonly evidence: readonly Evidence[];
  /** The internal Q&A, lessons and follow-up actions. */
  readonly qa: readonly QaEntry[];
  readonly lessons: readonly Lesson[];
  readonly actions: readonly FollowUp[];
  /** Display names of the people involved, by Slack id, as Slack last named them. */
  readonly people: ReadonlyMap<string, string>;
  /** Calls and texts to people's phones about their pages, in the order they were decided. */
  readonly phone: readonly PhoneAttempt[];
}

/** What a crisis's files (debrief, chart) are named after: its channel, or the prefix and its id. */
/** Drill channels are named drill-<date>-<slug>, whatever the plan's prefix: plainly not a crisis. */
export const DRILL_PREFIX = 'drill';

/**
 * The prefix and the words a crisis's channel is named from: a drill's title opens with its mark
 * ("DRILL: …"), which the drill- prefix already says.
 */
export function channelWords(channelPrefix: string, crisis: Pick<Crisis, 'title' | 'drill'>): { prefix: string; title: string } {
  if (!crisis.drill) return { prefix: channelPrefix, title: crisis.title };
  const colon = crisis.title.indexOf(':');
  return { prefix: DRILL_PREFIX, title: colon >= 0 ? crisis.title.slice(colon + 1) : crisis.title };
}

export const crisisFileStem = (channelPrefix: string, crisis: Pick<Crisis, 'channelName' | 'id'>): string =>
  crisis.channelName ?? `${channelPrefix}-${crisis.id}`;
