import { channelName } from '../../domain/text.js';
import { Job, lane, type InvitePayload } from '../../services/jobs.js';
import type { JobHandler } from '../../services/outbox-worker.js';
import { slackError } from '../errors.js';
import { renderSummary, renderTopic } from '../views/summary.js';
import { channelOf, crisisOf, type JobContext } from './context.js';

const MAX_NAME_ATTEMPTS = 20;

export function channelJobs(ctx: JobContext): Record<string, JobHandler> {
  const { client, plan, repo, outbox } = ctx;
  return {
    [Job.createChannel]: async (job) => {
      const crisis = crisisOf(ctx, job.crisisId);
      if (crisis.channelId) return;
      for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
        const name = channelName(plan.channelPrefix, new Date(crisis.openedAt), crisis.title, attempt);
        try {
          const res = await client.conversations.create({ name });
          const channelId = res.channel!.id!;
          return (tx) => {
            repo.setChannel(tx, crisis.id, channelId, name);
            repo.addEvent(tx, crisis.id, ctx.clock(), 'channel', null, `Channel #${name} created`);
            // Pages that went out before the channel existed get its link now.
            for (const page of repo.pagesOf(crisis.id, tx)) {
              if (page.dmTs && !page.dmHasLink) {
                outbox.enqueue({ crisisId: crisis.id, kind: Job.refreshPage, lane: lane.page(page.id), payload: { pageId: page.id }, runAt: ctx.clock() }, tx);
              }
            }
          };
        } catch (error) {
          if (slackError(error) !== 'name_taken') throw error;
        }
      }
      throw new Error(`no free channel name after ${MAX_NAME_ATTEMPTS} attempts`);
    },

    [Job.setTopic]: async (job) => {
      const crisis = crisisOf(ctx, job.crisisId);
      await client.conversations.setTopic({ channel: channelOf(crisis), topic: renderTopic(crisis) });
    },

    [Job.invite]: async (job, payload: InvitePayload) => {
      const crisis = crisisOf(ctx, job.crisisId);
      const channel = channelOf(crisis);
      const users = payload.users.filter((u) => u !== ctx.botUserId);
      if (users.length === 0) return;
      try {
        await client.conversations.invite({ channel, users: users.join(',') });
        return;
      } catch (error) {
        const code = slackError(error);
        if (code === undefined) throw error; // transient: the worker retries the whole job
        if (code === 'already_in_channel' && users.length === 1) return;
      }
      // One bad id fails the whole batch: invite one by one so everyone else still gets in.
      const refused: string[] = [];
      for (const user of users) {
        try {
          await client.conversations.invite({ channel, users: user });
        } catch (error) {
          const code = slackError(error);
          if (code === undefined) throw error;
          if (code !== 'already_in_channel') refused.push(`${user} (${code})`);
        }
      }
      if (refused.length) {
        return (tx) => repo.addEvent(tx, crisis.id, ctx.clock(), 'invite_failed', null, `Could not invite ${refused.join(', ')}`);
      }
    },

    [Job.postSummary]: async (job) => {
      const crisis = crisisOf(ctx, job.crisisId);
      if (repo.messagesOf(crisis.id, 'summary').length) return;
      const channel = channelOf(crisis);
      const res = await client.chat.postMessage({ channel, ...renderSummary(plan, crisis) });
      return (tx) => repo.setMessage(tx, { crisisId: crisis.id, kind: 'summary', part: 0, channel, ts: res.ts! });
    },
  };
}
