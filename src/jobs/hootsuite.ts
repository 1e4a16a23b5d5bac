import { z } from 'zod';
import { RESUME_LEAD_MS } from '../domain/held-posts.js';
import { planAccount } from '../domain/freeze.js';
import { Priority } from '../outbox/priority.js';
import { channelOf, crisisOf, defineJob, type JobContext } from './context.js';
import { SchedulerError, type ScheduledPost, type Scheduler } from './ports/scheduler.js';
import type { PostCopy } from '../store/held-post-repo.js';

// The freeze through Hootsuite: list and keep, unschedule, schedule again, and the list of what
// was held back in the crisis channel. One lane per account: its calls to Hootsuite go one at
// a time, and a 429 holds the account's next call until its Retry-After.

const freezePayload = z.object({ freezeId: z.number().int() });
const postPayload = z.object({ heldId: z.number().int(), freezeId: z.number().int() });
const hootsuiteLane = ({ payload }: { payload: { freezeId: number } }) => `hootsuite:${payload.freezeId}`;
const listKey = ({ payload }: { payload: { freezeId: number } }) => `held-list:${payload.freezeId}`;
/** A restore that keeps failing with 5xx is given up after this many tries, and reported with its content. */
const RESTORE_ATTEMPTS = 5;

/** A refusal that asking again will not change (a 4xx other than 429): recorded, not retried. */
const refusal = (error: unknown): error is SchedulerError =>
  error instanceof SchedulerError && !error.transient && error.status !== undefined;

/** What the scheduler's jobs use. */
type HoldContext = Pick<JobContext, 'store' | 'plan' | 'scheduler' | 'schedulerFacts' | 'clock'>;
/** What the list of held posts in the crisis channel uses. */
type ListContext = Pick<JobContext, 'store' | 'slack' | 'views' | 'facts'>;

function schedulerOf(ctx: Pick<JobContext, 'scheduler'>): Scheduler {
  // Start-up refuses a plan naming Hootsuite without a token, so this is a wiring mistake.
  if (!ctx.scheduler) throw new Error('no Hootsuite client: HOOTSUITE_ACCESS_TOKEN is not set');
  return ctx.scheduler;
}

async function heldAccount(ctx: Pick<JobContext, 'store' | 'plan'>, freezeId: number) {
  const freeze = await ctx.store.freezes.byId(freezeId);
  const account = freeze && planAccount(ctx.plan, freeze);
  if (!freeze || !account?.scheduler) throw new Error(`freeze ${freezeId} has no scheduler`);
  return { freeze, profileId: account.scheduler.profileId };
}

/** What is kept of a post the scheduler listed. */
const copyOf = (p: ScheduledPost): PostCopy => ({
  externalId: p.id,
  profileId: p.profileId,
  text: p.text,
  scheduledAt: p.at,
  mediaUrls: p.mediaUrls,
  message: p.message,
  awaitingApproval: p.awaitingApproval,
});

/** Lists what is scheduled for the next four weeks and keeps a copy of each post (nothing is unscheduled yet). */
export const holdPosts = defineJob({
  kind: 'hold_posts',
  payload: freezePayload,
  priority: Priority.urgent,
  retry: 'until-done',
  key: ({ payload }) => `hold:${payload.freezeId}`,
  lane: hootsuiteLane,
  async run(job, ctx: HoldContext) {
    const { freeze, profileId } = await heldAccount(ctx, job.payload.freezeId);
    if (freeze.heldAt !== null) return;
    const now = ctx.clock();
    let list;
    try {
      list = await schedulerOf(ctx).scheduled(profileId, now);
    } catch (error) {
      if (!refusal(error)) throw error;
      return async (tx) => {
        await ctx.schedulerFacts.listRefused(tx, freeze.id, error.shown, ctx.clock());
      };
    }
    const copies = list.posts.map(copyOf);
    return async (tx) => {
      await ctx.schedulerFacts.saved(tx, freeze.id, copies, ctx.clock(), list.unlisted);
    };
  },
});

const lookPayload = z.object({ freezeId: z.number().int(), round: z.number().int().min(1) });

/**
 * While the crisis is open, a held account is listed again every `hootsuite_recheck`: a post
 * scheduled since (by a colleague or an agency who did not get the message), or one that came
 * into the four weeks Hootsuite lets one see, is held back too. Each look files the next one.
 */
export const lookAgain = defineJob({
  kind: 'look_again',
  payload: lookPayload,
  priority: Priority.routine,
  // It waits for its time, as a deadline does: not a backlog meanwhile.
  deadline: true,
  key: ({ payload }) => `look-again:${payload.freezeId}:${payload.round}`,
  // Not in the account's lane: waiting there for its time, it would hold up the lane's calls.
  async run(job, ctx: HoldContext) {
    const { freeze, profileId } = await heldAccount(ctx, job.payload.freezeId);
    const crisis = await ctx.store.crises.byId(freeze.crisisId);
    if (crisis?.state !== 'open' || freeze.resumedAt !== null) return;
    const now = ctx.clock();
    let posts: ScheduledPost[] = [];
    try {
      // What it could not list this time, the next look asks for again.
      posts = (await schedulerOf(ctx).scheduled(profileId, now)).posts;
    } catch (error) {
      // Refused this time (a limit, the token): the next look tries again; the owners were told of a refused token.
      if (!refusal(error)) throw error;
    }
    const kept = new Set((await ctx.store.held.ofFreeze(freeze.id)).map((p) => p.externalId));
    const copies = posts.filter((p) => !kept.has(p.id)).map(copyOf);
    return async (tx) => {
      await ctx.schedulerFacts.looked(tx, freeze.id, copies, job.payload.round, ctx.clock());
    };
  },
});

/** Unschedules one post whose copy is kept. */
export const unschedulePost = defineJob({
  kind: 'unschedule_post',
  payload: postPayload,
  priority: Priority.urgent,
  retry: 'until-done',
  key: ({ payload }) => `unschedule:${payload.heldId}`,
  lane: hootsuiteLane,
  async run(job, ctx: HoldContext) {
    const post = await ctx.store.held.byId(job.payload.heldId);
    if (!post || post.state !== 'saved') return;
    let outcome;
    try {
      outcome = await schedulerOf(ctx).unschedule(post.externalId);
    } catch (error) {
      // Not deletable (already being sent, say): it still goes out, and its owners are told.
      if (!refusal(error)) throw error;
      return async (tx) => {
        await ctx.schedulerFacts.unscheduled(tx, post.id, { refused: error.shown }, ctx.clock());
      };
    }
    // Gone at a second try: the first reached Hootsuite and its answer was lost (a crash, a
    // timeout), so the bot did unschedule it. Gone at the first: sent, or deleted by someone.
    const held = outcome === 'deleted' || job.attempts > 0 ? 'held' : 'gone';
    return async (tx) => {
      await ctx.schedulerFacts.unscheduled(tx, post.id, held, ctx.clock());
    };
  },
});

/**
 * Schedules a held post again. Hootsuite takes no idempotency key, so a retry first looks for
 * the post an earlier attempt may have created (same text, around the same time, scheduled or
 * waiting for approval) and adopts it.
 */
export const restorePost = defineJob({
  kind: 'restore_post',
  payload: postPayload,
  priority: Priority.crisis,
  key: ({ payload }) => `restore:${payload.heldId}`,
  lane: hootsuiteLane,
  async run(job, ctx: HoldContext) {
    const post = await ctx.store.held.byId(job.payload.heldId);
    if (!post || post.state !== 'restoring') return;
    const client = schedulerOf(ctx);
    const now = ctx.clock();
    // Resumed with a time that has come meanwhile (a long 429, a restart): a little later.
    const at = Math.max(post.restoreAt!, now + RESUME_LEAD_MS);
    try {
      const earlier =
        job.attempts > 0
          ? (await client.scheduled(post.profileId, Math.min(post.restoreAt!, now) - 60_000, at + 60_000)).posts.find(
              (p) => p.text === post.text,
            )
          : undefined;
      const made = earlier
        ? { id: earlier.id, pending: earlier.awaitingApproval }
        : await client.schedule({ profileId: post.profileId, text: post.text, at, mediaUrls: post.mediaUrls, message: post.message });
      const when = earlier?.at ?? at;
      return async (tx) => {
        await ctx.schedulerFacts.restored(tx, post.id, { newId: made.id, at: when, pending: made.pending }, ctx.clock());
      };
    } catch (error) {
      // A 429 waits its turn; a 5xx is tried a few times; a refusal is final and reported.
      const retry = error instanceof SchedulerError && (error.status === 429 || (error.transient && job.attempts + 1 < RESTORE_ATTEMPTS));
      if (retry || !(error instanceof SchedulerError)) throw error;
      return async (tx) => {
        await ctx.schedulerFacts.restored(tx, post.id, { failure: error.shown }, ctx.clock());
      };
    }
  },
});

/** What was held back, in the crisis channel, under the freeze board; kept up to date through the resume. */
export const postHeldList = defineJob({
  kind: 'post_held_list',
  payload: freezePayload,
  priority: Priority.crisis,
  key: listKey,
  after: ({ crisisId }) => `freeze-board:${crisisId}`,
  lane: listKey,
  tag: listKey,
  async run(job, ctx: ListContext) {
    const freeze = (await ctx.store.freezes.byId(job.payload.freezeId))!;
    const crisis = await crisisOf(ctx, freeze.crisisId);
    if ((await ctx.store.messages.of(crisis.id, 'held')).some((m) => m.part === freeze.id)) return;
    const channel = channelOf(crisis);
    const posted = await ctx.slack.post(job, channel, ctx.views.heldList(crisis, freeze, await ctx.store.held.ofFreeze(freeze.id)));
    return async (tx) => {
      await ctx.facts.messagePosted(tx, { crisisId: crisis.id, kind: 'held', part: freeze.id, channel, ts: posted.ts });
    };
  },
});

export const refreshHeldList = defineJob({
  kind: 'refresh_held_list',
  payload: freezePayload,
  priority: Priority.crisis,
  coalesce: true,
  lane: listKey,
  async run(job, ctx: ListContext) {
    const freeze = (await ctx.store.freezes.byId(job.payload.freezeId))!;
    const crisis = await crisisOf(ctx, freeze.crisisId);
    const list = (await ctx.store.messages.of(crisis.id, 'held')).find((m) => m.part === freeze.id);
    if (!list) return; // not posted yet: the post shows the latest
    await ctx.slack.client.chat.update({
      channel: list.channel,
      ts: list.ts,
      ...ctx.views.heldList(crisis, freeze, await ctx.store.held.ofFreeze(freeze.id)),
    });
  },
});

const reportKey = ({ payload }: { payload: { freezeId: number } }) => `restore-report:${payload.freezeId}`;

/** To whoever pressed Resume posts: what was scheduled again, and every post that was not, with its saved content. */
export const reportRestore = defineJob({
  kind: 'report_restore',
  payload: freezePayload,
  priority: Priority.crisis,
  key: reportKey,
  tag: reportKey,
  async run(job, ctx: ListContext) {
    const freeze = (await ctx.store.freezes.byId(job.payload.freezeId))!;
    if (!freeze.resumedBy) return;
    const [crisis, held] = await Promise.all([crisisOf(ctx, freeze.crisisId), ctx.store.held.ofFreeze(freeze.id)]);
    await ctx.slack.post(job, freeze.resumedBy, ctx.views.restoreReport(crisis, freeze, held));
  },
});

const problemPayload = z.object({ freezeId: z.number().int(), user: z.string() });
const problemKey = ({ payload }: { payload: z.infer<typeof problemPayload> }) => `hold-problem:${payload.freezeId}:${payload.user}`;

/** To the owners: the scheduler refused, so some or all posts still go out unless paused by hand. */
export const tellHoldProblem = defineJob({
  kind: 'tell_hold_problem',
  payload: problemPayload,
  priority: Priority.urgent,
  retry: 'until-done',
  key: problemKey,
  tag: problemKey,
  async run(job, ctx: ListContext) {
    const freeze = (await ctx.store.freezes.byId(job.payload.freezeId))!;
    const [crisis, held] = await Promise.all([crisisOf(ctx, freeze.crisisId), ctx.store.held.ofFreeze(freeze.id)]);
    await ctx.slack.post(job, job.payload.user, ctx.views.holdProblem(crisis, freeze, held));
  },
});

const refusedPayload = z.object({ user: z.string(), refusal: z.string(), at: z.number().int() });
const refusedKey = ({ payload }: { payload: z.infer<typeof refusedPayload> }) => `scheduler-refused:${payload.at}:${payload.user}`;

/** To the crisis leads and the scheduled accounts' owners: Hootsuite refused the bot's refresh token; someone must authorise it again. */
export const tellSchedulerRefused = defineJob({
  kind: 'tell_scheduler_refused',
  payload: refusedPayload,
  priority: Priority.urgent,
  retry: 'until-done',
  key: refusedKey,
  tag: refusedKey,
  async run(job, ctx: ListContext) {
    await ctx.slack.post(job, job.payload.user, ctx.views.schedulerRefused(job.payload.refusal));
  },
});

const caughtPayload = z.object({ freezeId: z.number().int(), user: z.string(), at: z.number().int() });
const caughtKey = ({ payload }: { payload: z.infer<typeof caughtPayload> }) =>
  `held-caught:${payload.freezeId}:${payload.at}:${payload.user}`;

/** To the owners: a later look caught posts scheduled since the freeze began, and held them back too. */
export const tellHeldCaught = defineJob({
  kind: 'tell_held_caught',
  payload: caughtPayload,
  priority: Priority.crisis,
  key: caughtKey,
  tag: caughtKey,
  async run(job, ctx: ListContext) {
    const freeze = (await ctx.store.freezes.byId(job.payload.freezeId))!;
    const [crisis, held] = await Promise.all([crisisOf(ctx, freeze.crisisId), ctx.store.held.ofFreeze(freeze.id)]);
    const caught = held.filter((p) => p.caughtAt === job.payload.at);
    await ctx.slack.post(job, job.payload.user, ctx.views.heldCaught(crisis, freeze, caught));
  },
});
