import { z } from 'zod';
import { Priority } from '../outbox/priority.js';
import { defineJob, type JobContext } from './context.js';

const stepPayload = z.object({ index: z.number().int().min(0) });

/** A step of a drill's script is due: the world plays it (see DrillService.onStep). */
export const drillStep = defineJob({
  kind: 'drill_step',
  payload: stepPayload,
  priority: Priority.crisis,
  deadline: true,
  key: ({ crisisId, payload }) => `drill-step:${crisisId}:${payload.index}`,
  run: (job, ctx: Pick<JobContext, 'deadlines' | 'clock'>) => async (tx) => {
    await ctx.deadlines.drillStep(tx, job.crisisId!, job.payload.index, ctx.clock());
  },
});
