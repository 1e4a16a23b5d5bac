/**
 * Among due jobs, lower runs first. Opening a crisis (channel, invitations, pages, summary,
 * checklist) and escalation deadlines never wait behind anything; what people in a crisis wait
 * to see comes next; triage posts and re-renders after that; the debrief last. Each job kind
 * declares its own (src/jobs).
 */
export const Priority = {
  /** Opening a crisis, pages, escalation deadlines. */
  urgent: 0,
  /** What people in a crisis are waiting to see: acknowledgements, notices, updates, reminders. */
  crisis: 1,
  /** Triage posts and re-renders of messages that already exist. */
  routine: 2,
  /** Large and late: the debrief. */
  bulk: 3,
} as const;
export type Priority = (typeof Priority)[keyof typeof Priority];
