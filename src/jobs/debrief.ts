import { z } from 'zod';
import type { Crisis } from '../domain/crisis.js';
import { channelKey } from './channel.js';
import { channelPostsLane } from './channel-posts.js';
import { channelOf, crisisOf, type JobContext } from './context.js';
import { Priority, defineJob } from './spec.js';

// The debrief, as compiled at close: posted and uploaded in the crisis channel, and in the
// plan's debrief channel when it has one ("archive").

const payload = z.object({ target: z.enum(['crisis', 'archive']) });
type Target = z.infer<typeof payload>['target'];
type Filing = { crisisId: number | null; payload: { target: Target } };

const postKey = ({ crisisId, payload }: Filing) => `debrief:${crisisId}:${payload.target}`;
/** In the crisis channel, after everything posted there before the close. */
const lane = ({ crisisId, payload }: Filing) => (payload.target === 'crisis' ? channelPostsLane({ crisisId }) : undefined);

function channelFor(ctx: JobContext, crisis: Crisis, target: Target): string {
  if (target === 'crisis') return channelOf(crisis);
  if (!ctx.plan.debriefChannel) throw new Error('the plan has no debrief_channel');
  return ctx.plan.debriefChannel;
}

export const postDebrief = defineJob({
  kind: 'post_debrief',
  payload,
  priority: Priority.bulk,
  key: postKey,
  after: ({ crisisId, payload }) => (payload.target === 'crisis' ? channelKey(crisisId) : undefined),
  lane,
  tag: postKey,
  async run(job, ctx) {
    const crisis = crisisOf(ctx, job.crisisId);
    await ctx.slack.post(job, channelFor(ctx, crisis, job.payload.target), ctx.views.debriefMessage(crisis.title, crisis.debrief ?? ''));
  },
});

export const uploadDebrief = defineJob({
  kind: 'upload_debrief',
  payload,
  priority: Priority.bulk,
  key: ({ crisisId, payload }) => `debrief-file:${crisisId}:${payload.target}`,
  after: postKey,
  lane,
  async run(job, ctx) {
    const crisis = crisisOf(ctx, job.crisisId);
    const name = crisis.channelName ?? `${ctx.plan.channelPrefix}-${crisis.id}`;
    const channel = channelFor(ctx, crisis, job.payload.target);
    const filename = `debrief-${name}.md`;
    if (await ctx.slack.fileShared(job, channel, filename)) return;
    await ctx.slack.client.files.uploadV2({
      channel_id: channel,
      filename,
      title: ctx.views.debriefFileTitle(crisis.title),
      content: crisis.debrief ?? '',
    });
  },
});
