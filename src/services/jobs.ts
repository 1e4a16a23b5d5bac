/**
 * The Slack work the bot owes, as outbox job kinds. Keys make a job unique and let others wait
 * for it (`after`); lanes keep the updates of one message in order.
 */
export const Job = {
  createChannel: 'create_channel',
  setTopic: 'set_topic',
  invite: 'invite',
  postSummary: 'post_summary',
  postChecklist: 'post_checklist',
  renderChecklist: 'render_checklist',
  sendPage: 'send_page',
  refreshPage: 'refresh_page',
  postUpdate: 'post_update',
  postDebrief: 'post_debrief',
  uploadDebrief: 'upload_debrief',
  postNotice: 'post_notice',
  postTriage: 'post_triage',
  refreshTriage: 'refresh_triage',
  refreshSummary: 'refresh_summary',
  // Deadlines: no Slack call of their own; they decide in a transaction and owe posts.
  escalationDeadline: 'escalation_deadline',
  updateCadence: 'update_cadence',
  itemDue: 'item_due',
} as const;
export type JobKind = (typeof Job)[keyof typeof Job];

/** Jobs that wait for a time rather than deliver something: not a backlog while they wait. */
export const DEADLINE_KINDS: readonly JobKind[] = [Job.escalationDeadline, Job.updateCadence, Job.itemDue];

export const jobKey = {
  channel: (crisisId: number) => `channel:${crisisId}`,
  summary: (crisisId: number) => `summary:${crisisId}`,
  checklist: (crisisId: number) => `checklist:${crisisId}`,
  page: (pageId: number) => `page:${pageId}`,
  triage: (alertId: number) => `triage:${alertId}`,
  deadline: (crisisId: number, stage: number) => `deadline:${crisisId}:${stage}`,
  itemDue: (itemId: number) => `due:${itemId}`,
  cadence: (crisisId: number, at: number) => `cadence:${crisisId}:${at}`,
};

export const lane = {
  checklist: (crisisId: number) => `checklist:${crisisId}`,
  page: (pageId: number) => `page:${pageId}`,
  channelPosts: (crisisId: number) => `posts:${crisisId}`,
  triage: (alertId: number) => `triage:${alertId}`,
  summary: (crisisId: number) => `summary:${crisisId}`,
  topic: (crisisId: number) => `topic:${crisisId}`,
};

export interface InvitePayload {
  users: string[];
}
export interface PagePayload {
  pageId: number;
}
export interface UpdatePayload {
  updateId: number;
}
export interface NoticePayload {
  text: string;
}
export interface DeadlinePayload {
  stage: number;
}
export interface ItemPayload {
  itemId: number;
}
export interface AlertPayload {
  alertId: number;
}
export interface DebriefPayload {
  /** Where to post: the crisis channel, or the plan's debrief channel. */
  target: 'crisis' | 'archive';
}
