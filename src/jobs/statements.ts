import { z } from 'zod';
import { channelKey } from './channel.js';
import { channelOf, crisisOf, type JobContext, defineJob, type PostingContext } from './context.js';
import { Priority } from '../outbox/priority.js';
import { textHash } from '../domain/statements.js';
import { SchedulerError } from './ports/scheduler.js';

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

/** What sending an approved statement through the scheduler uses. */
type SendContext = Pick<JobContext, 'store' | 'scheduler' | 'publishFacts' | 'clock'>;

/** `at`: when it was asked for; a send refused and asked for again is a new job. */
const sendPayload = z.object({ sendId: z.number().int(), at: z.number().int() });
const checkPayload = z.object({ sendId: z.number().int(), round: z.number().int().min(1) });
/** How many times a sent statement waiting in the scheduler is looked at again (every `hootsuite_recheck`). */
const SEND_CHECK_ROUNDS = 288;

/** A refusal that asking again will not change (a 4xx other than 429): recorded, not retried. */
const refused = (error: unknown): error is SchedulerError =>
  error instanceof SchedulerError && !error.transient && error.status !== undefined;

/**
 * Publish: an approved statement to one account, through the scheduler. The text is checked
 * against its approval once more just before it goes. The scheduler takes no idempotency key, so
 * a retry (the answer of an earlier attempt may have been lost, or the bot killed between
 * sending and recording) first looks for a message with exactly this text on the profile, in
 * any state, and adopts it: the statement goes out once.
 */
export const publishStatement = defineJob({
  kind: 'publish_statement',
  payload: sendPayload,
  priority: Priority.urgent,
  retry: 'until-done',
  key: ({ payload }) => `publish:${payload.sendId}:${payload.at}`,
  lane: ({ payload }) => `publish:${payload.sendId}`,
  async run(job, ctx: SendContext) {
    const send = await ctx.store.statements.sendById(job.payload.sendId);
    if (send?.state !== 'sending') return;
    const version = await ctx.store.statements.versionById(send.versionId);
    if (!version) throw new Error(`statement version ${send.versionId} not found`);
    if (!ctx.scheduler) throw new Error('no Hootsuite client: neither HOOTSUITE_ACCESS_TOKEN nor the OAuth app is set');
    if (version.approvedHash === null || textHash(version.text) !== version.approvedHash)
      return async (tx) => {
        await ctx.publishFacts.sendFailed(tx, send.id, 'text_changed', ctx.clock());
      };
    try {
      const earlier =
        job.attempts > 0
          ? await ctx.scheduler.findByText(send.profileId, version.text, send.requestedAt - 60_000, ctx.clock() + 60_000)
          : undefined;
      const made = earlier ?? (await ctx.scheduler.publishNow(send.profileId, version.text));
      // Read back: sent at once, with its link, or waiting for approval there.
      const now = made.state === 'SENT' && made.url ? made : await ctx.scheduler.message(made.id);
      return async (tx) => {
        await ctx.publishFacts.sendMade(tx, send.id, { messageId: made.id, state: now.state, url: now.url, round: 0 }, ctx.clock());
      };
    } catch (error) {
      if (!refused(error)) throw error;
      return async (tx) => {
        await ctx.publishFacts.sendFailed(tx, send.id, error.shown, ctx.clock());
      };
    }
  },
});

/** A sent statement waiting for approval in the scheduler: looked at again until it is out (or refused there). */
export const checkStatementSend = defineJob({
  kind: 'check_statement_send',
  payload: checkPayload,
  priority: Priority.routine,
  // It waits for its time: not a backlog meanwhile.
  deadline: true,
  key: ({ payload }) => `check-send:${payload.sendId}:${payload.round}`,
  async run(job, ctx: SendContext) {
    const send = await ctx.store.statements.sendById(job.payload.sendId);
    if (send?.state !== 'waiting' || !send.messageId || !ctx.scheduler) return;
    const now = await ctx.scheduler.message(send.messageId);
    const out = now.state === 'SENT';
    const waits = ['PENDING_APPROVAL', 'SCHEDULED', 'SUBMITTED'].includes(now.state);
    // Waited long enough: it stays "waiting" on the statement, for the team to look at in Hootsuite.
    if (waits && job.payload.round >= SEND_CHECK_ROUNDS) return;
    const made = { messageId: send.messageId, state: now.state, url: now.url, round: job.payload.round };
    return async (tx) => {
      if (out || waits) await ctx.publishFacts.sendMade(tx, send.id, made, ctx.clock());
      else await ctx.publishFacts.sendFailed(tx, send.id, now.state, ctx.clock());
    };
  },
});
