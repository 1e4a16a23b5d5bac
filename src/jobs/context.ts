import type { Logger } from 'pino';
import type { Plan } from '../config/plan.js';
import type { Crisis } from '../domain/crisis.js';
import type { EscalationService } from '../services/escalation-service.js';
import type { ReminderService } from '../services/reminder-service.js';
import type { StatementService } from '../services/statement-service.js';
import type { StatementRepo } from '../store/statement-repo.js';
import type { FreezeService } from '../services/freeze-service.js';
import type { FreezeRepo } from '../store/freeze-repo.js';
import type { HeldPostRepo } from '../store/held-post-repo.js';
import type { DebriefRepo } from '../store/debrief-repo.js';
import type { ChartSpec } from '../chart/spec.js';
import type { ResponseService } from '../services/response-service.js';
import type { ResponseRepo } from '../store/response-repo.js';
import type { LearningService } from '../services/learning-service.js';
import type { LearningRepo } from '../store/learning-repo.js';
import type { HoldService } from '../services/hold-service.js';
import type { HootsuiteClient } from '../services/hootsuite.js';
import type { SlackFacts } from '../services/slack-facts.js';
import type { SlackPort } from '../slack/port.js';
import type { JobViews } from '../slack/views/index.js';
import type { AlertRepo } from '../store/alert-repo.js';
import type { CrisisRepo } from '../store/crisis-repo.js';

/**
 * What a job has to work with. Slack jobs read the database, render through `views`, call
 * Slack through `slack`, and report what Slack did through `facts`; they file no other work
 * themselves (the facts decide what follows). Deadline jobs hand their decision to the
 * services. Everything Slack-side arrives here, so a job's declaration imports only types.
 */
export interface JobContext {
  readonly slack: SlackPort;
  readonly views: JobViews;
  readonly plan: Plan;
  readonly repo: CrisisRepo;
  readonly alertRepo: AlertRepo;
  readonly facts: SlackFacts;
  readonly escalation: EscalationService;
  readonly reminders: ReminderService;
  readonly statements: StatementService;
  readonly statementRepo: StatementRepo;
  readonly freezes: FreezeService;
  readonly freezeRepo: FreezeRepo;
  readonly holds: HoldService;
  readonly debriefs: DebriefRepo;
  readonly responses: ResponseService;
  readonly responseRepo: ResponseRepo;
  readonly learning: LearningService;
  readonly learningRepo: LearningRepo;
  readonly heldRepo: HeldPostRepo;
  /** Undefined when no account of the plan names a scheduler. */
  readonly hootsuite: HootsuiteClient | undefined;
  /** Draws a chart into a temporary PNG file for `use` (by a short-lived process; see chart/render). */
  readonly withChart: <T>(spec: ChartSpec, use: (file: string) => Promise<T>) => Promise<T>;
  readonly clock: () => number;
  readonly log: Logger;
}

export function crisisOf(ctx: JobContext, crisisId: number | null): Crisis {
  const crisis = crisisId === null ? undefined : ctx.repo.byId(crisisId);
  if (!crisis) throw new Error(`crisis ${crisisId} not found`);
  return crisis;
}

/** For jobs that wait on the channel job: it is done, so the id is there. */
export function channelOf(crisis: Crisis): string {
  if (!crisis.channelId) throw new Error(`crisis ${crisis.id} has no channel yet`);
  return crisis.channelId;
}
