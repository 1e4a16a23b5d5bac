import { z } from 'zod';
import { Priority } from '../outbox/priority.js';
import { defineJob, type JobContext, type PostingContext } from './context.js';

/** The hand-off's job use this much of the jobs' context. */
type HandoffContext = PostingContext & Pick<JobContext, 'facts' | 'plan' | 'clock'>;

// Customer service: the alert, posted in the plan's customer_service_channel with who handed
// it over; the triage message then links to it.

const handoffPayload = z.object({ alertId: z.number().int(), by: z.string() });
const key = ({ payload }: { payload: z.infer<typeof handoffPayload> }) => `handoff:${payload.alertId}`;

export const handToCustomerService = defineJob({
  kind: 'hand_to_customer_service',
  payload: handoffPayload,
  priority: Priority.crisis,
  key,
  tag: key,
  async run(job, ctx: HandoffContext) {
    const alert = await ctx.store.alerts.byId(job.payload.alertId);
    const channel = ctx.plan.customerServiceChannel;
    if (!alert || !channel || alert.handoffLink) return;
    const posted = await ctx.slack.post(job, channel, ctx.views.handoff(alert, job.payload.by));
    const link = (await ctx.slack.client.chat.getPermalink({ channel: posted.channel, message_ts: posted.ts })).permalink;
    return async (tx) => {
      await ctx.facts.handedOver(tx, alert.id, link ?? '', ctx.clock());
    };
  },
});
