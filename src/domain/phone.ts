import type { Plan } from '../config/plan.js';
import type { Page } from './crisis.js';
import { stageAcknowledged } from './escalation.js';
import type { CallOutcome, PhoneAttempt, TextOutcome } from './phone-attempt.js';

export type { PhoneAttempt, PhoneCause, CallOutcome, TextOutcome } from './phone-attempt.js';
export { CALL_OUTCOMES, TEXT_OUTCOMES } from './phone-attempt.js';

/** Twilio's call statuses after which nothing more happens on the call. */
const FINAL_CALL = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);
/** Message statuses that end a text (Twilio's `delivered`, `undelivered`, `failed`; `sent` where no receipt comes). */
const FINAL_TEXT = new Set(['delivered', 'undelivered', 'failed']);

export const isFinalCallStatus = (status: string): boolean => FINAL_CALL.has(status);
export const isFinalTextStatus = (status: string): boolean => FINAL_TEXT.has(status);

/**
 * How a call that ended with `status` came out. A completed call is an answer only with the key
 * 1 (recorded before, as `acknowledged`); answered by a machine, it is voicemail.
 */
export function callOutcome(status: string, answeredBy: string | null): CallOutcome {
  switch (status) {
    case 'busy':
      return 'busy';
    case 'no-answer':
      return 'no_answer';
    case 'failed':
      return 'failed';
    case 'canceled':
      return 'canceled';
    default:
      return answeredBy !== null && /^(machine|fax)/.test(answeredBy) ? 'voicemail' : 'answered';
  }
}

export function textOutcome(status: string): TextOutcome {
  return status === 'delivered' ? 'delivered' : status === 'sent' ? 'sent' : 'failed';
}

/** Whether a page still wants its person reached: not answered, the crisis open, and nobody of its stage answered. */
export function stillUnanswered(plan: Plan, page: Page, pages: readonly Page[], crisisOpen: boolean): boolean {
  return crisisOpen && page.ackedAt === null && !stageAcknowledged(plan, pages, page.stage);
}

/** What follows a call that ended unanswered: a text after the first, and another call while the plan allows one. */
export function afterUnansweredCall(
  plan: Plan,
  attempts: readonly PhoneAttempt[],
  now: number,
): { text: boolean; nextCall: { attempt: number; at: number } | undefined } {
  const calls = attempts.filter((a) => a.kind === 'call');
  const text = !attempts.some((a) => a.kind === 'text');
  const next = Math.max(0, ...calls.map((c) => c.attempt)) + 1;
  const nextCall = calls.length < plan.phone.calls ? { attempt: next, at: now + plan.phone.callAgainAfterMs } : undefined;
  return { text, nextCall };
}

/** The language a call speaks, as Twilio's `<Say>` names it. */
export const SAY_LANGUAGE = { en: 'en-GB', sv: 'sv-SE', pl: 'pl-PL' } as const;
/** A voice of that language (Amazon Polly's, through Twilio): Twilio's basic voices speak neither Swedish nor Polish. */
export const SAY_VOICE = { en: 'Polly.Amy', sv: 'Polly.Astrid', pl: 'Polly.Ewa' } as const;
