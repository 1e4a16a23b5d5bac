import { z } from 'zod';
import { noticeSchema, type Notice } from '../domain/notices.js';
import { channelKey } from './channel.js';
import { channelOf, crisisOf, defineJob, type PostingContext } from './context.js';
import { Priority } from '../outbox/priority.js';

/** Lines in the crisis channel use this much of the jobs' context. */
type ChannelPostContext = PostingContext;

// Lines in the crisis channel, in the order they were decided, once the channel exists.

const afterChannel = ({ crisisId }: { crisisId: number | null }) => channelKey(crisisId);
export const channelPostsLane = ({ crisisId }: { crisisId: number | null }) => `posts:${crisisId}`;

export const postUpdate = defineJob({
  kind: 'post_update',
  payload: z.object({ updateId: z.number().int() }),
  priority: Priority.crisis,
  after: afterChannel,
  lane: channelPostsLane,
  tag: ({ payload }) => `update:${payload.updateId}`,
  async run(job, ctx: ChannelPostContext) {
    const crisis = await crisisOf(ctx, job.crisisId);
    const update = await ctx.store.updates.byId(job.payload.updateId);
    if (!update) return;
    await ctx.slack.post(job, channelOf(crisis), ctx.views.update(update));
  },
});

/** `/crisis status` as someone shared it with the channel. */
export const postShare = defineJob({
  kind: 'post_share',
  payload: z.object({ by: z.string(), text: z.string() }),
  priority: Priority.crisis,
  after: afterChannel,
  lane: channelPostsLane,
  tag: (_target, jobId) => `share:${jobId}`,
  async run(job, ctx: ChannelPostContext) {
    const crisis = await crisisOf(ctx, job.crisisId);
    await ctx.slack.post(job, channelOf(crisis), ctx.views.shared(job.payload.by, job.payload.text));
  },
});

/**
 * Versions before notices were facts filed their words: those still waiting are read and posted
 * as they are. Services file only facts.
 */
const legacyNotice = z.object({ text: z.string() });
type LegacyNotice = z.infer<typeof legacyNotice>;

export const postNotice = defineJob<'post_notice', Notice | LegacyNotice, Notice>({
  kind: 'post_notice',
  payload: z.union([noticeSchema, legacyNotice]),
  priority: Priority.crisis,
  after: afterChannel,
  lane: channelPostsLane,
  tag: (_target, jobId) => `notice:${jobId}`,
  async run(job, ctx: ChannelPostContext) {
    const crisis = await crisisOf(ctx, job.crisisId);
    const notice = job.payload;
    const message = 'kind' in notice ? ctx.views.notice(notice) : ctx.views.legacyNotice(notice.text);
    const channel = channelOf(crisis);
    const named = 'kind' in notice ? reminded(notice) : [];
    const outside = named.length ? await bringIn(ctx, channel, named) : [];
    await ctx.slack.post(job, channel, message);
    // Whoever could not be brought in still gets the reminder, in a DM with the channel's link.
    for (const [i, user] of outside.entries()) await ctx.slack.post(job, user, ctx.views.reminderDm(crisis, notice as Notice), i + 1);
  },
});

/** The people a reminder is for: they must be able to see it. */
function reminded(notice: Notice): string[] {
  if (notice.kind === 'update_overdue') return notice.leads;
  if (notice.kind === 'item_overdue') return notice.owners;
  return [];
}

/**
 * Invites the named people who are not in the channel (a lead who was never paged, an owner
 * who left). Returns those Slack would not let in: they are told by DM.
 */
async function bringIn(ctx: ChannelPostContext, channel: string, users: readonly string[]): Promise<string[]> {
  const res = await ctx.slack.client.conversations.members({ channel, limit: 1000 });
  const inside = new Set(res.members ?? []);
  const outside = [...new Set(users)].filter((u) => !inside.has(u) && u !== ctx.slack.botUserId);
  const refused: string[] = [];
  for (const user of outside) {
    try {
      await ctx.slack.client.conversations.invite({ channel, users: user });
    } catch (error) {
      const code = ctx.slack.refusal(error);
      if (code === undefined) throw error; // transient: the job is retried, invitations and all
      if (code !== 'already_in_channel') refused.push(user);
    }
  }
  return refused;
}
