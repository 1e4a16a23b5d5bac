import type { EscalationService } from './escalation-service.js';
import { Job, type DeadlinePayload, type ItemPayload } from './jobs.js';
import type { JobHandler } from './outbox-worker.js';
import type { ReminderService } from './reminder-service.js';

/**
 * Deadlines are outbox jobs with a run time, written in the transaction that started them.
 * Their decision runs in the transaction that completes the job: claimed once, decided once.
 */
export function deadlineJobs(escalation: EscalationService, reminders: ReminderService): Record<string, JobHandler> {
  return {
    [Job.escalationDeadline]: async (job, { stage }: DeadlinePayload) => (tx) => escalation.onDeadline(tx, job.crisisId!, stage),
    [Job.updateCadence]: async (job) => (tx) => reminders.onCadence(tx, job.crisisId!),
    [Job.itemDue]: async (_job, { itemId }: ItemPayload) => (tx) => reminders.onItemDue(tx, itemId),
  };
}
