/** Every action, block and callback id the app listens for, named once. */
export const ActionId = {
  pageAck: 'page_ack',
  checklistDone: 'checklist_done',
  checklistUndo: 'checklist_undo',
  alertOpen: 'alert_open',
  alertCustomerService: 'alert_customer_service',
  alertDismiss: 'alert_dismiss',
  /** A digest's "Dismiss all": its value is the digest's id. */
  alertDismissAll: 'alert_dismiss_all',
  /** `/crisis status`'s "Share in channel": its value is the crisis's id. */
  statusShare: 'status_share',
  /** `/crisis list`'s "Close" on a crisis whose channel Slack refused: its value is the crisis's id. */
  closeStranded: 'close_stranded',
} as const;

export const CallbackId = {
  openModal: 'crisis_open_modal',
} as const;

export const OpenModalField = {
  title: { block: 'title', action: 'title_input' },
  severity: { block: 'severity', action: 'severity_select' },
  type: { block: 'type', action: 'type_select' },
  summary: { block: 'summary', action: 'summary_input' },
} as const;
