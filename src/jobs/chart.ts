import { z } from 'zod';
import { BASELINE_WINDOW } from '../domain/signals.js';
import { LEAD_IN_MS, chartData, chartStart } from '../domain/chart.js';
import { channelPostsLane } from './channel-posts.js';
import { channelOf, crisisOf, defineJob, type JobContext, type PostingContext } from './context.js';
import { fileStem } from './debrief.js';
import { Priority } from '../outbox/priority.js';

/** The chart's job use this much of the jobs' context. */
type ChartContext = PostingContext & Pick<JobContext, 'plan' | 'clock' | 'withChart'>;

// The chart of the online conversation with the crisis's milestones: on `/crisis chart`, and
// beside the debrief file in the crisis channel and the debrief channel. Drawn by a short-lived
// process into a temporary file (see chart/render) and streamed to Slack from there (see
// slack/upload-file), uploaded once across a crash like the debrief file.

const payload = z.object({ target: z.enum(['crisis', 'archive']), debrief: z.boolean(), at: z.number().int() });
type Filing = { crisisId: number | null; payload: z.infer<typeof payload> };

const key = ({ crisisId, payload }: Filing) =>
  payload.debrief ? `debrief-chart:${crisisId}:${payload.target}` : `chart:${crisisId}:${payload.at}`;

export const uploadChart = defineJob({
  kind: 'upload_chart',
  payload,
  priority: Priority.bulk,
  key,
  // Beside the debrief file, after it; a chart on request in its turn among the channel's posts.
  after: ({ crisisId, payload }: Filing) => (payload.debrief ? `debrief-file:${crisisId}:${payload.target}` : undefined),
  lane: ({ crisisId, payload }: Filing) => (payload.target === 'crisis' ? channelPostsLane({ crisisId }) : undefined),
  async run(job, ctx: ChartContext) {
    const crisis = await crisisOf(ctx, job.crisisId);
    const channel = job.payload.target === 'crisis' ? channelOf(crisis) : ctx.plan.debriefChannel;
    if (!channel) return;
    const filename = `chart-${fileStem(ctx, crisis)}${job.payload.debrief ? '' : `-${job.payload.at}`}.png`;
    if (await ctx.slack.fileShared(job, channel, filename)) return;
    const snap = (await ctx.store.snapshot(crisis.id))!;
    const now = ctx.clock();
    const readings = await ctx.store.alerts.readingsForChart(
      chartStart(snap) - LEAD_IN_MS,
      crisis.closedAt ?? now,
      crisis.openedAt,
      BASELINE_WINDOW,
    );
    const title = ctx.views.chartTitle(crisis.title);
    await ctx.withChart(ctx.views.chartSpec(crisis, chartData(snap, readings, now)), (file) =>
      ctx.slack.shareFile({ channel, file, filename, title }),
    );
  },
});
