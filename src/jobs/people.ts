import { z } from 'zod';
import { Priority } from '../outbox/priority.js';
import { defineJob, type JobContext } from './context.js';

/** Learning a name use this much of the jobs' context. */
type PeopleContext = Pick<JobContext, 'slack' | 'store' | 'clock'>;

/**
 * The name Slack shows for someone outside the plan's roster who acted in a crisis, for the
 * debrief and the timeline: requests carry only the username ("olle"), people read the display
 * name ("Olle Svensson"). Asked once per person; a roster member is named as the plan names them.
 */
export const learnName = defineJob({
  kind: 'learn_name',
  payload: z.object({ userId: z.string() }),
  priority: Priority.bulk,
  key: ({ payload }) => `person:${payload.userId}`,
  async run(job, ctx: PeopleContext) {
    const res = await ctx.slack.client.users.info({ user: job.payload.userId });
    const profile = res.user?.profile;
    const name = profile?.display_name || profile?.real_name || res.user?.real_name || res.user?.name;
    if (name)
      return async (tx) => {
        await ctx.store.people.learnName(tx, job.payload.userId, name, ctx.clock());
      };
  },
});
