import { z } from 'zod';
import { channelOf, crisisOf, type JobContext, defineJob, type PostingContext } from './context.js';
import { Priority } from '../outbox/priority.js';

/** The Q&A's, feedback's and actions' jobs use this much of the jobs' context. */
type LearningContext = PostingContext & Pick<JobContext, 'facts' | 'plan' | 'clock'>;

// The internal Q&A in the staff channel (one message, updated in place, continued in its
// thread), the feedback DMs at close, and follow-up actions with their weekly reminders.

const none = z.object({});
const qaLane = ({ crisisId }: { crisisId: number | null }) => `qa:${crisisId}`;
const qaPostKey = (crisisId: number | null) => `qa-post:${crisisId}`;
const qaTag = ({ crisisId }: { crisisId: number | null }) => `qa:${crisisId}`;

async function qaPages(ctx: LearningContext, crisisId: number | null) {
  const crisis = await crisisOf(ctx, crisisId);
  return { crisis, pages: ctx.views.qaPages(crisis, await ctx.store.learning.qaOf(crisis.id), ctx.clock()) };
}

function staffChannel(ctx: LearningContext): string {
  // Publishing is refused without it, so a job for it means the plan changed since.
  if (!ctx.plan.staffChannel) throw new Error('the plan has no staff_channel');
  return ctx.plan.staffChannel;
}

/** The Q&A's message in the staff channel, posted once; every publish after updates it. */
export const postQa = defineJob({
  kind: 'post_qa',
  payload: none,
  priority: Priority.crisis,
  key: ({ crisisId }) => qaPostKey(crisisId),
  lane: qaLane,
  tag: qaTag,
  async run(job, ctx: LearningContext) {
    const { crisis, pages } = await qaPages(ctx, job.crisisId);
    if ((await ctx.store.messages.of(crisis.id, 'qa')).some((m) => m.part === 0)) return;
    const channel = crisis.drill ? channelOf(crisis) : staffChannel(ctx);
    const posted = await ctx.slack.post(job, channel, pages[0]!, 0);
    return async (tx) => {
      await ctx.facts.messagePosted(tx, { crisisId: crisis.id, kind: 'qa', part: 0, channel: posted.channel, ts: posted.ts });
    };
  },
});

/**
 * A publish: the message (and its thread parts) updated to every entry so far; parts the Q&A
 * has outgrown are posted in the thread, each by its own job so none is posted twice.
 */
export const publishQa = defineJob({
  kind: 'publish_qa',
  payload: none,
  priority: Priority.crisis,
  coalesce: true,
  after: ({ crisisId }) => qaPostKey(crisisId),
  lane: qaLane,
  async run(job, ctx: LearningContext) {
    const { crisis, pages } = await qaPages(ctx, job.crisisId);
    const posted = await ctx.store.messages.of(crisis.id, 'qa');
    for (const message of posted) {
      const page = pages[message.part];
      if (page) await ctx.slack.client.chat.update({ channel: message.channel, ts: message.ts, ...page });
    }
    const missing = pages.map((_, part) => part).filter((part) => part > 0 && !posted.some((m) => m.part === part));
    return async (tx) => {
      await ctx.facts.qaPartsMissing(tx, crisis.id, missing, ctx.clock());
    };
  },
});

const partPayload = z.object({ part: z.number().int().min(1) });

export const postQaPart = defineJob({
  kind: 'post_qa_part',
  payload: partPayload,
  priority: Priority.crisis,
  key: ({ crisisId, payload }) => `qa-part:${crisisId}:${payload.part}`,
  lane: qaLane,
  tag: qaTag,
  async run(job, ctx: LearningContext) {
    const { crisis, pages } = await qaPages(ctx, job.crisisId);
    const posted = await ctx.store.messages.of(crisis.id, 'qa');
    const main = posted.find((m) => m.part === 0);
    const page = pages[job.payload.part];
    if (!main || !page || posted.some((m) => m.part === job.payload.part)) return;
    const reply = await ctx.slack.post(job, main.channel, { ...page, threadTs: main.ts }, job.payload.part);
    return async (tx) => {
      await ctx.facts.messagePosted(tx, { crisisId: crisis.id, kind: 'qa', part: job.payload.part, channel: reply.channel, ts: reply.ts });
    };
  },
});

const feedbackPayload = z.object({ user: z.string() });
const feedbackKey = ({ crisisId, payload }: { crisisId: number | null; payload: { user: string } }) =>
  `feedback:${crisisId}:${payload.user}`;

/** At close, to everyone paged: what went well, what should we improve? */
export const askFeedback = defineJob({
  kind: 'ask_feedback',
  payload: feedbackPayload,
  priority: Priority.routine,
  key: feedbackKey,
  tag: feedbackKey,
  async run(job, ctx: LearningContext) {
    await ctx.slack.post(job, job.payload.user, ctx.views.feedbackRequest(await crisisOf(ctx, job.crisisId)));
  },
});

const actionPayload = z.object({ actionId: z.number().int() });
const actionKey = ({ payload }: { payload: { actionId: number } }) => `action:${payload.actionId}`;

async function actionView(ctx: LearningContext, actionId: number) {
  const action = await ctx.store.learning.action(actionId);
  if (!action) throw new Error(`action ${actionId} not found`);
  return { action, message: ctx.views.action(await crisisOf(ctx, action.crisisId), action) };
}

/** The owner's DM, with Done. */
export const sendAction = defineJob({
  kind: 'send_action',
  payload: actionPayload,
  priority: Priority.crisis,
  key: actionKey,
  lane: actionKey,
  tag: actionKey,
  async run(job, ctx: LearningContext) {
    const { action, message } = await actionView(ctx, job.payload.actionId);
    if (action.ts) return;
    const posted = await ctx.slack.post(job, action.ownerId, message);
    return async (tx) => {
      await ctx.store.learning.setMessage(tx, action.id, posted.channel, posted.ts);
    };
  },
});

export const refreshAction = defineJob({
  kind: 'refresh_action',
  payload: actionPayload,
  priority: Priority.routine,
  coalesce: true,
  lane: actionKey,
  async run(job, ctx: LearningContext) {
    const { action, message } = await actionView(ctx, job.payload.actionId);
    if (!action.channel || !action.ts) return;
    await ctx.slack.client.chat.update({ channel: action.channel, ts: action.ts, ...message });
  },
});

const duePayload = z.object({ actionId: z.number().int(), at: z.number().int() });
const dueKey = ({ payload }: { payload: z.infer<typeof duePayload> }) => `action-due:${payload.actionId}:${payload.at}`;

/** A week after it was created (or last reminded): not done, its owner is reminded. */
export const actionDue = defineJob({
  kind: 'action_due',
  payload: duePayload,
  priority: Priority.routine,
  deadline: true,
  key: dueKey,
  run: (job, ctx: Pick<JobContext, 'deadlines' | 'clock'>) => async (tx) => {
    await ctx.deadlines.action(tx, job.payload.actionId, ctx.clock());
  },
});

const remindKey = ({ payload }: { payload: z.infer<typeof duePayload> }) => `action-reminder:${payload.actionId}:${payload.at}`;

export const remindAction = defineJob({
  kind: 'remind_action',
  payload: duePayload,
  priority: Priority.routine,
  key: remindKey,
  tag: remindKey,
  async run(job, ctx: LearningContext) {
    const action = await ctx.store.learning.action(job.payload.actionId);
    if (!action || action.doneAt !== null) return;
    await ctx.slack.post(job, action.ownerId, ctx.views.actionReminder(await crisisOf(ctx, action.crisisId), action, ctx.clock()));
  },
});
