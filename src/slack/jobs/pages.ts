import { Job, lane, type PagePayload } from '../../services/jobs.js';
import type { JobHandler } from '../../services/outbox-worker.js';
import { renderPage } from '../views/page.js';
import { crisisOf, type JobContext } from './context.js';
import { postOnce } from './post-once.js';

export function pageJobs(ctx: JobContext): Record<string, JobHandler> {
  const { client, plan, repo, outbox } = ctx;
  return {
    [Job.sendPage]: async (job, { pageId }: PagePayload) => {
      const page = repo.pageById(pageId);
      if (!page || page.dmTs) return;
      const crisis = crisisOf(ctx, page.crisisId);
      // Posting to a user id lands in the bot's DM with them: one round trip, not two.
      const res = await postOnce(ctx, job, page.userId, renderPage(plan, crisis, page), `page:${page.id}`);
      return (tx) => {
        const hasLink = crisis.channelId !== null;
        repo.markPageSent(tx, page.id, res.channel, res.ts, hasLink);
        const now = repo.byId(crisis.id, tx)!;
        if (!hasLink && now.channelId) {
          outbox.enqueue({ crisisId: crisis.id, kind: Job.refreshPage, lane: lane.page(page.id), payload: { pageId }, runAt: ctx.clock() }, tx);
        }
      };
    },

    [Job.refreshPage]: async (_job, { pageId }: PagePayload) => {
      const page = repo.pageById(pageId);
      if (!page?.dmTs || !page.dmChannel) return; // not sent yet: the send renders the latest state
      const crisis = crisisOf(ctx, page.crisisId);
      await client.chat.update({ channel: page.dmChannel, ts: page.dmTs, ...renderPage(plan, crisis, page) });
      return (tx) => repo.markPageSent(tx, page.id, page.dmChannel!, page.dmTs!, crisis.channelId !== null);
    },
  };
}
