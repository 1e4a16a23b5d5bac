import type { Logger } from 'pino';
import type { Plan } from '../config/plan.js';
import type { CrisisRepo } from '../store/crisis-repo.js';
import type { OutboxRepo } from '../store/outbox-repo.js';
import type { Changes } from './changes.js';
import type { Pager } from './pager.js';

/** What the use-case services share: the store, the plan, a clock, and the outbox's kick. */
export interface ServiceDeps {
  repo: CrisisRepo;
  outbox: OutboxRepo;
  pager: Pager;
  changes: Changes;
  plan: Plan;
  clock: () => number;
  /** Tells the outbox worker there is work; it runs after the caller has answered Slack. */
  kick: () => void;
  log: Logger;
}
