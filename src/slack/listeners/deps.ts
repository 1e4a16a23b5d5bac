import type { Logger } from 'pino';
import type { Plan } from '../../config/plan.js';
import type { CrisisService } from '../../services/crisis-service.js';

export interface ListenerDeps {
  service: CrisisService;
  plan: Plan;
  clock: () => number;
  log: Logger;
}
