import { z } from 'zod';
import { planAccount } from '../domain/freeze.js';
import { channelOf, crisisOf, defineJob, type JobContext, type PostingContext } from './context.js';
import { Priority } from '../outbox/priority.js';

/** The freeze's jobs use this much of the jobs' context. */
type FreezeContext = PostingContext & Pick<JobContext, 'facts' | 'plan' | 'clock'>;

// The publishing freeze: the owners' DMs, the board in the crisis channel, the reminder.

const none = z.object({});
const boardKey = (crisisId: number | null) => `freeze-board:${crisisId}`;
const boardLane = ({ crisisId }: { crisisId: number | null }) => `freeze-board:${crisisId}`;

const askPayload = z.object({ freezeId: z.number().int(), user: z.string(), reminder: z.boolean() });
const askKey = ({ payload }: { payload: z.infer<typeof askPayload> }) =>
  `freeze:${payload.freezeId}:${payload.user}:${payload.reminder ? 'again' : 'first'}`;

/** "Pause scheduled posts on Instagram @example", with Paused: to each owner, once, and once more as the reminder. */
export const askFreeze = defineJob({
  kind: 'ask_freeze',
  payload: askPayload,
  priority: Priority.urgent,
  retry: 'until-done',
  key: askKey,
  tag: askKey,
  async run(job, ctx: FreezeContext) {
    const freeze = await ctx.store.freezes.byId(job.payload.freezeId);
    if (!freeze || (job.payload.reminder && freeze.frozenAt !== null)) return;
    const crisis = await crisisOf(ctx, freeze.crisisId);
    if (crisis.state !== 'open') return;
    const viaScheduler = planAccount(ctx.plan, freeze)?.scheduler !== undefined;
    const posted = await ctx.slack.post(
      job,
      job.payload.user,
      ctx.views.freezeRequest(crisis, freeze, job.payload.reminder, ctx.clock(), viaScheduler),
    );
    // The first request may go out before the channel exists: kept, it gets the link later.
    if (job.payload.reminder) return;
    return async (tx) => {
      await ctx.facts.freezeAsked(tx, freeze.id, job.payload.user, posted.channel, posted.ts, crisis.channelId !== null);
    };
  },
});

const requestPayload = z.object({ freezeId: z.number().int(), user: z.string() });

/** An owner's request DM again, in place: with the channel's link once it exists, and who paused. */
export const refreshFreezeRequest = defineJob({
  kind: 'refresh_freeze_request',
  payload: requestPayload,
  // The link is a convenience: the request and its Paused work without it, so it waits its turn.
  priority: Priority.routine,
  coalesce: true,
  lane: ({ payload }) => `freeze:${payload.freezeId}:${payload.user}`,
  async run(job, ctx: FreezeContext) {
    const request = await ctx.store.freezes.request(job.payload.freezeId, job.payload.user);
    const freeze = await ctx.store.freezes.byId(job.payload.freezeId);
    if (!request || !freeze) return;
    const crisis = await crisisOf(ctx, freeze.crisisId);
    const viaScheduler = planAccount(ctx.plan, freeze)?.scheduler !== undefined;
    await ctx.slack.client.chat.update({
      channel: request.dmChannel,
      ts: request.dmTs,
      ...ctx.views.freezeRequest(crisis, freeze, false, ctx.clock(), viaScheduler),
    });
    return async (tx) => {
      await ctx.facts.freezeAsked(tx, freeze.id, request.userId, request.dmChannel, request.dmTs, crisis.channelId !== null);
    };
  },
});

/** Every account's state, in the crisis channel, kept up to date. */
export const postFreezeBoard = defineJob({
  kind: 'post_freeze_board',
  payload: none,
  priority: Priority.crisis,
  key: ({ crisisId }) => boardKey(crisisId),
  // Below the summary and the checklist, which people look for first.
  after: ({ crisisId }) => `checklist:${crisisId}`,
  lane: boardLane,
  tag: ({ crisisId }) => boardKey(crisisId),
  async run(job, ctx: FreezeContext) {
    const crisis = await crisisOf(ctx, job.crisisId);
    if ((await ctx.store.messages.of(crisis.id, 'freeze')).length) return;
    const channel = channelOf(crisis);
    const [freezes, held] = await Promise.all([ctx.store.freezes.of(crisis.id), ctx.store.held.ofCrisis(crisis.id)]);
    const posted = await ctx.slack.post(job, channel, ctx.views.freezeBoard(crisis, freezes, held));
    return async (tx) => {
      await ctx.facts.messagePosted(tx, { crisisId: crisis.id, kind: 'freeze', part: 0, channel, ts: posted.ts });
    };
  },
});

export const refreshFreezeBoard = defineJob({
  kind: 'refresh_freeze_board',
  payload: none,
  priority: Priority.crisis,
  coalesce: true,
  lane: boardLane,
  async run(job, ctx: FreezeContext) {
    const crisis = await crisisOf(ctx, job.crisisId);
    const [board] = await ctx.store.messages.of(crisis.id, 'freeze');
    if (!board) return; // not posted yet: the post shows the latest
    const [freezes, held] = await Promise.all([ctx.store.freezes.of(crisis.id), ctx.store.held.ofCrisis(crisis.id)]);
    await ctx.slack.client.chat.update({ channel: board.channel, ts: board.ts, ...ctx.views.freezeBoard(crisis, freezes, held) });
  },
});

/** Ten minutes after opening: who has not paused is asked again. */
export const freezeDue = defineJob({
  kind: 'freeze_due',
  payload: none,
  priority: Priority.crisis,
  deadline: true,
  key: ({ crisisId }) => `freeze-due:${crisisId}`,
  run: (job, ctx: Pick<JobContext, 'deadlines'>) => async (tx) => {
    await ctx.deadlines.freeze(tx, job.crisisId!);
  },
});

const resumePayload = z.object({ freezeId: z.number().int(), user: z.string() });
const resumeKey = ({ payload }: { payload: z.infer<typeof resumePayload> }) => `resume:${payload.freezeId}:${payload.user}`;

/** At close: the owners may resume scheduled posts. */
export const tellResume = defineJob({
  kind: 'tell_resume',
  payload: resumePayload,
  priority: Priority.routine,
  key: resumeKey,
  tag: resumeKey,
  async run(job, ctx: FreezeContext) {
    const freeze = await ctx.store.freezes.byId(job.payload.freezeId);
    if (!freeze) return;
    const [crisis, held] = await Promise.all([crisisOf(ctx, freeze.crisisId), ctx.store.held.ofFreeze(freeze.id)]);
    await ctx.slack.post(job, job.payload.user, ctx.views.freezeResume(crisis, freeze, held));
  },
});
