import { z } from 'zod';
import { crisisFileStem } from '../domain/crisis.js';
import type { Crisis } from '../domain/crisis.js';
import { channelKey } from './channel.js';
import { channelPostsLane } from './channel-posts.js';
import { channelOf, crisisOf, type JobContext, defineJob, type PostingContext } from './context.js';
import { Priority } from '../outbox/priority.js';

/** The debrief's jobs use this much of the jobs' context. */
type DebriefContext = PostingContext & Pick<JobContext, 'plan'>;

// The debrief, as compiled at close: posted and uploaded in the crisis channel, and in the
// plan's debrief channel when it has one ("archive").

const payload = z.object({ target: z.enum(['crisis', 'archive']) });
type Target = z.infer<typeof payload>['target'];
type Filing = { crisisId: number | null; payload: { target: Target } };

const postKey = ({ crisisId, payload }: Filing) => `debrief:${crisisId}:${payload.target}`;
/** In the crisis channel, after everything posted there before the close. */
const lane = ({ crisisId, payload }: Filing) => (payload.target === 'crisis' ? channelPostsLane({ crisisId }) : undefined);

function channelFor(ctx: DebriefContext, crisis: Crisis, target: Target): string {
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
  async run(job, ctx: DebriefContext) {
    const crisis = await crisisOf(ctx, job.crisisId);
    await ctx.slack.post(job, channelFor(ctx, crisis, job.payload.target), ctx.views.debriefMessage(crisis.title, crisis.debrief ?? ''));
  },
});

const fileKey = (crisisId: number | null, target: Target, version = 1) =>
  `debrief-file:${crisisId}:${target}${version > 1 ? `:v${version}` : ''}`;
/** What the crisis's files are named after: its channel, or the prefix and its id. */
export const fileStem = (ctx: Pick<JobContext, 'plan'>, crisis: Crisis) => crisisFileStem(ctx.plan.channelPrefix, crisis);
const fileName = (ctx: DebriefContext, crisis: Crisis, version = 1) =>
  `debrief-${fileStem(ctx, crisis)}${version > 1 ? `-v${version}` : ''}.md`;

export const uploadDebrief = defineJob({
  kind: 'upload_debrief',
  payload,
  priority: Priority.bulk,
  key: ({ crisisId, payload }) => fileKey(crisisId, payload.target),
  after: postKey,
  lane,
  async run(job, ctx: DebriefContext) {
    const crisis = await crisisOf(ctx, job.crisisId);
    const channel = channelFor(ctx, crisis, job.payload.target);
    const filename = fileName(ctx, crisis);
    if (await ctx.slack.fileShared(job, channel, filename)) return;
    await ctx.slack.shareFile({ channel, filename, title: ctx.views.debriefFileTitle(crisis.title), content: crisis.debrief ?? '' });
  },
});

const versionPayload = z.object({ target: z.enum(['crisis', 'archive']), version: z.number().int().min(2) });

/** A later version of the debrief, shared where the first was, after it, saying why. */
export const uploadDebriefVersion = defineJob({
  kind: 'upload_debrief_version',
  payload: versionPayload,
  priority: Priority.bulk,
  key: ({ crisisId, payload }) => fileKey(crisisId, payload.target, payload.version),
  after: ({ crisisId, payload }) => fileKey(crisisId, payload.target, payload.version - 1),
  lane: ({ crisisId, payload }) => lane({ crisisId, payload }),
  async run(job, ctx: DebriefContext) {
    const crisis = await crisisOf(ctx, job.crisisId);
    const version = await ctx.store.debriefs.get(crisis.id, job.payload.version);
    if (!version) throw new Error(`debrief version ${job.payload.version} of crisis ${crisis.id} not found`);
    const channel = channelFor(ctx, crisis, job.payload.target);
    const filename = fileName(ctx, crisis, version.version);
    if (await ctx.slack.fileShared(job, channel, filename)) return;
    await ctx.slack.shareFile({
      channel,
      filename,
      title: ctx.views.debriefFileTitle(crisis.title),
      content: version.text,
      initialComment: ctx.views.debriefRevised(version),
    });
  },
});
