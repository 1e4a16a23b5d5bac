import type { z } from 'zod';
import { PayloadError, type Finalize, type WorkerKind } from '../services/outbox-worker.js';
import type { JobFiling, Priority } from '../store/outbox-repo.js';
import type { JobContext } from './context.js';

export type { Finalize } from '../services/outbox-worker.js';
export { Priority } from '../store/outbox-repo.js';

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

/**
 * What a post's tag is made of. Not the run time, which a retry moves: the tag must be the same
 * at every attempt, and the same as in the messages earlier versions posted.
 */
export interface TagTarget<P> {
  readonly crisisId: number | null;
  readonly payload: P;
}

/**
 * A job kind, declared once. `P` is what it reads from the outbox, `F` what services may file:
 * the same, except where rows filed by earlier versions are still read (see postNotice).
 */
export interface JobSpec<P, F extends P = P> extends JobFiling<F> {
  readonly payload: z.ZodType<P>;
  readonly retry: 'until-done' | 'limited';
  readonly deferrable: boolean;
  /** Waits for a time rather than delivering something: not a backlog while it waits. */
  readonly deadline: boolean;
  tag?(target: TagTarget<P>, jobId: number): string;
  run(job: RunningJob<P>, ctx: JobContext): Promise<Finalize>;
  bind(ctx: JobContext): WorkerKind;
}

export interface JobDeclaration<P, F extends P> extends Omit<JobFiling<F>, 'coalesce' | 'priority'> {
  /** Stored in the outbox: never rename one that may be waiting in a database. */
  readonly kind: string;
  readonly payload: z.ZodType<P>;
  readonly priority: Priority;
  /** `until-done`: never given up while Slack is merely down or rate limiting. Default `limited`. */
  readonly retry?: 'until-done' | 'limited';
  /** A re-render nobody waits on: held back while a burst of clicks lasts. */
  readonly deferrable?: boolean;
  readonly deadline?: boolean;
  /** Filed only when no job of this kind waits in its lane (a waiting render shows every change); needs a lane. */
  readonly coalesce?: boolean;
  /** For kinds that post: the tag the post carries (see TagTarget). */
  tag?(target: TagTarget<P>, jobId: number): string;
  run(job: RunningJob<P>, ctx: JobContext): Promise<Finalize>;
}

/**
 * Declares a job kind, once: what it carries (a zod schema, checked before it runs), how it is
 * filed (key, lane, prerequisite, priority, coalescing), how hard it is retried, the tag of its
 * post, and what it does. Services file it with `outbox.enqueue(tx, kind, …)`; the worker runs it
 * through `bind`. Key, lane and prerequisite are functions of the target, so every job of a kind
 * is filed alike wherever it is owed.
 */
export function defineJob<P, F extends P = P>(declaration: JobDeclaration<P, F>): JobSpec<P, F> {
  if (declaration.coalesce && !declaration.lane) throw new Error(`job kind ${declaration.kind}: coalesce needs a lane`);
  const spec: JobSpec<P, F> = {
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
          const tag = spec.tag?.({ crisisId: row.crisisId, payload }, row.id);
          return spec.run({ id: row.id, crisisId: row.crisisId, payload, attempts: row.attempts, createdAt: row.createdAt, tag }, ctx);
        },
      };
    },
  };
  return spec;
}
