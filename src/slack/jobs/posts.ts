import { Job, type DebriefPayload, type UpdatePayload } from '../../services/jobs.js';
import type { JobHandler } from '../../services/outbox-worker.js';
import { slackError } from '../errors.js';
import { renderDebriefMessage } from '../views/debrief.js';
import { esc, mention, slackTime } from '../views/format.js';
import { channelOf, crisisOf, type JobContext } from './context.js';
import type { CrisisRow } from '../../store/schema.js';

export function postJobs(ctx: JobContext): Record<string, JobHandler> {
  const { client, plan, repo } = ctx;

  const target = (crisis: CrisisRow, where: DebriefPayload['target']) =>
    where === 'crisis' ? channelOf(crisis) : plan.debriefChannel!;

  /** The bot can join a public archive channel itself instead of failing the debrief. */
  async function post(channel: string, message: { text: string; blocks: any[] }) {
    try {
      return await client.chat.postMessage({ channel, ...message });
    } catch (error) {
      if (slackError(error) !== 'not_in_channel') throw error;
      await client.conversations.join({ channel });
      return client.chat.postMessage({ channel, ...message });
    }
  }

  return {
    [Job.postUpdate]: async (job, { updateId }: UpdatePayload) => {
      const crisis = crisisOf(ctx, job.crisisId);
      const update = repo.updateById(updateId);
      if (!update) return;
      const text = `📣 *Status update* from ${mention(update.authorId)} ${slackTime(update.postedAt)}\n${esc(update.text)}`;
      await client.chat.postMessage({
        channel: channelOf(crisis),
        text: `Status update: ${update.text}`.slice(0, 3000),
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
      });
    },

    [Job.postDebrief]: async (job, { target: where }: DebriefPayload) => {
      const crisis = crisisOf(ctx, job.crisisId);
      await post(target(crisis, where), renderDebriefMessage(crisis.title, crisis.debrief ?? ''));
    },

    [Job.uploadDebrief]: async (job, { target: where }: DebriefPayload) => {
      const crisis = crisisOf(ctx, job.crisisId);
      const name = crisis.channelName ?? `${plan.channelPrefix}-${crisis.id}`;
      await client.files.uploadV2({
        channel_id: target(crisis, where),
        filename: `debrief-${name}.md`,
        title: `Debrief: ${crisis.title}`,
        content: crisis.debrief ?? '',
      });
    },
  };
}
