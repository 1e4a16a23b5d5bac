/** The internal Q&A, lessons and follow-up actions: what staff say, and what the team learns. */

export interface QaEntry {
  readonly id: number;
  readonly crisisId: number;
  readonly question: string;
  readonly answer: string;
  readonly addedBy: string;
  readonly addedAt: number;
}

/** `plan_change`: a lesson that changes the crisis plan (`/crisis lesson plan: …`). */
export type LessonKind = 'lesson' | 'plan_change' | 'went_well' | 'improve';

export interface Lesson {
  readonly id: number;
  readonly crisisId: number;
  readonly kind: LessonKind;
  readonly text: string;
  readonly by: string;
  readonly at: number;
}

export interface FollowUp {
  readonly id: number;
  readonly crisisId: number;
  readonly ownerId: string;
  readonly text: string;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly doneBy: string | null;
  readonly doneAt: number | null;
  readonly channel: string | null;
  readonly ts: string | null;
  /** The day it is due (YYYY-MM-DD, in the plan's time zone), when given. */
  readonly dueOn: string | null;
}

/** An action's owner is reminded this often until it is done. */
export const ACTION_REMINDER_MS = 7 * 24 * 3600_000;

/** An action due on a day is reminded that morning, at this hour where the team works. */
export const DUE_DAY_HOUR = 9;

/** `question | answer`: both needed, split at the first bar. */
export function parseQa(text: string): { question: string; answer: string } | undefined {
  const at = text.indexOf('|');
  if (at < 0) return undefined;
  const question = text.slice(0, at).trim();
  const answer = text.slice(at + 1).trim();
  return question && answer ? { question, answer } : undefined;
}
