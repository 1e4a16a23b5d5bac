/**
 * Every word the bot says, in English: the source the Swedish and Polish catalogues mirror key
 * for key (their type is this one's shape, so a missing or extra key does not compile).
 *
 * ICU MessageFormat: `{name}` is a value, `{n, plural, one {…} other {…}}` and
 * `{x, select, a {…} other {…}}` choose by number or word, `#` is the number in a plural.
 * Slack mrkdwn: `*bold*`, `_italic_`, `~struck~`, `` `code` ``; `<`, `>` and `&` are written as
 * `&lt;`, `&gt;` and `&amp;`, except in the plain-text sections (buttons, modal, header) noted
 * below. Values that are people's words arrive escaped for where they are shown.
 */
export const en = {
  common: {
    stage: 'stage {stage}',
    stageNamed: 'stage {stage} ({name})',
    unknownSource: 'unknown',
    theBot: 'the bot',
  },

  /** Plain text (button labels): at most 75 characters. */
  buttons: {
    acknowledge: 'Acknowledge',
    done: 'Done',
    undo: 'Undo',
    openCrisis: 'Open crisis',
    customerService: 'Customer service',
    dismiss: 'Dismiss',
    dismissAll: 'Dismiss all ({count})',
  },

  summary: {
    /** Plain text (a header block). */
    header: 'Crisis: {title}',
    meta: '{badge} · type *{type}* · opened by {opener} {when}',
    paged: '{stage, plural, =1 {Stage 1} other {Stages 1–#}} paged.',
    pagedUpTo: '{stage, plural, =1 {Stage 1} other {Stages 1–#}} paged (up to {name}).',
    rosterHeading: '*Roster contacts*',
    commands: '`/crisis status` · `/crisis update &lt;text&gt;` · `/crisis escalate` · `/crisis severity sev1|sev2|sev3` · `/crisis close [summary]`',
    fallback: 'Crisis opened: {title} ({severity})',
    /** The channel topic: no markup, but Slack reads mentions in it, so values arrive escaped. */
    topic: '{badge} {title} · /crisis status for the state',
  },

  checklist: {
    heading: '*Checklist: {title}* · {done}/{total} done',
    headingClosed: '*Checklist: {title}* · {done}/{total} done · crisis closed',
    continued: '*Checklist: {title}* (continued, {part}/{parts})',
    empty: 'This crisis type has no checklist.',
    due: 'due {when}',
    doneBy: '_done by {who} {when}_',
    fallback: 'Checklist: {title} ({done}/{total} done)',
  },

  page: {
    title: '🚨 *You are paged: {title}*',
    meta: '{badge} · type {type} · {stage}',
    opened: 'Opened by {opener} {when}. {where}',
    join: 'Join {channel}',
    channelComing: '_The crisis channel is being created._',
    acknowledged: '✅ Acknowledged by {who} {when}',
    fallback: 'Paged for crisis: {title} ({severity}), please acknowledge',
    fallbackAcknowledged: 'Paged for crisis: {title} ({severity}), acknowledged',
  },

  status: {
    head: '*{title}* · {state, select, open {open} other {closed}} · {badge} · type {type}',
    openFor: 'Open for {duration} (since {when}) · {stage}',
    checklist: 'Checklist: {done}/{total} done',
    firstAck: 'First acknowledgement: after {duration}',
    firstAckNone: 'First acknowledgement: *nobody has acknowledged yet*',
    pagedHeading: '*Paged*',
    pageAcked: '• {who} stage {stage}: paged {paged}, acknowledged {acked}',
    pageWaiting: '• {who} stage {stage}: paged {paged}, not acknowledged ({ago} ago)',
    nextEscalation: '⏳ Nobody in stage {stage} has acknowledged: {next} is paged {when} (in {duration}).',
    firstResponse: 'First public response ({item}): after {duration}',
    firstResponseWaiting: '*First public response ({item}): not yet, {duration} since opening*',
    overdue: '⚠️ *Overdue*: {items}',
    overdueItem: '{item} (due {when})',
    toDo: '*Still to do*: {items}',
    lastUpdate: 'Last update {when} ({ago} ago)',
    noUpdate: 'No status update yet.',
    updateOverdue: '*A status update is overdue.*',
    updateDue: 'Next status update due {when}.',
    undelivered: '⚠️ {count, plural, one {# Slack message} other {# Slack messages}} could not be delivered; see the logs.',
    delivering: '⏳ {count, plural, one {# Slack message} other {# Slack messages}} still being delivered.',
    unmatched:
      '⚠️ Not paged yet: {count, plural, one {# roster member whose email is} other {# roster members whose emails are}} not matched to a Slack account: {names}.',
    pacedPosts:
      "⏳ Slack's rate limit: {count, plural, one {# message} other {# messages}} to {where} {count, plural, one {waits its} other {wait their}} turn (the last goes at {when}, in {duration}).",
    pacedCalls:
      "⏳ Slack's rate limit: {count, plural, one {# call} other {# calls}} to {method} {count, plural, one {waits its} other {wait their}} turn (the last goes at {when}, in {duration}).",
    zone: '_Times in {zone}._',
  },

  triage: {
    meta: '{badge} · source *{source}* · received {when}',
    link: 'Open in {source}',
    openedBy: '🚨 Opened as a crisis by {who} {when}',
    openedAtOnce: '🚨 Opened a crisis at once ({severity}) {when}',
    customerService: '💬 Handed to customer service by {who} {when}',
    dismissed: 'Dismissed by {who} {when}',
    seen: 'seen {count, plural, one {# time} other {# times}}, last {when}',
    resolved: 'source reports resolved {when}',
    fallback: 'Alert ({severity}): {title}',
  },

  /** Alerts grouped into one message while the alerts channel was backed up (a storm). */
  digest: {
    heading: '🔔 *{count, plural, one {# more alert} other {# more alerts}} from {sources} in the last {window}*',
    sources: '{count} sources',
    notListed: '{count, plural, one {# more alert is} other {# more alerts are}} not listed: the most severe and newest are shown.',
    fallback: '{count, plural, one {# alert} other {# alerts}} grouped in one message while alerts poured in',
  },

  update: {
    post: '📣 *Status update* from {who} {when}',
    fallback: 'Status update: {text}',
  },

  notice: {
    escalated: '⏫ {why}. Paging {stage}: {who}.',
    escalatedNobodyNew: '⏫ {why}. Paging {stage}: everyone in it was already paged.',
    whyDeadline: 'Nobody in {stage} acknowledged within {timeout}',
    whyManual: '{who} escalated',
    whySeverity: 'Severity raised to {severity}',
    lastStage: '🚨 *Nobody in {stage} acknowledged within {timeout}, and it is the last stage.* Call them directly: {who} (phone numbers in the summary above).',
    severityChanged: 'Severity changed from *{from}* to *{to}* by {who}.',
    updateOverdue: '⏰ No status update for {since}. {leads}: post one with `/crisis update &lt;text&gt;`; if the picture is still incomplete, say so.',
    itemOverdue: '⏰ Overdue: *{item}* was due {ago} ago ({when}).',
    itemOverdueOwners: '⏰ Overdue: *{item}* was due {ago} ago ({when}). {owners} ({role})',
  },

  answer: {
    opening: 'Opening *{title}* ({severity}): creating the channel and paging {stages, plural, =1 {stage 1} other {stages 1–#}} (up to {name}).',
    alreadyOpening: '*{title}* is already being opened.',
    updateRecorded: 'Update recorded; it is being posted to the channel.',
    closed: 'Crisis closed; the debrief is being posted.',
    escalated: 'Paging {stage}.',
    severityChanged: 'Severity is now {severity}.',
    severityRaised: 'Severity is now {severity}; paging up to {stage}.',
    openCrises: '*{count, plural, one {# open crisis} other {# open crises}}*',
    openCrisis: '• {where} {title} · {severity}',
    channelFailed: '(the channel could not be created; see the logs)',
    channelComing: '(channel being created)',
    noCrisis: 'No crisis is open.',
    somethingWentWrong: 'Something went wrong on our side; nothing was changed. The error is logged.',
  },

  refusal: {
    unknownType: 'Unknown crisis type "{type}".',
    unknownPage: 'That page is not known to the bot.',
    notYourPage: 'This page is for {owner}; only they can acknowledge it.',
    unknownItem: 'That checklist item is not known to the bot.',
    checklistClosed: 'This crisis is closed; its checklist is in the debrief.',
    notMandated:
      '{mandate, select, close {Only {who} may close a crisis.} escalate {Only {who} may escalate a crisis.} other {Only {who} may change the severity.}}',
    holders: '{names} ({refs})',
    rosterMembers: 'members of the crisis roster',
    alreadyClosed: 'This crisis is already closed.',
    crisisClosed: 'This crisis is closed.',
    lastStage: 'This crisis is already at the last stage ({name}); there is nobody further to page.',
    sameSeverity: 'The severity is already {severity}.',
    unknownAlert: 'That alert is not known to the bot.',
    alreadyDecided: 'This alert was already decided; nothing was changed.',
    alreadyDecidedBy: 'This alert was already decided by {who}; nothing was changed.',
    notInCrisisChannel: '`/crisis {verb}` works in a crisis channel; `/crisis list` shows the open crises.',
    staleButton: 'That button is out of date; nothing was changed.',
    unknownAction: 'That button is out of date or not known to this bot; nothing was changed.',
    formFailed: 'Could not open the form; use `/crisis open [sev1|sev2|sev3] &lt;title&gt;` instead.',
    unknownDigest: 'That group of alerts is not known to the bot.',
    nothingToDismiss: 'Every alert in it is already decided; nothing was changed.',
  },

  problem: {
    updateEmpty: 'Say what changed: `/crisis update &lt;text&gt;`.',
    updateTooLong: 'That update is {length} characters; keep it under {max}.',
    severityUsage: 'Usage: `/crisis severity sev1|sev2|sev3`.',
    closeSummaryTooLong: 'That summary is {length} characters; keep it under {max}.',
    unknownSeverity: 'Unknown severity "{word}": use sev1, sev2 or sev3.',
    unknownType: 'Unknown crisis type "{type}": the plan has {known}.',
    titleMissing: 'Give the crisis a title: `/crisis open [sev1|sev2|sev3] [type:&lt;name&gt;] &lt;title&gt;`.',
    titleTooLong: 'That title is {length} characters; keep it under {max}.',
  },

  help: {
    title: '*/crisis* — run a social-media crisis from Slack',
    openForm: '• `/crisis open` — open a crisis with a form',
    open: '• `/crisis open [sev1|sev2|sev3] [type:&lt;name&gt;] &lt;title&gt;` — open at once (default sev2)',
    status: '• `/crisis status` — state, who acknowledged, checklist progress (in a crisis channel)',
    update: '• `/crisis update &lt;text&gt;` — record and post a status update (in a crisis channel)',
    escalate: '• `/crisis escalate` — page the next stage now (in a crisis channel)',
    severity: '• `/crisis severity sev1|sev2|sev3` — change the severity (in a crisis channel)',
    close: '• `/crisis close [summary]` — close and post the debrief (in a crisis channel)',
    list: '• `/crisis list` — the open crises',
    types: 'Crisis types: {types}',
  },

  /** Plain text (Slack modal): the title at most 24 characters. */
  modal: {
    title: 'Open a crisis',
    submit: 'Open',
    cancel: 'Cancel',
    titleLabel: 'Title',
    titlePlaceholder: 'Boycott call trending on Instagram',
    severityLabel: 'Severity',
    typeLabel: 'Type',
    summaryLabel: 'What is happening',
    chooseSeverity: 'Choose sev1, sev2 or sev3.',
    chooseType: 'Choose a crisis type from the plan.',
  },

  /** Markdown (the debrief file); its Slack post is made from the same text. */
  debrief: {
    title: '# Debrief: {title}',
    severity: 'Severity',
    type: 'Type',
    opened: 'Opened',
    closed: 'Closed',
    by: '{when} by {who}',
    duration: 'Duration',
    channel: 'Channel',
    noChannel: 'not created',
    highestStage: 'Highest stage paged',
    timeToFirstAck: 'Time to first acknowledgement',
    nobodyAcknowledged: 'nobody acknowledged',
    timeToFirstResponse: 'Time to first public response',
    noFirstResponse: 'none before closing ({item})',
    checklist: 'Checklist',
    checklistDone: '{done}/{total} done',
    timeZone: 'Time zone',
    summaryAtOpening: '## Summary at opening',
    summaryAtClose: '## Summary at close',
    whoWasPaged: '## Who was paged',
    nobodyPaged: 'Nobody was paged.',
    person: 'Person',
    stage: 'Stage',
    paged: 'Paged',
    acknowledged: 'Acknowledged',
    didNotAcknowledge: 'did not acknowledge',
    acknowledgedAfter: '{when} (after {duration})',
    checklistHeading: '## Checklist',
    doneBy: '{item}: done by {who} at {when}',
    overdue: 'Overdue:',
    overdueNotDone: '{item}: due {when}, not done',
    overdueLate: '{item}: due {when}, done {late} late',
    leftOpen: 'Left open: {count, plural, one {# item} other {# items}}: {items}.',
    nothingLeftOpen: 'Nothing was left open.',
    updatesHeading: '## Status updates',
    noUpdates: 'No status update was posted.',
    timelineHeading: '## Timeline',
    reviewHeading: '## For the next review',
    wentWell: '- What went well:',
    toImprove: '- What to improve:',
    planChanges: '- Changes to the crisis plan:',
    continues: 'The debrief continues in the attached Markdown file.',
    fallback: 'Debrief: {title}',
    /** Plain text (the uploaded file's title). */
    fileTitle: 'Debrief: {title}',
  },

  /** The debrief's timeline, one line per fact. */
  timeline: {
    opened: 'Opened by {who} ({severity}, type {type})',
    paged: 'Paged {member} ({stage})',
    acknowledged: '{member} acknowledged {stage} after {after}',
    acknowledgedAfterClose: '{member} acknowledged {stage} after {after} (after the crisis was closed)',
    itemDone: '{who} ticked "{item}"',
    itemUndone: '{who} reopened "{item}"',
    update: 'Status update by {who}',
    closed: 'Closed by {who}',
    unanswered: 'Nobody in {stage} acknowledged within {timeout}; it is the last stage',
    escalated: '{why}: escalated to {stage}, paged {names}',
    escalatedNobodyNew: '{why}: escalated to {stage}, paged nobody new (all already paged)',
    severity: '{who} changed the severity from {from} to {to}',
    updateOverdue: 'Reminder: no status update for {since}',
    itemOverdue: 'Reminder: "{item}" is overdue',
    channel: 'Channel #{name} created',
    inviteFailed: 'Could not invite {users}',
    alertAtOnce: 'Opened at once from alert "{title}" ({source}, {severity})',
    alertTriage: 'Opened from triage from alert "{title}" ({source}, {severity})',
    alertResolved: 'Source reports resolved: {title} ({source})',
    alertSeen: 'Alert seen again ({count, plural, one {# time} other {# times}}): {title}',
    unreadable: 'An entry this version cannot read ({kind})',
  },

  /** Text the bot writes into records: an alert raised by listening, a crisis opened from an alert. */
  alert: {
    signalTitle: 'Listening: {source} crossed its thresholds',
    volume: '{mentions, number} mentions = {ratio, number, ::.#} × baseline {baseline, number, ::.#} (threshold {threshold, number, ::.#} ×)',
    volumeZeroBaseline: '{mentions, number} mentions against a baseline of {baseline, number, ::.#} (threshold {threshold, number, ::.#} ×)',
    negative: '{negative, number} of {mentions, number} mentions negative = {share, number, percent} (threshold {threshold, number, percent})',
    fromAlert: 'From alert: {title} ({source}, {severity})',
  },
} as const;
