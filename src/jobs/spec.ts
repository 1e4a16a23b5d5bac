import type { z } from 'zod';
import { PayloadError, type Finalize, type WorkerKind } from '../services/outbox-worker.js';
import type { JobFiling, JobTarget } from '../store/outbox-repo.js';
import type { JobContext } from './context.js';

export type { Finalize } from '../services/outbox-worker.js';

/**
 * Among due jobs, lower runs first. Opening a crisis (channel, pages, summary, checklist) and
 * escalating never wait behind anything; what people wait on in a channel comes next; triage
 * posts and re-renders after that; debrief uploads last.
 */
export const Priority = {
  /** Opening a crisis, pages, escalation deadlines. */
  urgent: 0,
  /** What people in a crisis are waiting to see: acknowledgements, notices, updates, reminders. */
  crisis: 1,
  /** Triage posts and re-renders of messages that already exist. */
  routine: 2,
  /** Large and late: the debrief. */
  bulk: 3,
} as const;
export type Priority = (typeof Priority)[keyof typeof Priority];

/** A job as its kind's `run` sees it: the payload parsed by the kind's schema. */
export interface RunningJob<P> {
  readonly id: number;
  readonly crisisId: number | null;
  readonly payload: P;
  /** Attempts before this one: more than 0 means an earlier one may have reached Slack. */
  readonly attempts: number;
  readonly createdAt: number;
  /** The tag its Slack post carries, so a retry adopts the message instead of posting twice. */
  readonly tag: string | undefined;
}

export interface JobSpec<P> extends JobFiling<P> {
  readonly payload: z.ZodType<P>;
  readonly retry: 'until-done' | 'limited';
  readonly deferrable: boolean;
  /** Waits for a time rather than delivering something: not a backlog while it waits. */
  readonly deadline: boolean;
  tag?(target: JobTarget<P>, jobId: number): string;
  run(job: RunningJob<P>, ctx: JobContext): Promise<Finalize>;
  bind(ctx: JobContext): WorkerKind;
}

export interface JobDeclaration<P> {
  /** Stored in the outbox: never rename one that may be waiting in a database. */
  readonly kind: string;
  readonly payload: z.ZodType<P>;
  readonly priority: Priority;
  readonly retry?: 'until-done' | 'limited';
  readonly deferrable?: boolean;
  readonly deadline?: boolean;
  /** See JobFiling.coalesce; needs a lane. */
  readonly coalesce?: boolean;
  /** Unique name: a job with the same key is filed once, and others may wait for it (`after`). */
  key?(target: JobTarget<P>): string;
  /** Jobs sharing a lane run one at a time, in the order they were filed. */
  lane?(target: JobTarget<P>): string | undefined;
  /** The key of a job that must be done first. */
  after?(target: JobTarget<P>): string | undefined;
  tag?(target: JobTarget<P>, jobId: number): string;
  run(job: RunningJob<P>, ctx: JobContext): Promise<Finalize>;
}

/**
 * Declares a job kind, once: what it carries, how it is filed (key, lane, prerequisite,
 * priority), how hard it is retried, and what it does. Services file it with
 * `outbox.enqueue(tx, kind, …)`; the worker runs it through `bind`.
 */
export function defineJob<P>(declaration: JobDeclaration<P>): JobSpec<P> {
  if (declaration.coalesce && !declaration.lane) throw new Error(`job kind ${declaration.kind}: coalesce needs a lane`);
  const spec: JobSpec<P> = {
    ...declaration,
    retry: declaration.retry ?? 'limited',
    deferrable: declaration.deferrable ?? false,
    deadline: declaration.deadline ?? false,
    coalesce: declaration.coalesce ?? false,
    bind(ctx) {
      return {
        kind: spec.kind,
        retry: spec.retry,
        deferrable: spec.deferrable,
        async execute(row) {
          const parsed = spec.payload.safeParse(JSON.parse(row.payload));
          if (!parsed.success) throw new PayloadError(`payload of ${spec.kind} does not match its kind: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
          const payload = parsed.data;
          const tag = spec.tag?.({ crisisId: row.crisisId, payload, runAt: row.runAt }, row.id);
          return spec.run({ id: row.id, crisisId: row.crisisId, payload, attempts: row.attempts, createdAt: row.createdAt, tag }, ctx);
        },
      };
    },
  };
  return spec;
}
