import { Job } from '../../services/jobs.js';
import type { JobHandler } from '../../services/outbox-worker.js';
import { renderChecklist } from '../views/checklist.js';
import type { OutboxRow } from '../../store/schema.js';
import { channelOf, crisisOf, type JobContext } from './context.js';
import { postOnce } from './post-once.js';

/**
 * Posts the checklist, or brings its messages up to date. Both render everything from the
 * database, and both run in the crisis's checklist lane, one at a time.
 */
async function syncChecklist(ctx: JobContext, job: OutboxRow): Promise<void> {
  const { client, repo } = ctx;
  const crisis = crisisOf(ctx, job.crisisId);
  const channel = channelOf(crisis);
  const parts = renderChecklist(crisis.title, repo.itemsOf(crisis.id), crisis.state === 'closed');
  const posted = repo.messagesOf(crisis.id, 'checklist');
  for (const [part, message] of parts.entries()) {
    const existing = posted.find((m) => m.part === part);
    if (existing) {
      await client.chat.update({ channel: existing.channel, ts: existing.ts, ...message });
    } else {
      const res = await postOnce(ctx, job, channel, message, `checklist:${crisis.id}:${part}`);
      // Recorded part by part, so a crash between parts does not post the first one twice.
      repo.transaction((tx) => repo.setMessage(tx, { crisisId: crisis.id, kind: 'checklist', part, channel, ts: res.ts }));
    }
  }
}

export function checklistJobs(ctx: JobContext): Record<string, JobHandler> {
  return {
    [Job.postChecklist]: (job) => syncChecklist(ctx, job),
    [Job.renderChecklist]: (job) => syncChecklist(ctx, job),
  };
}
