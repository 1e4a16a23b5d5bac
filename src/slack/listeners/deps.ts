import type { Logger } from 'pino';
import type { Plan } from '../../config/plan.js';
import type { AlertService } from '../../services/alert-service.js';
import type { AmendService } from '../../services/amend-service.js';
import type { StatementService } from '../../services/statement-service.js';
import type { FreezeService } from '../../services/freeze-service.js';
import type { HoldService } from '../../services/hold-service.js';
import type { ResponseService } from '../../services/response-service.js';
import type { LearningService } from '../../services/learning-service.js';
import type { StatementRepo } from '../../store/statement-repo.js';
import type { CrisisService } from '../../services/crisis-service.js';
import type { EscalationService } from '../../services/escalation-service.js';
import type { PhoneService } from '../../services/phone-service.js';
import type { PlanService } from '../../services/plan-service.js';
import type { HomeService } from '../../services/home-service.js';
import type { PlanCheck } from '../../domain/plan-check.js';
import type { PaceWait } from '../pacer.js';
import type { ViewContext } from '../views/context.js';

export interface ListenerDeps {
  service: CrisisService;
  escalation: EscalationService;
  amend: AmendService;
  statements: StatementService;
  statementRepo: StatementRepo;
  freezes: FreezeService;
  holds: HoldService;
  responses: ResponseService;
  learning: LearningService;
  alerts: AlertService;
  phone: PhoneService;
  planService: PlanService;
  homes: HomeService;
  /** Who each stage would page now and the plan's gaps, with Slack asked about every member. */
  planCheck: () => Promise<PlanCheck>;
  plan: Plan;
  /** The team's language and time zone, for every answer. */
  view: ViewContext;
  clock: () => number;
  /** What waits in the bot for Slack's rate limits, longer than `atLeastMs` (status shows it). */
  slackWaits: (atLeastMs: number) => PaceWait[];
  /** Roster members not matched to a Slack user yet (status names them: they are not paged). */
  rosterUnmatched: () => readonly { name: string; email: string | undefined }[];
  log: Logger;
}
