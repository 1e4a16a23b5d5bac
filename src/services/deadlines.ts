import type { Deadlines } from '../jobs/ports/reports.js';
import type { EscalationService } from './escalation-service.js';
import type { FreezeService } from './freeze-service.js';
import type { LearningService } from './learning-service.js';
import type { PhoneService } from './phone-service.js';
import type { PlanService } from './plan-service.js';
import type { DrillService } from './drill-service.js';
import type { ReminderService } from './reminder-service.js';
import type { ResponseService } from './response-service.js';
import type { StatementService } from './statement-service.js';

/** Which service decides what follows when each deadline comes (the jobs' Deadlines port). */
export function deadlinesOf(s: {
  escalation: EscalationService;
  reminders: ReminderService;
  statements: StatementService;
  freezes: FreezeService;
  responses: ResponseService;
  learning: LearningService;
  phone: PhoneService;
  planService: PlanService;
  drills: DrillService;
}): Deadlines {
  return {
    escalation: (tx, crisisId, stage) => s.escalation.onDeadline(tx, crisisId, stage),
    statusUpdate: (tx, crisisId) => s.reminders.onCadence(tx, crisisId),
    item: (tx, itemId) => s.reminders.onItemDue(tx, itemId),
    triage: (tx, target) => s.reminders.onTriageDue(tx, target),
    approval: (tx, versionId) => s.statements.onApprovalDue(tx, versionId),
    freeze: (tx, crisisId) => s.freezes.onDue(tx, crisisId),
    response: (tx, responseId) => s.responses.onDue(tx, responseId),
    queue: (tx, crisisId) => s.responses.onQueueDue(tx, crisisId),
    action: (tx, actionId, now) => s.learning.onActionDue(tx, actionId, now),
    phone: (tx, pageId, attempt) => s.phone.onDue(tx, pageId, attempt),
    planReview: (tx, at, now) => s.planService.onReviewDue(tx, at, now),
    drillStep: (tx, crisisId, index, now) => s.drills.onStep(tx, crisisId, index, now),
  };
}
