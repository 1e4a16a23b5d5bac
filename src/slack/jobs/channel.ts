import { channelName } from '../../domain/text.js';
import { Job, lane, type InvitePayload } from '../../services/jobs.js';
import type { JobHandler } from '../../services/outbox-worker.js';
import { slackError } from '../errors.js';
import { renderSummary, renderTopic } from '../views/summary.js';
import { channelOf, crisisOf, type JobContext } from './context.js';
import { postOnce } from './post-once.js';

const MAX_NAME_ATTEMPTS = 20;

/**
 * A taken name may be our own channel: created by an attempt that crashed (or timed out) before
 * it was recorded. Adopt it rather than open a `-2` twin: the bot made it, for this crisis's
 * time, and no other crisis holds it.
 */
async function findOwnChannel(ctx: JobContext, name: string, openedAt: number): Promise<string | undefined> {
  let cursor: string | undefined;
  do {
    const page = await ctx.client.conversations.list({ exclude_archived: true, types: 'public_channel', limit: 1000, ...(cursor ? { cursor } : {}) });
    const found = page.channels?.find((ch) => ch.name === name);
    if (found) {
      const ours = found.creator === ctx.botUserId && (found.created ?? 0) >= Math.floor(openedAt / 1000) - 60;
      return ours && found.id && !ctx.repo.byChannel(found.id) ? found.id : undefined;
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return undefined;
}

export function channelJobs(ctx: JobContext): Record<string, JobHandler> {
  const { client, plan, repo, outbox } = ctx;
  return {
    [Job.createChannel]: async (job) => {
      const crisis = crisisOf(ctx, job.crisisId);
      if (crisis.channelId) return;
      for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
        const name = channelName(plan.channelPrefix, new Date(crisis.openedAt), crisis.title, attempt);
        let channelId: string | undefined;
        try {
          channelId = (await client.conversations.create({ name })).channel!.id!;
        } catch (error) {
          if (slackError(error) !== 'name_taken') throw error;
          channelId = await findOwnChannel(ctx, name, crisis.openedAt);
        }
        if (channelId) {
          const id = channelId;
          return (tx) => {
            repo.setChannel(tx, crisis.id, id, name);
            repo.addEvent(tx, crisis.id, ctx.clock(), 'channel', null, `Channel #${name} created`);
            // Pages that went out before the channel existed get its link now.
            for (const page of repo.pagesOf(crisis.id, tx)) {
              if (page.dmTs && !page.dmHasLink) {
                outbox.enqueue({ crisisId: crisis.id, kind: Job.refreshPage, lane: lane.page(page.id), payload: { pageId: page.id }, runAt: ctx.clock() }, tx);
              }
            }
          };
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

    [Job.refreshSummary]: async (job) => {
      const crisis = crisisOf(ctx, job.crisisId);
      const [summary] = repo.messagesOf(crisis.id, 'summary');
      if (!summary) return; // not posted yet: the post renders the latest state
      await client.chat.update({ channel: summary.channel, ts: summary.ts, ...renderSummary(plan, crisis) });
    },

    [Job.postSummary]: async (job) => {
      const crisis = crisisOf(ctx, job.crisisId);
      if (repo.messagesOf(crisis.id, 'summary').length) return;
      const channel = channelOf(crisis);
      const res = await postOnce(ctx, job, channel, renderSummary(plan, crisis), `summary:${crisis.id}`);
      return (tx) => repo.setMessage(tx, { crisisId: crisis.id, kind: 'summary', part: 0, channel, ts: res.ts });
    },
  };
}
