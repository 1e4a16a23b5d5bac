import { z } from 'zod';
import { crisisFileStem } from '../domain/crisis.js';
import type { Crisis } from '../domain/crisis.js';
import { channelKey } from './channel.js';
import { channelPostsLane } from './channel-posts.js';
import { channelOf, crisisOf, type JobContext, defineJob, type PostingContext } from './context.js';
import { Priority } from '../outbox/priority.js';
import type { DebriefTarget } from '../store/debrief-repo.js';

/** The debrief's jobs use this much of the jobs' context. */
type DebriefContext = PostingContext & Pick<JobContext, 'plan' | 'facts'>;

// The debrief, as compiled at close: posted and uploaded in the crisis channel, and in the
// plan's debrief channel when it has one ("archive"). Later versions keep that post living:
// it is edited to the new text, and the new file replaces the previous one in its thread.

const payload = z.object({ target: z.enum(['crisis', 'archive']) });
type Target = DebriefTarget;
/** The debrief post's part among the crisis's messages of kind 'debrief': one per target. */
const partOf = (target: Target) => (target === 'crisis' ? 0 : 1);
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
    const posted = await ctx.slack.post(
      job,
      channelFor(ctx, crisis, job.payload.target),
      ctx.views.debriefMessage(crisis.title, crisis.debrief ?? ''),
    );
    return async (tx) => {
      const part = partOf(job.payload.target);
      await ctx.facts.messagePosted(tx, { crisisId: crisis.id, kind: 'debrief', part, channel: posted.channel, ts: posted.ts });
    };
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

/**
 * A later version of the debrief, where the first was. The debrief post is edited to the new
 * text, saying what changed; the new file is shared in the post's thread, saying so too, and
 * the previous version's file there is deleted, so the thread holds one current file and the
 * record of what changed (every version's text stays in the database). A debrief posted before
 * the bot kept its post has nothing to edit: the version is shared in the channel.
 */
export const uploadDebriefVersion = defineJob({
  kind: 'upload_debrief_version',
  payload: versionPayload,
  priority: Priority.bulk,
  key: ({ crisisId, payload }) => fileKey(crisisId, payload.target, payload.version),
  after: ({ crisisId, payload }) => fileKey(crisisId, payload.target, payload.version - 1),
  lane: ({ crisisId, payload }) => lane({ crisisId, payload }),
  async run(job, ctx: DebriefContext) {
    const { target } = job.payload;
    const crisis = await crisisOf(ctx, job.crisisId);
    const version = await ctx.store.debriefs.get(crisis.id, job.payload.version);
    if (!version) throw new Error(`debrief version ${job.payload.version} of crisis ${crisis.id} not found`);
    const post = (await ctx.store.messages.of(crisis.id, 'debrief')).find((m) => m.part === partOf(target));
    if (post)
      await ctx.slack.client.chat.update({
        channel: post.channel,
        ts: post.ts,
        ...ctx.views.debriefMessage(crisis.title, version.text, version),
      });
    const channel = post?.channel ?? channelFor(ctx, crisis, target);
    const filename = fileName(ctx, crisis, version.version);
    const fileId =
      (await ctx.slack.fileShared(job, channel, filename, post?.ts)) ??
      (await ctx.slack.shareFile({
        channel,
        filename,
        title: ctx.views.debriefFileTitle(crisis.title),
        content: version.text,
        initialComment: ctx.views.debriefRevised(version),
        ...(post ? { threadTs: post.ts } : {}),
      }));
    const previous = post && version.version > 2 ? await ctx.store.debriefs.get(crisis.id, version.version - 1) : undefined;
    const replaced = previous?.files?.[target];
    if (replaced) await deleteFile(ctx, replaced);
    return async (tx) => {
      await ctx.facts.debriefFileShared(tx, crisis.id, version.version, target, fileId);
    };
  },
});

/** Deleted already (a retry, or by hand) is as good as deleted now. */
async function deleteFile(ctx: DebriefContext, file: string): Promise<void> {
  try {
    await ctx.slack.client.files.delete({ file });
  } catch (error) {
    if (!['file_deleted', 'file_not_found'].includes(ctx.slack.refusal(error) ?? '')) throw error;
  }
}
