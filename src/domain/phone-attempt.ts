/**
 * How a call or a text ended, as people are told it. Only `acknowledged` (the key 1) answers a
 * page: a call picked up by voicemail, hung up, or answered without the key is not an answer.
 */
export const CALL_OUTCOMES = ['acknowledged', 'answered', 'voicemail', 'no_answer', 'busy', 'failed', 'canceled', 'refused'] as const;
export const TEXT_OUTCOMES = ['sent', 'delivered', 'failed', 'refused'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export type TextOutcome = (typeof TEXT_OUTCOMES)[number];
export type PhoneOutcome = CallOutcome | TextOutcome;

/** What decided a call or a text. */
export type PhoneCause = 'timer' | 'dnd' | 'manual';

/** A call or a text about a page (see the phone_attempts table). */
export interface PhoneAttempt {
  readonly id: number;
  readonly crisisId: number;
  readonly pageId: number;
  readonly kind: 'call' | 'text';
  /** 1, 2, … per page and kind. */
  readonly attempt: number;
  readonly cause: PhoneCause;
  readonly requestedBy: string | null;
  readonly number: string;
  readonly decidedAt: number;
  readonly sid: string | null;
  readonly status: string | null;
  readonly answeredBy: string | null;
  readonly endedAt: number | null;
  readonly outcome: string | null;
}
