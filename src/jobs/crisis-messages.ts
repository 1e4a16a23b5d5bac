import { z } from 'zod';
import type { Crisis } from '../domain/crisis.js';
import { channelKey } from './channel.js';
import { channelOf, crisisOf, type JobContext, defineJob, type PostingContext } from './context.js';
import type { RunningJob } from '../outbox/define-job.js';
import { Priority } from '../outbox/priority.js';

/** The summary's and the checklist's jobs use this much of the jobs' context. */
type CrisisMessageContext = PostingContext & Pick<JobContext, 'facts'>;

// The two messages the bot keeps up to date in a crisis channel: the summary and the checklist.

const none = z.object({});
const summaryKey = (crisisId: number | null) => `summary:${crisisId}`;
const summaryLane = ({ crisisId }: { crisisId: number | null }) => `summary:${crisisId}`;
const checklistLane = ({ crisisId }: { crisisId: number | null }) => `checklist:${crisisId}`;

/** The summary as of now: the crisis with everyone called, and the alert that opened it. */
async function summaryOf(ctx: CrisisMessageContext, crisis: Crisis) {
  const [snap, linked] = await Promise.all([ctx.store.snapshot(crisis.id), ctx.store.alerts.linkedTo(crisis.id)]);
  const alert = linked[0];
  return ctx.views.summary({ snap: snap!, alert });
}

export const postSummary = defineJob({
  kind: 'post_summary',
  payload: none,
  priority: Priority.urgent,
  key: ({ crisisId }) => summaryKey(crisisId),
  after: ({ crisisId }) => channelKey(crisisId),
  lane: summaryLane,
  tag: ({ crisisId }) => `summary:${crisisId}`,
  async run(job, ctx: CrisisMessageContext) {
    const crisis = await crisisOf(ctx, job.crisisId);
    if ((await ctx.store.messages.of(crisis.id, 'summary')).length) return;
    const channel = channelOf(crisis);
    const posted = await ctx.slack.post(job, channel, await summaryOf(ctx, crisis));
    return async (tx) => {
      await ctx.facts.messagePosted(tx, { crisisId: crisis.id, kind: 'summary', part: 0, channel, ts: posted.ts });
    };
  },
});

/**
 * The summary, pinned so it stays at hand however long the channel grows. Its own job, so the
 * checklist (which waits for the summary) does not wait for the pin too. A retry pins again:
 * harmless.
 */
export const pinSummary = defineJob({
  kind: 'pin_summary',
  payload: none,
  priority: Priority.crisis,
  key: ({ crisisId }) => `pin:${crisisId}`,
  after: ({ crisisId }) => summaryKey(crisisId),
  async run(job, ctx: CrisisMessageContext) {
    const [summary] = await ctx.store.messages.of((await crisisOf(ctx, job.crisisId)).id, 'summary');
    if (!summary) return;
    try {
      await ctx.slack.client.pins.add({ channel: summary.channel, timestamp: summary.ts });
    } catch (error) {
      if (ctx.slack.refusal(error) !== 'already_pinned') throw error;
    }
  },
});

/** The summary shows the severity and the stage: re-rendered when they change. */
export const refreshSummary = defineJob({
  kind: 'refresh_summary',
  payload: none,
  priority: Priority.routine,
  coalesce: true,
  lane: summaryLane,
  async run(job, ctx: CrisisMessageContext) {
    const crisis = await crisisOf(ctx, job.crisisId);
    const [summary] = await ctx.store.messages.of(crisis.id, 'summary');
    if (!summary) return; // not posted yet: the post renders the latest state
    await ctx.slack.client.chat.update({ channel: summary.channel, ts: summary.ts, ...(await summaryOf(ctx, crisis)) });
  },
});

/**
 * Posts the checklist, or brings its messages up to date. Both render everything from the
 * database, and both run in the crisis's checklist lane, one at a time.
 */
async function syncChecklist(ctx: CrisisMessageContext, job: RunningJob<unknown>): Promise<void> {
  const { store } = ctx;
  const crisis = await crisisOf(ctx, job.crisisId);
  const channel = channelOf(crisis);
  const [items, posted] = await Promise.all([store.checklist.of(crisis.id), store.messages.of(crisis.id, 'checklist')]);
  const parts = ctx.views.checklist(crisis.title, items, crisis.state === 'closed');
  for (const [part, message] of parts.entries()) {
    const existing = posted.find((m) => m.part === part);
    if (existing) {
      await ctx.slack.client.chat.update({ channel: existing.channel, ts: existing.ts, ...message });
    } else {
      const res = await ctx.slack.post(job, channel, message, part);
      // Recorded part by part, so a crash between parts does not post the first one twice.
      await store.transaction(async (tx) => {
        await ctx.facts.messagePosted(tx, { crisisId: crisis.id, kind: 'checklist', part, channel, ts: res.ts });
      });
    }
  }
}

export const postChecklist = defineJob({
  kind: 'post_checklist',
  payload: none,
  priority: Priority.urgent,
  key: ({ crisisId }) => `checklist:${crisisId}`,
  after: ({ crisisId }) => summaryKey(crisisId),
  lane: checklistLane,
  tag: ({ crisisId }) => `checklist:${crisisId}`,
  run: (job, ctx: CrisisMessageContext) => syncChecklist(ctx, job),
});

/** After ticks (held back while a burst of clicks lasts) and at close, when the buttons go. */
export const refreshChecklist = defineJob({
  kind: 'render_checklist',
  payload: none,
  priority: Priority.routine,
  coalesce: true,
  deferrable: true,
  lane: checklistLane,
  tag: ({ crisisId }) => `checklist:${crisisId}`,
  run: (job, ctx: CrisisMessageContext) => syncChecklist(ctx, job),
});
