import { z } from 'zod';
import { personHome, type OpenWork } from '../domain/home.js';
import { Priority } from '../outbox/priority.js';
import { defineJob, type JobContext, type PostingContext } from './context.js';

// Each person's Home tab: published when they open it, and again for everyone who has opened it
// when something of theirs changes (a page, an approval, an item, an action, a claimed post).

type HomeContext = PostingContext & Pick<JobContext, 'plan'>;

/** Everything the open crises hold that some Home shows, read once for everyone. */
export async function openWork(store: HomeContext['store']): Promise<OpenWork> {
  const crises = await store.crises.listOpen();
  const per = await Promise.all(
    crises.map(async (c) => ({
      pages: await store.pages.of(c.id),
      statements: await store.statements.recordsOf(c.id),
      items: await store.checklist.of(c.id),
      responses: await store.responses.of(c.id),
    })),
  );
  const actions = await store.homes.openActions();
  const actionCrises = await store.crises.byIds([...new Set(actions.map((a) => a.crisisId))]);
  return {
    crises,
    pages: per.flatMap((p) => p.pages),
    statements: per.flatMap((p) => p.statements),
    items: per.flatMap((p) => p.items),
    responses: per.flatMap((p) => p.responses),
    actions,
    actionCrises,
  };
}

async function publish(ctx: HomeContext, work: OpenWork, user: string): Promise<void> {
  await ctx.slack.client.views.publish({ user_id: user, view: ctx.views.home(personHome(ctx.plan, work, user)) });
}

const userPayload = z.object({ user: z.string() });

/** The Home of one person who just opened it. */
export const publishHome = defineJob({
  kind: 'publish_home',
  payload: userPayload,
  priority: Priority.routine,
  lane: ({ payload }) => `home:${payload.user}`,
  coalesce: true,
  async run(job, ctx: HomeContext) {
    await publish(ctx, await openWork(ctx.store), job.payload.user);
  },
});

/**
 * Every Home once opened, after a change: one waiting refresh shows every change before it.
 * Published again whole if it fails part way (a Home is replaced, never added to).
 */
export const refreshHomes = defineJob({
  kind: 'refresh_homes',
  payload: z.object({}),
  priority: Priority.routine,
  deferrable: true,
  lane: () => 'homes',
  coalesce: true,
  async run(_job, ctx: HomeContext) {
    const viewers = await ctx.store.homes.viewers();
    if (viewers.length === 0) return;
    const work = await openWork(ctx.store);
    // One person Slack refuses (deactivated since) must not keep everyone after them stale: each
    // is published, and the first failure then fails the job, to be retried as its kind is.
    let failed: Error | undefined;
    for (const user of viewers) {
      try {
        await publish(ctx, work, user);
      } catch (error) {
        failed ??= error instanceof Error ? error : new Error(`views.publish failed for ${user}`);
      }
    }
    if (failed) throw failed;
  },
});
