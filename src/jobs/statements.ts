import { z } from 'zod';
import { channelKey } from './channel.js';
import { channelOf, crisisOf, type JobContext, defineJob, type PostingContext } from './context.js';
import { Priority } from '../outbox/priority.js';

/** The statements' jobs use this much of the jobs' context. */
type StatementContext = PostingContext & Pick<JobContext, 'clock'>;

// A statement's message in the crisis channel, and the DMs that ask for its approval.

const statementPayload = z.object({ statementId: z.number().int() });
const statementLane = ({ payload }: { payload: { statementId: number } }) => `statement:${payload.statementId}`;

async function statementView(ctx: StatementContext, statementId: number) {
  const record = await ctx.store.statements.record(statementId);
  if (!record) throw new Error(`statement ${statementId} not found`);
  const crisis = await crisisOf(ctx, record.statement.crisisId);
  return { record, crisis, message: ctx.views.statement(crisis, record) };
}

export const postStatement = defineJob({
  kind: 'post_statement',
  payload: statementPayload,
  priority: Priority.crisis,
  key: ({ payload }) => `statement:${payload.statementId}`,
  after: ({ crisisId }) => channelKey(crisisId),
  lane: statementLane,
  tag: ({ payload }) => `statement:${payload.statementId}`,
  async run(job, ctx: StatementContext) {
    const { record, crisis, message } = await statementView(ctx, job.payload.statementId);
    if (record.statement.ts) return;
    const channel = channelOf(crisis);
    const posted = await ctx.slack.post(job, channel, message);
    return async (tx) => {
      await ctx.store.statements.setMessage(tx, record.statement.id, posted.channel, posted.ts);
    };
  },
});

/** A new version, a decision, a publication: shown in place. */
export const refreshStatement = defineJob({
  kind: 'refresh_statement',
  payload: statementPayload,
  priority: Priority.crisis,
  coalesce: true,
  lane: statementLane,
  async run(job, ctx: StatementContext) {
    const { record, message } = await statementView(ctx, job.payload.statementId);
    if (!record.statement.channel || !record.statement.ts) return; // not posted yet: the post shows the latest
    await ctx.slack.client.chat.update({ channel: record.statement.channel, ts: record.statement.ts, ...message });
  },
});

const askPayload = z.object({ versionId: z.number().int(), user: z.string(), reminder: z.boolean() });
const askKey = ({ payload }: { payload: z.infer<typeof askPayload> }) =>
  `approve:${payload.versionId}:${payload.user}:${payload.reminder ? 'again' : 'first'}`;

/** An approver gets the draft by DM, with the buttons; once, and once more as the reminder. */
export const askApproval = defineJob({
  kind: 'ask_approval',
  payload: askPayload,
  priority: Priority.crisis,
  key: askKey,
  // The DM links the draft's message in the channel.
  after: ({ crisisId }) => channelKey(crisisId),
  tag: askKey,
  async run(job, ctx: StatementContext) {
    const version = await ctx.store.statements.versionById(job.payload.versionId);
    const record = version && (await ctx.store.statements.record(version.statementId));
    if (!version || !record) return;
    // Decided or replaced meanwhile: nothing to ask.
    if (record.versions.at(-1)!.id !== version.id || version.approvedAt !== null || version.changesAt !== null) return;
    const crisis = await crisisOf(ctx, record.statement.crisisId);
    if (crisis.state !== 'open') return;
    await ctx.slack.post(job, job.payload.user, ctx.views.approvalRequest(crisis, record, job.payload.reminder, ctx.clock()));
  },
});

/** Nobody approved within the reminder time: the approvers are asked once more. */
export const approvalDue = defineJob({
  kind: 'approval_due',
  payload: z.object({ versionId: z.number().int() }),
  priority: Priority.crisis,
  deadline: true,
  key: ({ payload }) => `approval-due:${payload.versionId}`,
  run: (job, ctx: Pick<JobContext, 'deadlines'>) => async (tx) => {
    await ctx.deadlines.approval(tx, job.payload.versionId);
  },
});

/** Changes were requested: the author hears why. */
export const tellAuthor = defineJob({
  kind: 'tell_author',
  payload: z.object({ versionId: z.number().int() }),
  priority: Priority.crisis,
  key: ({ payload }) => `changes:${payload.versionId}`,
  after: ({ crisisId }) => channelKey(crisisId),
  tag: ({ payload }) => `changes:${payload.versionId}`,
  async run(job, ctx: StatementContext) {
    const version = await ctx.store.statements.versionById(job.payload.versionId);
    const record = version && (await ctx.store.statements.record(version.statementId));
    if (!version || !record || version.changesBy === null) return;
    const crisis = await crisisOf(ctx, record.statement.crisisId);
    await ctx.slack.post(job, version.authorId, ctx.views.changesRequested(crisis, record, version));
  },
});
