import type { z } from 'zod';
import type { OutboxRow } from '../store/schema.js';
import { PayloadError } from './errors.js';
import type { JobFiling } from './outbox.js';
import type { Finalize, WorkerKind } from './worker.js';

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
 * A job kind, declared once. `K` is its stored name, `P` what it reads from the outbox, `F` what
 * services may file (the same, except where rows filed by earlier versions are still read: see
 * postNotice), `C` what it runs with (the jobs' context).
 */
export interface JobSpec<K extends string, P, F extends P, C> extends JobFiling<F> {
  readonly kind: K;
  readonly payload: z.ZodType<P>;
  readonly retry: 'until-done' | 'limited';
  readonly deferrable: boolean;
  /** Waits for a time rather than delivering something: not a backlog while it waits. */
  readonly deadline: boolean;
  tag?(target: TagTarget<P>, jobId: number): string;
  run(job: RunningJob<P>, ctx: C): Promise<Finalize> | Finalize;
  bind(ctx: C): WorkerKind;
}

export interface JobDeclaration<K extends string, P, F extends P, C> extends Omit<JobFiling<F>, 'kind' | 'coalesce' | 'priority'> {
  /** Stored in the outbox: never rename one that may be waiting in a database. */
  readonly kind: K;
  readonly payload: z.ZodType<P>;
  /** See outbox/priority. */
  readonly priority: number;
  /** `until-done`: never given up while Slack is merely down or rate limiting. Default `limited`. */
  readonly retry?: 'until-done' | 'limited';
  /** A re-render nobody waits on: held back while a burst of clicks lasts. */
  readonly deferrable?: boolean;
  readonly deadline?: boolean;
  /** Filed only when no job of this kind waits in its lane (a waiting render shows every change); needs a lane. */
  readonly coalesce?: boolean;
  /** For kinds that post: the tag the post carries (see TagTarget). */
  tag?(target: TagTarget<P>, jobId: number): string;
  /** What the job does; a deadline's decision needs no await and returns its Finalize at once. */
  run(job: RunningJob<P>, ctx: C): Promise<Finalize> | Finalize;
}

/**
 * `defineJob` for kinds that run with context `C`: the jobs layer binds it to its own context
 * (jobs/context.ts), so this layer knows nothing of Slack or the services.
 *
 * A declaration says what a job carries (a zod schema, checked before it runs), how it is filed
 * (key, lane, prerequisite, priority, coalescing), how hard it is retried, the tag of its post,
 * and what it does. Services file it with `outbox.enqueue(tx, kind, …)`; the worker runs it
 * through `bind`. Key, lane and prerequisite are functions of the target, so every job of a kind
 * is filed alike wherever it is owed.
 */
export function jobDefiner<C>() {
  return function defineJob<const K extends string, P, F extends P = P>(declaration: JobDeclaration<K, P, F, C>): JobSpec<K, P, F, C> {
    if (declaration.coalesce && !declaration.lane) throw new Error(`job kind ${declaration.kind}: coalesce needs a lane`);
    const spec: JobSpec<K, P, F, C> = {
      ...declaration,
      retry: declaration.retry ?? 'limited',
      deferrable: declaration.deferrable ?? false,
      deadline: declaration.deadline ?? false,
      coalesce: declaration.coalesce ?? false,
      bind: (ctx) => ({
        kind: spec.kind,
        retry: spec.retry,
        deferrable: spec.deferrable,
        execute: async (row: OutboxRow) => {
          const parsed = spec.payload.safeParse(JSON.parse(row.payload));
          if (!parsed.success)
            throw new PayloadError(`payload of ${spec.kind} does not match its kind: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
          const payload = parsed.data;
          const tag = spec.tag?.({ crisisId: row.crisisId, payload }, row.id);
          return await spec.run(
            { id: row.id, crisisId: row.crisisId, payload, attempts: row.attempts, createdAt: row.createdAt, tag },
            ctx,
          );
        },
      }),
    };
    return spec;
  };
}
