import { z } from 'zod';
import { channelKey } from './channel.js';
import { channelOf, crisisOf, type JobContext, defineJob, type PostingContext } from './context.js';
import { Priority } from '../outbox/priority.js';

/** The response queue's jobs use this much of the jobs' context. */
type ResponseContext = PostingContext & Pick<JobContext, 'clock'>;

// The response queue: one message per post in the crisis channel, kept up to date; the reminder
// of an item nobody handled; the DMs that page the stage about one post.

const itemPayload = z.object({ responseId: z.number().int() });
const itemKey = ({ payload }: { payload: { responseId: number } }) => `response:${payload.responseId}`;

async function itemView(ctx: ResponseContext, responseId: number) {
  const item = await ctx.store.responses.byId(responseId);
  if (!item) throw new Error(`response ${responseId} not found`);
  const crisis = await crisisOf(ctx, item.crisisId);
  const evidence = (await ctx.store.responses.evidenceOf(crisis.id)).filter((e) => e.responseId === item.id);
  return { item, crisis, message: ctx.views.response(crisis, item, evidence) };
}

export const postResponse = defineJob({
  kind: 'post_response',
  payload: itemPayload,
  priority: Priority.crisis,
  key: itemKey,
  after: ({ crisisId }) => channelKey(crisisId),
  lane: itemKey,
  tag: itemKey,
  async run(job, ctx: ResponseContext) {
    const { item, crisis, message } = await itemView(ctx, job.payload.responseId);
    if (item.ts) return;
    const posted = await ctx.slack.post(job, channelOf(crisis), message);
    return async (tx) => {
      await ctx.store.responses.setMessage(tx, item.id, posted.channel, posted.ts);
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

/** The plan's `response_queue.remind_after` after it was added: still open, it is reminded once. */
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
