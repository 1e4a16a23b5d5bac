import { Job, type AlertPayload } from '../../services/jobs.js';
import type { JobHandler } from '../../services/outbox-worker.js';
import type { AlertRepo } from '../../store/alert-repo.js';
import { renderTriage } from '../views/triage.js';
import type { JobContext } from './context.js';
import { postOnce } from './post-once.js';

/** The alerts channel's messages: posted once, then kept up to date in place. */
export function alertJobs(ctx: JobContext, alerts: AlertRepo): Record<string, JobHandler> {
  const { client, plan, repo } = ctx;
  const view = (alertId: number) => {
    const alert = alerts.byId(alertId);
    if (!alert) throw new Error(`alert ${alertId} not found`);
    return { alert, message: renderTriage(alert, alert.crisisId ? repo.byId(alert.crisisId) : undefined) };
  };
  return {
    [Job.postTriage]: async (job, { alertId }: AlertPayload) => {
      const { alert, message } = view(alertId);
      if (alert.ts) return;
      const channel = plan.alerts?.channel;
      if (!channel) throw new Error('the plan has no alerts.channel');
      const posted = await postOnce(ctx, job, channel, message, `triage:${alert.id}`);
      return (tx) => alerts.setMessage(tx, alert.id, posted.channel, posted.ts);
    },
    [Job.refreshTriage]: async (_job, { alertId }: AlertPayload) => {
      const { alert, message } = view(alertId);
      if (!alert.channel || !alert.ts) return; // not posted yet: the post renders the latest state
      await client.chat.update({ channel: alert.channel, ts: alert.ts, ...message });
    },
  };
}
