import { Job, type DebriefPayload, type NoticePayload, type UpdatePayload } from '../../services/jobs.js';
import type { JobHandler } from '../../services/outbox-worker.js';
import { slackError } from '../errors.js';
import { renderDebriefMessage } from '../views/debrief.js';
import { clip, esc, mention, slackTime } from '../views/format.js';
import { channelOf, crisisOf, type JobContext } from './context.js';
import type { CrisisRow, OutboxRow } from '../../store/schema.js';
import type { KnownBlock } from '@slack/types';
import { fileShared, postOnce } from './post-once.js';

export function postJobs(ctx: JobContext): Record<string, JobHandler> {
  const { client, plan, repo } = ctx;

  const target = (crisis: CrisisRow, where: DebriefPayload['target']) =>
    where === 'crisis' ? channelOf(crisis) : plan.debriefChannel!;

  /** The bot can join a public archive channel itself instead of failing the debrief. */
  async function post(job: OutboxRow, channel: string, message: { text: string; blocks: KnownBlock[] }, tag: string) {
    try {
      return await postOnce(ctx, job, channel, message, tag);
    } catch (error) {
      if (slackError(error) !== 'not_in_channel') throw error;
      await client.conversations.join({ channel });
      return postOnce(ctx, job, channel, message, tag);
    }
  }

  return {
    [Job.postUpdate]: async (job, { updateId }: UpdatePayload) => {
      const crisis = crisisOf(ctx, job.crisisId);
      const update = repo.updateById(updateId);
      if (!update) return;
      const text = `📣 *Status update* from ${mention(update.authorId)} ${slackTime(update.postedAt)}\n${esc(update.text)}`;
      const message = { text: clip(`Status update: ${esc(update.text)}`), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clip(text) } } as KnownBlock] };
      await postOnce(ctx, job, channelOf(crisis), message, `update:${update.id}`);
    },

    [Job.postNotice]: async (job, { text }: NoticePayload) => {
      const crisis = crisisOf(ctx, job.crisisId);
      const message = { text: clip(text), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clip(text) } } as KnownBlock] };
      await postOnce(ctx, job, channelOf(crisis), message, `notice:${job.id}`);
    },

    [Job.postDebrief]: async (job, { target: where }: DebriefPayload) => {
      const crisis = crisisOf(ctx, job.crisisId);
      await post(job, target(crisis, where), renderDebriefMessage(crisis.title, crisis.debrief ?? ''), `debrief:${crisis.id}:${where}`);
    },

    [Job.uploadDebrief]: async (job, { target: where }: DebriefPayload) => {
      const crisis = crisisOf(ctx, job.crisisId);
      const name = crisis.channelName ?? `${plan.channelPrefix}-${crisis.id}`;
      const channel = target(crisis, where);
      const filename = `debrief-${name}.md`;
      if (await fileShared(ctx, job, channel, filename)) return;
      await client.files.uploadV2({
        channel_id: channel,
        filename,
        title: `Debrief: ${crisis.title}`,
        content: crisis.debrief ?? '',
      });
    },
  };
}
