import type { JobHandler } from '../../services/outbox-worker.js';
import { channelJobs } from './channel.js';
import { checklistJobs } from './checklist.js';
import type { JobContext } from './context.js';
import { pageJobs } from './pages.js';
import { postJobs } from './posts.js';

export type { JobContext } from './context.js';

/** Every outbox job kind and the Slack calls that fulfil it. */
export function slackJobHandlers(ctx: JobContext): Record<string, JobHandler> {
  return { ...channelJobs(ctx), ...pageJobs(ctx), ...checklistJobs(ctx), ...postJobs(ctx) };
}
