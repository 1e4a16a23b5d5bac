import { z } from 'zod';
import { channelKey } from './channel.js';
import { crisisOf, defineJob, type JobContext, type PostingContext } from './context.js';
import { Priority } from '../outbox/priority.js';
import type { Crisis, Page } from '../domain/crisis.js';
import { firstResponseAt } from '../domain/escalation.js';

/** The pages' jobs use this much of the jobs' context. */
type PageContext = PostingContext & Pick<JobContext, 'facts' | 'clock'>;

const pagePayload = z.object({ pageId: z.number().int() });

/**
 * When the crisis's first statement went out, for a page sent after the crisis's first ones (the
 * ones that show it, see renderPage); the first pages, the most urgent, read nothing more.
 */
async function firstResponded(ctx: PostingContext, crisis: Crisis, page: Page): Promise<number | undefined> {
  if (page.pagedAt <= crisis.openedAt) return undefined;
  return firstResponseAt(await ctx.store.checklist.of(crisis.id), await ctx.store.statements.publicationsOf(crisis.id));
}
const pageLane = ({ payload }: { payload: { pageId: number } }) => `page:${payload.pageId}`;

/** The page: the most urgent thing the bot does, never given up while Slack is merely unwell. */
export const sendPage = defineJob({
  kind: 'send_page',
  payload: pagePayload,
  priority: Priority.urgent,
  retry: 'until-done',
  key: ({ payload }) => `page:${payload.pageId}`,
  lane: pageLane,
  tag: ({ payload }) => `page:${payload.pageId}`,
  async run(job, ctx: PageContext) {
    const page = await ctx.store.pages.byId(job.payload.pageId);
    if (!page || page.dmTs) return;
    const crisis = await crisisOf(ctx, page.crisisId);
    // Posting to a user id lands in the bot's DM with them: one round trip, not two.
    const res = await ctx.slack.post(job, page.userId, ctx.views.page(crisis, page, await firstResponded(ctx, crisis, page)));
    return async (tx) => {
      await ctx.facts.pageDelivered(tx, page.id, res.channel, res.ts, crisis.channelId !== null);
    };
  },
});

/** The page again, in place: with the channel's link once it exists, and with the acknowledgement. */
export const refreshPage = defineJob({
  kind: 'refresh_page',
  payload: pagePayload,
  priority: Priority.crisis,
  coalesce: true,
  deferrable: true,
  lane: pageLane,
  async run(job, ctx: PageContext) {
    const page = await ctx.store.pages.byId(job.payload.pageId);
    if (!page?.dmTs || !page.dmChannel) return; // not sent yet: the send renders the latest state
    const crisis = await crisisOf(ctx, page.crisisId);
    await ctx.slack.client.chat.update({
      channel: page.dmChannel,
      ts: page.dmTs,
      ...ctx.views.page(crisis, page, await firstResponded(ctx, crisis, page)),
    });
    return async (tx) => {
      await ctx.facts.pageDelivered(tx, page.id, page.dmChannel!, page.dmTs!, crisis.channelId !== null);
    };
  },
});

const informPayload = z.object({ informId: z.number().int() });

/** For your information: someone told of the crisis, with its channel, no acknowledgement asked. */
export const sendInform = defineJob({
  kind: 'send_inform',
  payload: informPayload,
  priority: Priority.crisis,
  retry: 'until-done',
  key: ({ payload }) => `inform:${payload.informId}`,
  // The point of the message is the channel's link: it waits for the channel.
  after: ({ crisisId }) => channelKey(crisisId),
  tag: ({ payload }) => `inform:${payload.informId}`,
  async run(job, ctx: PageContext) {
    const inform = await ctx.store.pages.informById(job.payload.informId);
    if (!inform || inform.dmTs) return;
    const crisis = await crisisOf(ctx, inform.crisisId);
    const res = await ctx.slack.post(job, inform.userId, ctx.views.inform(crisis, inform));
    return async (tx) => {
      await ctx.store.pages.markInformSent(tx, inform.id, res.channel, res.ts);
    };
  },
});

/** One more DM for a page still unanswered when its stage's time ran out; the escalation goes on. */
export const chasePage = defineJob({
  kind: 'chase_page',
  payload: pagePayload,
  priority: Priority.urgent,
  key: ({ payload }) => `chase:${payload.pageId}`,
  lane: pageLane,
  tag: ({ payload }) => `chase:${payload.pageId}`,
  async run(job, ctx: PageContext) {
    const page = await ctx.store.pages.byId(job.payload.pageId);
    if (!page || page.ackedAt !== null) return;
    const crisis = await crisisOf(ctx, page.crisisId);
    if (crisis.state !== 'open') return;
    await ctx.slack.post(job, page.userId, ctx.views.chase(crisis, page, ctx.clock()));
  },
});
