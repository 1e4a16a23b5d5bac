import type { Logger } from 'pino';
import type { ChartSpec } from '../chart/spec.js';
import type { Plan } from '../config/plan.js';
import type { Crisis } from '../domain/crisis.js';
import { jobDefiner } from '../outbox/define-job.js';
import type { Store } from '../store/store.js';
import type { Deadlines, PhoneFacts, PublishFacts, SchedulerFacts, SlackFacts } from './ports/reports.js';
import type { Phone } from './ports/phone.js';
import type { Scheduler } from './ports/scheduler.js';
import type { SlackIO } from './ports/slack.js';
import type { JobViews } from './ports/views.js';

/**
 * What the jobs have to work with, all through the ports beside them (./ports): Slack jobs read
 * the store, render through `views`, call Slack through `slack`, and hand what Slack did to
 * `facts`; deadline jobs hand their decision to `deadlines`; the freeze's jobs call `scheduler`.
 * They file no other work themselves: what follows is the services'. Each job declares the
 * part it uses (a `Pick` of this), and bot.ts wires the whole.
 */
export interface JobContext {
  readonly slack: SlackIO;
  readonly views: JobViews;
  readonly plan: Plan;
  /** Everything kept, but the outbox: jobs file no work themselves (what follows is the services'). */
  readonly store: Omit<Store, 'outbox'>;
  readonly facts: SlackFacts;
  readonly schedulerFacts: SchedulerFacts;
  readonly deadlines: Deadlines;
  /** Undefined when no account of the plan names a scheduler. */
  readonly scheduler: Scheduler | undefined;
  /** Undefined when no Twilio account is configured. */
  readonly phone: Phone | undefined;
  readonly phoneFacts: PhoneFacts;
  readonly publishFacts: PublishFacts;
  /** Draws a chart into a temporary PNG file for `use` (by a short-lived process; see chart/render). */
  readonly withChart: <T>(spec: ChartSpec, use: (file: string) => Promise<T>) => Promise<T>;
  readonly clock: () => number;
  readonly log: Logger;
}

/** What a job that posts or updates a message uses: Slack, the views, and the store it renders from. */
export type PostingContext = Pick<JobContext, 'slack' | 'views' | 'store'>;

/** Declares a job kind that runs with the jobs' context (see outbox/define-job). */
export const defineJob = jobDefiner<JobContext>();

export async function crisisOf(ctx: Pick<JobContext, 'store'>, crisisId: number | null): Promise<Crisis> {
  const crisis = crisisId === null ? undefined : await ctx.store.crises.byId(crisisId);
  if (!crisis) throw new Error(`crisis ${crisisId} not found`);
  return crisis;
}

/** For jobs that wait on the channel job: it is done, so the id is there. */
export function channelOf(crisis: Crisis): string {
  if (!crisis.channelId) throw new Error(`crisis ${crisis.id} has no channel yet`);
  return crisis.channelId;
}
