import { z } from 'zod';
import { noticeSchema } from '../domain/notices.js';
import { postOnce } from '../slack/post-once.js';
import { renderLegacyNotice, renderNotice, renderUpdate } from '../slack/views/notices.js';
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
    await postOnce(ctx, job, channelOf(crisis), renderUpdate(ctx.view, update));
  },
});

/** Versions before notices were facts filed their words: those still waiting are posted as they are. */
const legacyNotice = z.object({ text: z.string() });

export const postNotice = defineJob({
  kind: 'post_notice',
  payload: z.union([noticeSchema, legacyNotice]),
  priority: Priority.crisis,
  after: afterChannel,
  lane: channelPostsLane,
  tag: (_target, jobId) => `notice:${jobId}`,
  async run(job, ctx) {
    const crisis = crisisOf(ctx, job.crisisId);
    const notice = job.payload;
    const message = 'kind' in notice ? renderNotice(ctx.view, notice) : renderLegacyNotice(notice.text);
    await postOnce(ctx, job, channelOf(crisis), message);
  },
});
