import { z } from 'zod';
import { Priority } from '../outbox/priority.js';
import { defineJob, type JobContext } from './context.js';

/**
 * Deadlines are jobs with a run time, filed in the transaction that started them. They call no
 * Slack method: their decision runs in the transaction that completes the job, so it is taken
 * once, and whatever it owes (pages, notices) is filed with it.
 */

/** The deadline of a crisis's stage: one per stage, so a restart or a race cannot start two. */
export const deadlineKey = (crisisId: number | null, stage: number) => `deadline:${crisisId}:${stage}`;

/** Nobody in `stage` has acknowledged by now: the next stage is paged (see Deadlines). */
export const escalationDeadline = defineJob({
  kind: 'escalation_deadline',
  payload: z.object({ stage: z.number().int() }),
  priority: Priority.urgent,
  deadline: true,
  key: ({ crisisId, payload }) => deadlineKey(crisisId, payload.stage),
  run: (job, ctx: Pick<JobContext, 'deadlines'>) => async (tx) => {
    await ctx.deadlines.escalation(tx, job.crisisId!, job.payload.stage);
  },
});

/** A status update is due: a reminder if none came, and the next check. */
export const updateCadence = defineJob({
  kind: 'update_cadence',
  payload: z.object({}),
  priority: Priority.crisis,
  deadline: true,
  key: ({ crisisId, runAt }) => `cadence:${crisisId}:${runAt}`,
  run: (job, ctx: Pick<JobContext, 'deadlines'>) => async (tx) => {
    await ctx.deadlines.statusUpdate(tx, job.crisisId!);
  },
});

/** A checklist item's due time: a reminder if it is not done. */
export const itemDue = defineJob({
  kind: 'item_due',
  payload: z.object({ itemId: z.number().int() }),
  priority: Priority.crisis,
  deadline: true,
  key: ({ payload }) => `due:${payload.itemId}`,
  run: (job, ctx: Pick<JobContext, 'deadlines'>) => async (tx) => {
    await ctx.deadlines.item(tx, job.payload.itemId);
  },
});
