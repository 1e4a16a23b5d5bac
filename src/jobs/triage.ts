import { z } from 'zod';
import { defineJob, type JobContext, type PostingContext } from './context.js';
import { Priority } from '../outbox/priority.js';

/** The alerts channel's jobs use this much of the jobs' context. */
type TriageContext = PostingContext & Pick<JobContext, 'facts' | 'plan' | 'clock'>;

// The alerts channel's messages: posted once, then kept up to date in place.

const payload = z.object({ alertId: z.number().int() });
const lane = ({ payload }: { payload: { alertId: number } }) => `triage:${payload.alertId}`;

async function view(ctx: TriageContext, alertId: number) {
  const alert = await ctx.store.alerts.byId(alertId);
  if (!alert) throw new Error(`alert ${alertId} not found`);
  const crisis = alert.crisisId === null ? undefined : await ctx.store.crises.byId(alert.crisisId);
  // Undecided while a crisis is open: offered to the newest one, instead of opening a second.
  // An alert is about the real world: it is offered to a real crisis, never to a drill.
  const open =
    alert.state === 'triage'
      ? (await ctx.store.crises.listOpen()).filter((c) => !c.drill).sort((a, b) => b.openedAt - a.openedAt)[0]
      : undefined;
  return { alert, message: ctx.views.triage(alert, crisis, open) };
}

export const postTriage = defineJob({
  kind: 'post_triage',
  payload,
  priority: Priority.routine,
  key: ({ payload }) => `triage:${payload.alertId}`,
  lane,
  tag: ({ payload }) => `triage:${payload.alertId}`,
  async run(job, ctx: TriageContext) {
    const { alert, message } = await view(ctx, job.payload.alertId);
    if (alert.ts) return;
    const channel = ctx.plan.alerts?.channel;
    if (!channel) throw new Error('the plan has no alerts.channel');
    const posted = await ctx.slack.post(job, channel, message);
    return async (tx) => {
      await ctx.facts.triagePosted(tx, alert.id, posted.channel, posted.ts);
    };
  },
});

/** A decision, a duplicate, a resolution, or the crisis channel it opened: shown in place. */
export const refreshTriage = defineJob({
  kind: 'refresh_triage',
  payload,
  priority: Priority.routine,
  coalesce: true,
  lane,
  async run(job, ctx: TriageContext) {
    const { alert, message } = await view(ctx, job.payload.alertId);
    if (!alert.channel || !alert.ts) return; // not posted yet: the post renders the latest state
    await ctx.slack.client.chat.update({ channel: alert.channel, ts: alert.ts, ...message });
  },
});

// A digest: the alerts that came while the alerts channel was backed up, in one message.

const digestPayload = z.object({ digestId: z.number().int() });
const digestLane = ({ payload }: { payload: { digestId: number } }) => `digest:${payload.digestId}`;

async function digestView(ctx: TriageContext, digestId: number) {
  const digest = await ctx.store.alerts.digestById(digestId);
  if (!digest) throw new Error(`digest ${digestId} not found`);
  const alerts = await ctx.store.alerts.alertsOf(digestId);
  // The views look crises up as they render: each crisis the digest's alerts opened or joined, read once beforehand.
  const ids = [...new Set(alerts.map((a) => a.crisisId).filter((id) => id !== null))];
  const crises = new Map((await Promise.all(ids.map((id) => ctx.store.crises.byId(id)))).flatMap((c) => (c ? [[c.id, c] as const] : [])));
  const crisisOf = (alert: { crisisId: number | null }) => (alert.crisisId === null ? undefined : crises.get(alert.crisisId));
  return { digest, message: ctx.views.digest(digest, alerts, crisisOf) };
}

/** Posted when its first alert joins; it shows every alert that joined by the time it runs. */
export const postDigest = defineJob({
  kind: 'post_digest',
  payload: digestPayload,
  priority: Priority.routine,
  key: ({ payload }) => `digest:${payload.digestId}`,
  lane: digestLane,
  tag: ({ payload }) => `digest:${payload.digestId}`,
  async run(job, ctx: TriageContext) {
    const { digest, message } = await digestView(ctx, job.payload.digestId);
    if (digest.ts) return;
    const channel = ctx.plan.alerts?.channel;
    if (!channel) throw new Error('the plan has no alerts.channel');
    const posted = await ctx.slack.post(job, channel, message);
    return async (tx) => {
      await ctx.facts.digestPosted(tx, digest.id, posted.channel, posted.ts);
    };
  },
});

/** Alerts joined, were decided or dismissed: the digest shows it in place. */
export const refreshDigest = defineJob({
  kind: 'refresh_digest',
  payload: digestPayload,
  priority: Priority.routine,
  coalesce: true,
  lane: digestLane,
  async run(job, ctx: TriageContext) {
    const { digest, message } = await digestView(ctx, job.payload.digestId);
    if (!digest.channel || !digest.ts) return; // not posted yet: the post renders the latest state
    await ctx.slack.client.chat.update({ channel: digest.channel, ts: digest.ts, ...message });
  },
});

// A triage message nobody has decided on: reminded once, in the alerts channel.

const remindPayload = z.union([z.object({ alertId: z.number().int() }), z.object({ digestId: z.number().int() })]);
const remindKey = (p: z.infer<typeof remindPayload>) => ('alertId' in p ? `remind:alert:${p.alertId}` : `remind:digest:${p.digestId}`);

/** `alerts.remind_after` since it arrived: still undecided, the reminder is filed. */
export const triageDue = defineJob({
  kind: 'triage_due',
  payload: remindPayload,
  priority: Priority.routine,
  deadline: true,
  key: ({ payload }) => `due:${remindKey(payload)}`,
  run: (job, ctx: Pick<JobContext, 'deadlines'>) => async (tx) => {
    await ctx.deadlines.triage(tx, job.payload);
  },
});

export const postTriageReminder = defineJob({
  kind: 'post_triage_reminder',
  payload: remindPayload,
  priority: Priority.routine,
  key: ({ payload }) => remindKey(payload),
  tag: ({ payload }) => remindKey(payload),
  async run(job, ctx: TriageContext) {
    const channel = ctx.plan.alerts?.channel;
    if (!channel) return;
    const p = job.payload;
    const alerts =
      'alertId' in p
        ? [await ctx.store.alerts.byId(p.alertId)].filter((a) => a !== undefined)
        : await ctx.store.alerts.alertsOf(p.digestId);
    const undecided = alerts.filter((a) => a.state === 'triage');
    if (undecided.length === 0) return; // decided meanwhile
    const at = 'alertId' in p ? alerts[0] : await ctx.store.alerts.digestById(p.digestId);
    const permalink =
      at?.channel && at.ts ? (await ctx.slack.client.chat.getPermalink({ channel: at.channel, message_ts: at.ts })).permalink : undefined;
    const first = Math.min(...undecided.map((a) => a.receivedAt));
    const title = undecided[0]!.title;
    await ctx.slack.post(
      job,
      channel,
      ctx.views.triageReminder({ title, undecided: undecided.length, waitedMs: ctx.clock() - first, permalink }),
    );
  },
});
