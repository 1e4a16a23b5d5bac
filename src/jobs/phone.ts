import { z } from 'zod';
import { Priority } from '../outbox/priority.js';
import { crisisOf, defineJob, type JobContext } from './context.js';
import { PhoneError, type Phone, type Placed } from './ports/phone.js';
import { stillUnanswered, type PhoneAttempt } from '../domain/phone.js';
import type { RunningJob } from '../outbox/define-job.js';
import type { Finalize } from '../outbox/worker.js';

/**
 * Calls and texts to people's phones about their pages. What to call and when is decided in a
 * transaction (services/phone-service), recorded as a phone_attempts row and filed here; these
 * jobs only place it with Twilio and hand back what Twilio said, so a crash between the decision
 * and Twilio's answer neither loses the call nor places it twice (the retry looks it up first).
 */

type PhoneContext = Pick<JobContext, 'store' | 'phone' | 'phoneFacts' | 'views' | 'slack' | 'deadlines' | 'clock' | 'plan'>;

const attemptPayload = z.object({ attemptId: z.number().int() });

/** The time a stage's phone_after (or the wait before calling again) runs out: a call, if still unanswered. */
export const phoneDue = defineJob({
  kind: 'phone_due',
  payload: z.object({ pageId: z.number().int(), attempt: z.number().int() }),
  priority: Priority.urgent,
  deadline: true,
  key: ({ payload }) => `phone:${payload.pageId}:${payload.attempt}`,
  run: (job, ctx: Pick<JobContext, 'deadlines'>) => async (tx) => {
    await ctx.deadlines.phone(tx, job.payload.pageId, job.payload.attempt);
  },
});

/** Whether Slack holds the page back (Do Not Disturb, a snooze): then the call goes at once. */
export const checkDnd = defineJob({
  kind: 'check_dnd',
  payload: z.object({ pageId: z.number().int() }),
  priority: Priority.urgent,
  key: ({ payload }) => `dnd:${payload.pageId}`,
  async run(job, ctx: PhoneContext) {
    const page = await ctx.store.pages.byId(job.payload.pageId);
    if (!page || page.ackedAt !== null) return;
    const dnd = await ctx.slack.client.dnd.info({ user: page.userId });
    if (!pausedNow(dnd, ctx.clock())) return;
    return async (tx) => {
      await ctx.phoneFacts.dndPaused(tx, page.id);
    };
  },
});

/** dnd.info: a snooze, or inside the person's Do Not Disturb hours. */
export function pausedNow(
  dnd: { dnd_enabled?: boolean; next_dnd_start_ts?: number; next_dnd_end_ts?: number; snooze_enabled?: boolean; snooze_endtime?: number },
  now: number,
): boolean {
  const s = now / 1000;
  if (dnd.snooze_enabled && (dnd.snooze_endtime === undefined || dnd.snooze_endtime > s)) return true;
  return dnd.dnd_enabled === true && dnd.next_dnd_start_ts !== undefined && dnd.next_dnd_end_ts !== undefined
    ? dnd.next_dnd_start_ts <= s && s < dnd.next_dnd_end_ts
    : false;
}

/**
 * One number's calls and texts are placed one at a time, in the order decided: a retry after a
 * crash looks for what its first try placed among the number's recent calls, which only works
 * if no other attempt to that number (another crisis paging the same person) is being placed
 * alongside it.
 */
const numberLane = ({ payload }: { payload: { number: string } }) => `phone:${payload.number}`;
const placingPayload = z.object({ attemptId: z.number().int(), number: z.string() });

/** Rings the person; Twilio then asks the bot what to say (twilio/routes). */
export const placeCall = defineJob({
  kind: 'place_call',
  payload: placingPayload,
  priority: Priority.urgent,
  retry: 'until-done',
  key: ({ payload }) => `call:${payload.attemptId}`,
  lane: numberLane,
  run: (job, ctx: PhoneContext) =>
    place(
      job,
      ctx,
      (phone, a) => phone.findCall(a.number, a.decidedAt, (sids) => ctx.store.phone.knownSids(sids)),
      (phone, a) => phone.call(a.id, a.number),
    ),
});

/** The text after the first unanswered call: the crisis, its severity, the channel's link, and "reply 1". */
export const sendText = defineJob({
  kind: 'send_text',
  payload: placingPayload,
  priority: Priority.urgent,
  retry: 'until-done',
  key: ({ payload }) => `text:${payload.attemptId}`,
  lane: numberLane,
  async run(job, ctx: PhoneContext) {
    const attempt = await ctx.store.phone.byId(job.payload.attemptId);
    const body = attempt ? ctx.views.phoneText(await crisisOf(ctx, attempt.crisisId)) : '';
    return place(
      job,
      ctx,
      (phone, a) => phone.findText(a.number, a.decidedAt, body, (sids) => ctx.store.phone.knownSids(sids)),
      (phone, a) => phone.text(a.id, a.number, body),
    );
  },
});

/**
 * Places a call or a text decided before, unless it is no longer wanted: the person or anyone
 * of their stage answered meanwhile, the crisis closed, or no Twilio account is configured now.
 * A retry (an earlier try may have reached Twilio) adopts what that try placed (`find`) before
 * placing anew.
 */
async function place(
  job: RunningJob<{ attemptId: number }>,
  ctx: PhoneContext,
  find: (phone: Phone, attempt: PhoneAttempt) => Promise<Placed | undefined>,
  create: (phone: Phone, attempt: PhoneAttempt) => Promise<Placed>,
): Promise<Finalize> {
  const attempt = await ctx.store.phone.byId(job.payload.attemptId);
  if (!attempt || attempt.sid !== null || attempt.outcome !== null) return;
  const page = (await ctx.store.pages.byId(attempt.pageId))!;
  const crisis = await crisisOf(ctx, attempt.crisisId);
  const phone = ctx.phone;
  const wanted = stillUnanswered(ctx.plan, page, await ctx.store.pages.of(page.crisisId), crisis.state === 'open');
  if (!wanted || !phone) return (tx) => ctx.phoneFacts.notPlaced(tx, attempt.id, phone ? 'answered' : 'no_account');
  try {
    const placed = (job.attempts > 0 ? await find(phone, attempt) : undefined) ?? (await create(phone, attempt));
    return (tx) => ctx.phoneFacts.placed(tx, attempt.id, placed);
  } catch (error) {
    if (error instanceof PhoneError && !error.transient) return (tx) => ctx.phoneFacts.refused(tx, attempt.id, error.shown);
    throw error;
  }
}

/**
 * Twilio's word that a call ended reaches the bot as a callback; one sent while every instance
 * was down is lost, and with it the next call and the text. A while after the call was placed,
 * the call is looked up: over, it is recorded as the callback would have; still going, it is
 * looked at again later (a retry).
 */
export const checkCall = defineJob({
  kind: 'check_call',
  payload: attemptPayload,
  priority: Priority.urgent,
  retry: 'until-done',
  key: ({ payload }) => `check-call:${payload.attemptId}`,
  // Waits for its time: not a delivery owed while it waits (`/crisis status`'s backlog).
  deadline: true,
  async run(job, ctx: PhoneContext) {
    const attempt = await ctx.store.phone.byId(job.payload.attemptId);
    if (!attempt?.sid || attempt.outcome !== null || !ctx.phone) return;
    try {
      const ended = await ctx.phone.callEnded(attempt.sid);
      return (tx) => ctx.phoneFacts.callOver(tx, attempt.id, ended.status, ended.answeredBy ?? null);
    } catch (error) {
      // Twilio will never say (the call is unknown to it, the account refused): it did not reach them.
      if (error instanceof PhoneError && !error.transient) return (tx) => ctx.phoneFacts.callOver(tx, attempt.id, 'failed', null);
      throw error;
    }
  },
});
