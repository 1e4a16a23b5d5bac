import { z } from 'zod';
import { defineJob, type JobContext, type PostingContext } from './context.js';
import { Priority } from '../outbox/priority.js';

// The plan's review: its owner is asked, every review_every, to confirm the roster and contacts.

const duePayload = z.object({ at: z.number().int() });
const dueKey = ({ payload }: { payload: z.infer<typeof duePayload> }) => `plan-review-due:${payload.at}`;

/** The review is due: unless the owner confirmed since, they are asked (and asked again a week on). */
export const planReviewDue = defineJob({
  kind: 'plan_review_due',
  payload: duePayload,
  priority: Priority.routine,
  deadline: true,
  key: dueKey,
  run: (job, ctx: Pick<JobContext, 'deadlines' | 'clock'>) => async (tx) => {
    await ctx.deadlines.planReview(tx, job.payload.at, ctx.clock());
  },
});

const askPayload = z.object({ user: z.string(), at: z.number().int() });
const askKey = ({ payload }: { payload: z.infer<typeof askPayload> }) => `plan-review:${payload.at}:${payload.user}`;

/** To one of the plan's owners: the roster and contacts as the plan has them, with Confirmed. */
export const askPlanReview = defineJob({
  kind: 'ask_plan_review',
  payload: askPayload,
  priority: Priority.routine,
  key: askKey,
  tag: askKey,
  async run(job, ctx: PostingContext) {
    await ctx.slack.post(job, job.payload.user, ctx.views.planReview(await ctx.store.plan.lastConfirmed(), job.payload.at));
  },
});
