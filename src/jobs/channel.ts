import { z } from 'zod';
import { channelName } from '../domain/text.js';
import { channelWords } from '../domain/crisis.js';
import { dateStamp } from '../domain/time.js';
import { channelOf, crisisOf, type JobContext, defineJob, type PostingContext } from './context.js';
import { Priority } from '../outbox/priority.js';

/** The channel's jobs use this much of the jobs' context. */
type ChannelContext = PostingContext & Pick<JobContext, 'facts' | 'plan'>;

const none = z.object({});
const MAX_NAME_ATTEMPTS = 20;

/** The channel job's key: everything posted in the channel waits for it. */
export const channelKey = (crisisId: number | null) => `channel:${crisisId}`;
const afterChannel = ({ crisisId }: { crisisId: number | null }) => channelKey(crisisId);

/**
 * A taken name may be our own channel: created by an attempt that crashed (or timed out) before
 * it was recorded. Adopt it rather than open a `-2` twin: the bot made it, for this crisis's
 * time, and no other crisis holds it.
 */
async function findOwnChannel(ctx: ChannelContext, name: string, openedAt: number): Promise<string | undefined> {
  let cursor: string | undefined;
  do {
    const page = await ctx.slack.client.conversations.list({
      exclude_archived: true,
      types: 'public_channel',
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    const found = page.channels?.find((ch) => ch.name === name);
    if (found) {
      const ours = found.creator === ctx.slack.botUserId && (found.created ?? 0) >= Math.floor(openedAt / 1000) - 60;
      return ours && found.id && !(await ctx.store.crises.byChannel(found.id)) ? found.id : undefined;
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return undefined;
}

/** The crisis channel, named for the day it opened where the team is (the plan's time zone). */
export const createChannel = defineJob({
  kind: 'create_channel',
  payload: none,
  priority: Priority.urgent,
  retry: 'until-done',
  key: ({ crisisId }) => channelKey(crisisId),
  async run(job, ctx: ChannelContext) {
    const crisis = await crisisOf(ctx, job.crisisId);
    if (crisis.channelId) return;
    const { plan } = ctx;
    const date = dateStamp(crisis.openedAt, plan.timeZone);
    for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
      const words = channelWords(plan.channelPrefix, crisis);
      const name = channelName(words.prefix, date, words.title, attempt);
      let channelId: string | undefined;
      try {
        channelId = (await ctx.slack.client.conversations.create({ name })).channel!.id!;
      } catch (error) {
        if (ctx.slack.refusal(error) !== 'name_taken') throw error;
        channelId = await findOwnChannel(ctx, name, crisis.openedAt);
      }
      if (channelId) {
        const id = channelId;
        return async (tx) => {
          await ctx.facts.channelCreated(tx, crisis.id, id, name);
        };
      }
    }
    throw new Error(`no free channel name after ${MAX_NAME_ATTEMPTS} attempts`);
  },
});

/** Filed at opening and whenever what the topic shows changes; a waiting one shows the latest. */
export const setTopic = defineJob({
  kind: 'set_topic',
  payload: none,
  priority: Priority.crisis,
  coalesce: true,
  after: afterChannel,
  lane: ({ crisisId }) => `topic:${crisisId}`,
  async run(job, ctx: ChannelContext) {
    const crisis = await crisisOf(ctx, job.crisisId);
    await ctx.slack.client.conversations.setTopic({ channel: channelOf(crisis), topic: ctx.views.topic(crisis) });
  },
});

/** Brings people into the crisis channel: the opener, and everyone paged. */
export const invite = defineJob({
  kind: 'invite',
  payload: z.object({ users: z.array(z.string()) }),
  priority: Priority.urgent,
  after: afterChannel,
  async run(job, ctx: ChannelContext) {
    const crisis = await crisisOf(ctx, job.crisisId);
    const channel = channelOf(crisis);
    const users = job.payload.users.filter((u) => u !== ctx.slack.botUserId);
    if (users.length === 0) return;
    try {
      await ctx.slack.client.conversations.invite({ channel, users: users.join(',') });
      return;
    } catch (error) {
      const code = ctx.slack.refusal(error);
      if (code === undefined) throw error; // transient: the worker retries the whole job
      if (code === 'already_in_channel' && users.length === 1) return;
    }
    // One bad id fails the whole batch: invite one by one so everyone else still gets in.
    const refused: { user: string; reason: string }[] = [];
    for (const user of users) {
      try {
        await ctx.slack.client.conversations.invite({ channel, users: user });
      } catch (error) {
        const code = ctx.slack.refusal(error);
        if (code === undefined) throw error;
        if (code !== 'already_in_channel') refused.push({ user, reason: code });
      }
    }
    if (refused.length)
      return async (tx) => {
        await ctx.facts.invitesRefused(tx, crisis.id, refused);
      };
  },
});

/**
 * `/crisis title`: the channel follows the crisis's title and keeps the date it opened, so a
 * retitled channel still sorts with its day. A waiting rename takes the latest title.
 */
export const renameChannel = defineJob({
  kind: 'rename_channel',
  payload: none,
  priority: Priority.crisis,
  coalesce: true,
  after: afterChannel,
  lane: ({ crisisId }) => `rename:${crisisId}`,
  async run(job, ctx: ChannelContext) {
    const crisis = await crisisOf(ctx, job.crisisId);
    const channel = channelOf(crisis);
    const date = dateStamp(crisis.openedAt, ctx.plan.timeZone);
    for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
      const words = channelWords(ctx.plan.channelPrefix, crisis);
      const name = channelName(words.prefix, date, words.title, attempt);
      if (name === crisis.channelName) return;
      try {
        await ctx.slack.client.conversations.rename({ channel, name });
        return async (tx) => {
          await ctx.store.crises.amend(tx, crisis.id, { channelName: name });
        };
      } catch (error) {
        if (ctx.slack.refusal(error) !== 'name_taken') throw error;
      }
    }
    throw new Error(`no free channel name after ${MAX_NAME_ATTEMPTS} attempts`);
  },
});
