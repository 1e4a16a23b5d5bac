import type { Logger } from 'pino';
import type { Plan } from '../config/plan.js';
import type { JobOutbox } from '../jobs/index.js';
import type { Store } from '../store/store.js';
import type { Changes } from './changes.js';
import type { Pager } from './pager.js';

/** What the use-case services share: the store, the outbox they file work into, the plan, a clock, and the worker's kick. */
export interface ServiceDeps {
  store: Store;
  outbox: JobOutbox;
  pager: Pager;
  changes: Changes;
  plan: Plan;
  clock: () => number;
  /** Tells the outbox worker there is work; it runs after the caller has answered Slack. */
  kick: () => void;
  log: Logger;
}
