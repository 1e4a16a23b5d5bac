import { z } from 'zod';
import { noticeSchema, type Notice } from '../domain/notices.js';
import { channelKey } from './channel.js';
import { channelOf, crisisOf } from './context.js';
import { Priority, defineJob } from './spec.js';

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
  async run(job, ctx) {
    const crisis = crisisOf(ctx, job.crisisId);
    const update = ctx.repo.updateById(job.payload.updateId);
    if (!update) return;
    await ctx.slack.post(job, channelOf(crisis), ctx.views.update(update));
  },
});

/**
 * Versions before notices were facts filed their words: those still waiting are read and posted
 * as they are. Services file only facts.
 */
const legacyNotice = z.object({ text: z.string() });
type LegacyNotice = z.infer<typeof legacyNotice>;

export const postNotice = defineJob<Notice | LegacyNotice, Notice>({
  kind: 'post_notice',
  payload: z.union([noticeSchema, legacyNotice]),
  priority: Priority.crisis,
  after: afterChannel,
  lane: channelPostsLane,
  tag: (_target, jobId) => `notice:${jobId}`,
  async run(job, ctx) {
    const crisis = crisisOf(ctx, job.crisisId);
    const notice = job.payload;
    const message = 'kind' in notice ? ctx.views.notice(notice) : ctx.views.legacyNotice(notice.text);
    await ctx.slack.post(job, channelOf(crisis), message);
  },
});
