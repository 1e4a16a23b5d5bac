import { z } from 'zod';
import { itemVersion } from '../domain/responses.js';
import { channelKey } from './channel.js';
import { channelOf, crisisOf, type JobContext, defineJob, type PostingContext } from './context.js';
import { Priority } from '../outbox/priority.js';

/** The response queue's jobs use this much of the jobs' context. */
type ResponseContext = PostingContext & Pick<JobContext, 'clock'>;
type ItemContext = ResponseContext & Pick<JobContext, 'plan' | 'facts'>;

// The response queue: a board in the crisis channel kept up to date in place, one message per post
// in its thread (or in the plan's response_queue.channel), kept up to date; one digest of the posts
// nobody answered; the DMs that page the stage about one post.

const none = z.object({}).strict();
const boardKey = (crisisId: number | null) => `queue-board:${crisisId}`;
const boardLane = ({ crisisId }: { crisisId: number | null }) => boardKey(crisisId);

async function boardView(ctx: ResponseContext & Pick<JobContext, 'plan'>, crisisId: number | null) {
  const crisis = await crisisOf(ctx, crisisId);
  const items = await ctx.store.responses.of(crisis.id);
  return { crisis, message: ctx.views.queueBoard(crisis, items, ctx.plan.responseQueueChannel, ctx.clock()) };
}

/** The board: what the queue holds, posted once with the first post. */
export const postQueueBoard = defineJob({
  kind: 'post_queue_board',
  payload: none,
  priority: Priority.crisis,
  key: ({ crisisId }) => boardKey(crisisId),
  after: ({ crisisId }) => channelKey(crisisId),
  lane: boardLane,
  tag: ({ crisisId }) => boardKey(crisisId),
  async run(job, ctx: ResponseContext & Pick<JobContext, 'plan' | 'facts'>) {
    const { crisis, message } = await boardView(ctx, job.crisisId);
    if ((await ctx.store.messages.of(crisis.id, 'queue')).length) return;
    const channel = channelOf(crisis);
    const posted = await ctx.slack.post(job, channel, message);
    return async (tx) => {
      await ctx.facts.messagePosted(tx, { crisisId: crisis.id, kind: 'queue', part: 0, channel, ts: posted.ts });
    };
  },
});

export const refreshQueueBoard = defineJob({
  kind: 'refresh_queue_board',
  payload: none,
  priority: Priority.crisis,
  coalesce: true,
  lane: boardLane,
  async run(job, ctx: ResponseContext & Pick<JobContext, 'plan'>) {
    const { crisis, message } = await boardView(ctx, job.crisisId);
    const [board] = await ctx.store.messages.of(crisis.id, 'queue');
    if (!board) return; // not posted yet: the post shows the latest
    await ctx.slack.client.chat.update({ channel: board.channel, ts: board.ts, ...message });
  },
});

const itemPayload = z.object({ responseId: z.number().int() });
const itemKey = ({ payload }: { payload: { responseId: number } }) => `response:${payload.responseId}`;

async function itemView(ctx: ResponseContext, responseId: number) {
  const item = await ctx.store.responses.byId(responseId);
  if (!item) throw new Error(`response ${responseId} not found`);
  const crisis = await crisisOf(ctx, item.crisisId);
  const evidence = (await ctx.store.responses.evidenceOf(crisis.id)).filter((e) => e.responseId === item.id);
  return { item, crisis, message: ctx.views.response(crisis, item, evidence) };
}

/**
 * One post of the queue. Routine, and one crisis's posts one at a time: 500 posts from a listening
 * tool take the channel's turn (about one message a second) only between the crisis's own
 * messages, which go first, instead of queueing those behind 500 posts (bench/queue.ts).
 */
export const postResponse = defineJob({
  kind: 'post_response',
  payload: itemPayload,
  priority: Priority.routine,
  key: itemKey,
  after: ({ crisisId }) => boardKey(crisisId),
  lane: ({ crisisId }) => `queue:${crisisId}`,
  tag: itemKey,
  async run(job, ctx: ItemContext) {
    const { item, crisis, message } = await itemView(ctx, job.payload.responseId);
    if (item.ts) return;
    const [board] = await ctx.store.messages.of(crisis.id, 'queue');
    const elsewhere = ctx.plan.responseQueueChannel;
    const posted = await ctx.slack.post(job, elsewhere ?? channelOf(crisis), {
      ...message,
      ...(elsewhere || !board ? {} : { threadTs: board.ts }),
    });
    // A claim or an answer while it was being posted found no message to update: the fact says
    // what was shown, and a later state is shown again.
    return async (tx) => {
      await ctx.facts.responsePosted(tx, item.id, posted.channel, posted.ts, itemVersion(item));
    };
  },
});

export const refreshResponse = defineJob({
  kind: 'refresh_response',
  payload: itemPayload,
  priority: Priority.crisis,
  coalesce: true,
  lane: itemKey,
  async run(job, ctx: ResponseContext) {
    const { item, message } = await itemView(ctx, job.payload.responseId);
    if (!item.channel || !item.ts) return; // not posted yet: the post shows the latest
    await ctx.slack.client.chat.update({ channel: item.channel, ts: item.ts, ...message });
  },
});

/** Filed before one digest: kept for jobs a version before it left pending. */
export const responseDue = defineJob({
  kind: 'response_due',
  payload: itemPayload,
  priority: Priority.crisis,
  deadline: true,
  key: ({ payload }) => `response-due:${payload.responseId}`,
  run: (job, ctx: Pick<JobContext, 'deadlines'>) => async (tx) => {
    await ctx.deadlines.response(tx, job.payload.responseId);
  },
});

const remindKey = ({ payload }: { payload: { responseId: number } }) => `response-reminder:${payload.responseId}`;

/** Filed before one digest: kept for jobs a version before it left pending. */

export const remindResponse = defineJob({
  kind: 'remind_response',
  payload: itemPayload,
  priority: Priority.crisis,
  key: remindKey,
  tag: remindKey,
  async run(job, ctx: ResponseContext) {
    const item = await ctx.store.responses.byId(job.payload.responseId);
    if (!item || item.state !== 'open') return;
    const crisis = await crisisOf(ctx, item.crisisId);
    await ctx.slack.post(job, channelOf(crisis), ctx.views.responseReminder(item, ctx.clock()));
  },
});

const escalatePayload = z.object({ responseId: z.number().int(), user: z.string(), at: z.number().int() });
const escalateKey = ({ payload }: { payload: z.infer<typeof escalatePayload> }) =>
  `response-escalate:${payload.responseId}:${payload.user}:${payload.at}`;

/** "Escalate": the current stage's members are paged about this one post. */
export const escalateResponse = defineJob({
  kind: 'escalate_response',
  payload: escalatePayload,
  priority: Priority.urgent,
  retry: 'until-done',
  key: escalateKey,
  tag: escalateKey,
  async run(job, ctx: ResponseContext) {
    const item = await ctx.store.responses.byId(job.payload.responseId);
    if (!item) return;
    await ctx.slack.post(job, job.payload.user, ctx.views.responseEscalation(await crisisOf(ctx, item.crisisId), item));
  },
});

const duePayload = z.object({ slot: z.number().int() });

/**
 * The plan's `response_queue.remind_after` after posts were added: those still open are named in
 * one digest. Posts added close together share one (a slot of a quarter of remind_after).
 */
export const queueDue = defineJob({
  kind: 'queue_due',
  payload: duePayload,
  priority: Priority.crisis,
  deadline: true,
  key: ({ crisisId, payload }) => `queue-due:${crisisId}:${payload.slot}`,
  run: (job, ctx: Pick<JobContext, 'deadlines'>) => async (tx) => {
    await ctx.deadlines.queue(tx, job.crisisId!);
  },
});

const digestPayload = z.object({ responseIds: z.array(z.number().int()).min(1), at: z.number().int() });

/** One message for every post the digest names, in the crisis channel. */
export const remindQueue = defineJob({
  kind: 'remind_queue',
  payload: digestPayload,
  priority: Priority.crisis,
  key: ({ crisisId, payload }) => `queue-reminder:${crisisId}:${payload.at}`,
  tag: ({ crisisId, payload }) => `queue-reminder:${crisisId}:${payload.at}`,
  async run(job, ctx: ResponseContext & Pick<JobContext, 'plan'>) {
    const crisis = await crisisOf(ctx, job.crisisId);
    const named = new Set(job.payload.responseIds);
    const items = (await ctx.store.responses.of(crisis.id)).filter((i) => named.has(i.id) && i.state === 'open');
    if (items.length === 0) return;
    const [board] = await ctx.store.messages.of(crisis.id, 'queue');
    await ctx.slack.post(job, channelOf(crisis), ctx.views.queueReminder(crisis, items, board, ctx.clock()));
  },
});
