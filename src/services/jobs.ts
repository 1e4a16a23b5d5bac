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
} as const;
export type JobKind = (typeof Job)[keyof typeof Job];

export const jobKey = {
  channel: (crisisId: number) => `channel:${crisisId}`,
  summary: (crisisId: number) => `summary:${crisisId}`,
  checklist: (crisisId: number) => `checklist:${crisisId}`,
  page: (pageId: number) => `page:${pageId}`,
};

export const lane = {
  checklist: (crisisId: number) => `checklist:${crisisId}`,
  page: (pageId: number) => `page:${pageId}`,
  channelPosts: (crisisId: number) => `posts:${crisisId}`,
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
export interface DebriefPayload {
  /** Where to post: the crisis channel, or the plan's debrief channel. */
  target: 'crisis' | 'archive';
}
