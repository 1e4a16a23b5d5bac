import { SchedulerError } from '../jobs/ports/scheduler.js';

/** Hootsuite's codes for an exhausted plan: asking again will not pass until someone changes the plan. */
const PLAN_LIMITS = new Set([1003, 1004]);

/** A refused or failed call to Hootsuite (see SchedulerError: what the freeze's jobs read of it). */
export class HootsuiteError extends SchedulerError {
  override readonly name: string = 'HootsuiteError';

  /** A plan limit (1003, 1004) comes back however often it is asked: final, so the owners are told at once. */
  override get transient(): boolean {
    return this.code !== undefined && PLAN_LIMITS.has(this.code) ? false : super.transient;
  }
}
