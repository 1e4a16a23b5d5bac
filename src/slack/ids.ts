/** Every action, block and callback id the app listens for, named once. */
export const ActionId = {
  pageAck: 'page_ack',
  checklistDone: 'checklist_done',
  checklistUndo: 'checklist_undo',
  alertOpen: 'alert_open',
  alertCustomerService: 'alert_customer_service',
  alertDismiss: 'alert_dismiss',
  /** Add to crisis, on a triage message while a crisis is open: its value is `<alert id>:<crisis id>`. */
  alertAddToCrisis: 'alert_add_to_crisis',
  /** A digest's "Dismiss all": its value is the digest's id. */
  alertDismissAll: 'alert_dismiss_all',
  /** `/crisis status`'s "Share in channel": its value is the crisis's id. */
  statusShare: 'status_share',
  /** `/crisis list`'s "Close" on a crisis whose channel Slack refused: its value is the crisis's id. */
  closeStranded: 'close_stranded',
  /** A statement's buttons: their value is the version's id (Edit: the statement's). */
  statementApprove: 'statement_approve',
  statementChanges: 'statement_request_changes',
  statementEdit: 'statement_edit',
  statementPublish: 'statement_mark_published',
  /** Publish through the scheduler (accounts with `publish: true`): its value is the version's id. */
  statementSend: 'statement_publish',
  /** The freeze request's Paused: its value is the freeze's id. */
  freezePaused: 'freeze_paused',
  /** Resume posts, after close, for an account the bot held back in Hootsuite: its value is the freeze's id. */
  freezeResume: 'freeze_resume',
  /** A response-queue item's buttons: their value is the item's id. */
  responseAnswered: 'response_answered',
  responseClaim: 'response_claim',
  responseMoved: 'response_moved_to_private',
  responseEscalate: 'response_escalate',
  responseRemove: 'response_remove',
  /** The close DM's "Share what you learned": its value is the crisis's id. */
  feedback: 'feedback_open',
  /** A follow-up action's Done: its value is the action's id. */
  actionDone: 'action_done',
  /** The plan review DM's Confirmed: the roster and contacts are right. */
  planConfirmed: 'plan_confirmed',
  /** /crisis plan's "Made in the plan" on a change a lesson asked for: its value is the lesson's id. */
  planChangeApplied: 'plan_change_applied',
  /** Home's "Open a crisis": opens the same form as /crisis open. */
  homeOpenCrisis: 'home_open_crisis',
  /** Home's "Start a drill": opens a drill at once, as /crisis drill does. */
  homeStartDrill: 'home_start_drill',
} as const;

export const CallbackId = {
  openModal: 'crisis_open_modal',
  statementModal: 'statement_modal',
  statementEdit: 'statement_edit_modal',
  statementChanges: 'statement_changes_modal',
  statementPublish: 'statement_publish_modal',
  /** Publish's confirmation naming the accounts. */
  statementSend: 'statement_send_modal',
  resumePosts: 'resume_posts_modal',
  responseAnswered: 'response_answered_modal',
  responseRemove: 'response_remove_modal',
  feedback: 'feedback_modal',
  /** Done on the first-response item: the link to the public response. */
  firstResponse: 'first_response_modal',
  /** The message shortcut, as the manifest and the public surface name it. */
  addToResponseQueue: 'add_to_response_queue',
} as const;

export const ResponseField = {
  reply: { block: 'reply', action: 'reply_url' },
  /** Answered: an approved answer to start from (dispatches as it is chosen). */
  answer: { block: 'answer', action: 'answer_select' },
  /** Answered: the chosen answer's text, to copy; the block id ends with the choice, so Slack shows the new text. */
  answerText: { block: 'answer_text', action: 'answer_text_input' },
  reason: { block: 'reason', action: 'reason_select' },
  author: { block: 'author', action: 'author_input' },
  postedAt: { block: 'posted_at', action: 'posted_at_picker' },
  text: { block: 'text', action: 'text_input' },
  screenshot: { block: 'screenshot', action: 'screenshot_url' },
} as const;

export const FirstResponseField = {
  url: { block: 'response_url', action: 'response_url_input' },
} as const;

export const FeedbackField = {
  wentWell: { block: 'went_well', action: 'went_well_input' },
  improve: { block: 'improve', action: 'improve_input' },
  planChange: { block: 'plan_change', action: 'plan_change_input' },
} as const;

export const ResumeField = {
  at: { block: 'resume_at', action: 'resume_at_picker' },
} as const;

export const StatementField = {
  template: { block: 'template', action: 'template_select' },
  platforms: { block: 'platforms', action: 'platforms_select' },
  text: { block: 'text', action: 'text_input' },
  /** The subject in public words, for `{topic}` in a plan statement. */
  topic: { block: 'topic', action: 'topic_input' },
  reason: { block: 'reason', action: 'reason_input' },
  platform: { block: 'platform', action: 'platform_select' },
  url: { block: 'url', action: 'url_input' },
} as const;

export const OpenModalField = {
  title: { block: 'title', action: 'title_input' },
  severity: { block: 'severity', action: 'severity_select' },
  type: { block: 'type', action: 'type_select' },
  summary: { block: 'summary', action: 'summary_input' },
} as const;
