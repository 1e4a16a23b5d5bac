import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { DONE_WHEN } from '../config/done-when.js';

// Times are epoch milliseconds: the domain takes `now` as a number and SQLite compares them cheaply.

export const crises = sqliteTable(
  'crises',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** What started it (a slash command's trigger_id, a modal's view id): a retry finds the same crisis. */
    openKey: text('open_key').notNull(),
    title: text().notNull(),
    severity: text({ enum: ['sev1', 'sev2', 'sev3'] }).notNull(),
    type: text().notNull(),
    summary: text(),
    state: text({ enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    openerId: text('opener_id').notNull(),
    /** The highest stage paged so far. */
    stage: integer().notNull(),
    channelId: text('channel_id'),
    channelName: text('channel_name'),
    openedAt: integer('opened_at').notNull(),
    closedAt: integer('closed_at'),
    closedBy: text('closed_by'),
    closeSummary: text('close_summary'),
    debrief: text(),
    /** The crisis lead named with `/crisis lead`; until then the plan's leads (mandate `close`). */
    leadId: text('lead_id'),
    /** An exercise (`/crisis drill`): marked everywhere, touching nothing public, counted in no figure of real crises. */
    drill: integer({ mode: 'boolean' }).notNull().default(false),
    /** The plan's scenario a drill plays (`drills[].id`); null: unscripted, or not a drill. */
    drillScenario: text('drill_scenario'),
  },
  (t) => [uniqueIndex('crises_open_key').on(t.openKey), uniqueIndex('crises_channel').on(t.channelId), index('crises_state').on(t.state)],
);

export const pages = sqliteTable(
  'pages',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    crisisId: integer('crisis_id')
      .notNull()
      .references(() => crises.id),
    stage: integer().notNull(),
    userId: text('user_id').notNull(),
    memberName: text('member_name').notNull(),
    pagedAt: integer('paged_at').notNull(),
    /** Where the page landed, so it can be updated in place. */
    dmChannel: text('dm_channel'),
    dmTs: text('dm_ts'),
    dmHasLink: integer('dm_has_link', { mode: 'boolean' }).notNull().default(false),
    ackedAt: integer('acked_at'),
    /** When the one reminder went to someone who had not answered by their stage's deadline. */
    chasedAt: integer('chased_at'),
  },
  (t) => [uniqueIndex('pages_once_per_stage').on(t.crisisId, t.stage, t.userId)],
);

/**
 * People told of a crisis without being asked to acknowledge: a stage's `inform`, and the
 * crisis leads at opening. Once per person and crisis.
 */
export const informs = sqliteTable(
  'informs',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    crisisId: integer('crisis_id')
      .notNull()
      .references(() => crises.id),
    stage: integer().notNull(),
    userId: text('user_id').notNull(),
    memberName: text('member_name').notNull(),
    informedAt: integer('informed_at').notNull(),
    dmChannel: text('dm_channel'),
    dmTs: text('dm_ts'),
  },
  (t) => [uniqueIndex('informs_once').on(t.crisisId, t.userId)],
);

export const checklistItems = sqliteTable(
  'checklist_items',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    crisisId: integer('crisis_id')
      .notNull()
      .references(() => crises.id),
    position: integer().notNull(),
    text: text().notNull(),
    role: text(),
    dueAt: integer('due_at'),
    /** What ticks it besides a hand (the first publication, the freeze, the Q&A): see domain/checklist. */
    doneWhen: text('done_when', { enum: DONE_WHEN }),
    doneAt: integer('done_at'),
    doneBy: text('done_by'),
    /** The public response a hand tick of the first-response item pointed to. */
    link: text(),
  },
  (t) => [uniqueIndex('checklist_items_position').on(t.crisisId, t.position)],
);

/** Messages the bot keeps updating in place (the checklist may span several). */
export const crisisMessages = sqliteTable(
  'crisis_messages',
  {
    crisisId: integer('crisis_id')
      .notNull()
      .references(() => crises.id),
    kind: text({ enum: ['summary', 'checklist', 'freeze', 'held', 'qa', 'queue', 'debrief'] }).notNull(),
    part: integer().notNull(),
    channel: text().notNull(),
    ts: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.crisisId, t.kind, t.part] })],
);

export const statusUpdates = sqliteTable('status_updates', {
  id: integer().primaryKey({ autoIncrement: true }),
  crisisId: integer('crisis_id')
    .notNull()
    .references(() => crises.id),
  authorId: text('author_id').notNull(),
  text: text().notNull(),
  postedAt: integer('posted_at').notNull(),
});

export const events = sqliteTable(
  'events',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    crisisId: integer('crisis_id')
      .notNull()
      .references(() => crises.id),
    at: integer().notNull(),
    kind: text().notNull(),
    actorId: text('actor_id'),
    /** The event's facts as JSON (see domain/timeline.ts); rendered in the plan's language. */
    data: text(),
    /** The English sentence that earlier versions stored instead of `data`; kept for their entries. */
    detail: text(),
  },
  (t) => [index('events_crisis').on(t.crisisId, t.at)],
);

/**
 * Durable intent: every Slack call the bot owes is a row here before it is attempted, so a
 * crash, a 429 or a 500 delays it but never loses it.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    crisisId: integer('crisis_id').references(() => crises.id),
    kind: text().notNull(),
    payload: text().notNull().default('{}'),
    /** Unique name of the job when others depend on it or it must exist only once. */
    key: text(),
    /** Key of a job that must be done before this one may run. */
    after: text(),
    /** Jobs sharing a lane run one at a time, in order. */
    lane: text(),
    /** Lower runs first among due jobs: opening and pages before triage, re-renders and uploads. */
    priority: integer().notNull().default(2),
    state: text({ enum: ['pending', 'running', 'done', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer().notNull().default(0),
    runAt: integer('run_at').notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    doneAt: integer('done_at'),
    /** The claim of the instance running it (a random token), and until when it holds unless renewed. */
    lease: text(),
    lockedUntil: integer('locked_until'),
  },
  (t) => [
    uniqueIndex('outbox_key').on(t.key),
    index('outbox_due')
      .on(t.state, t.priority, t.runAt)
      .where(sql`state in ('pending', 'running')`),
    index('outbox_lane').on(t.lane, t.state),
  ],
);

// Rows stay in src/store: repositories hand out the domain's types (src/domain), which these match.
export type EventRow = typeof events.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;

/** Display names of everyone who touched a crisis, so a debrief file can name them. */
export const people = sqliteTable('people', {
  userId: text('user_id').primaryKey(),
  name: text().notNull(),
  seenAt: integer('seen_at').notNull(),
});

/** Alerts from monitoring and listening tools, and what was decided about them. */
export const alerts = sqliteTable(
  'alerts',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    fingerprint: text().notNull(),
    source: text().notNull(),
    title: text().notNull(),
    severity: text({ enum: ['sev1', 'sev2', 'sev3'] }).notNull(),
    summary: text(),
    url: text(),
    metrics: text(),
    /** triage → opened | customer_service | dismissed; opened also when it opened a crisis at once. */
    state: text({ enum: ['triage', 'opened', 'added', 'customer_service', 'dismissed'] }).notNull(),
    crisisId: integer('crisis_id').references(() => crises.id),
    receivedAt: integer('received_at').notNull(),
    seenCount: integer('seen_count').notNull().default(1),
    lastSeenAt: integer('last_seen_at').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: integer('decided_at'),
    resolvedAt: integer('resolved_at'),
    channel: text(),
    ts: text(),
    /** Customer service: the link to the hand-off posted in the plan's customer_service_channel. */
    handoffLink: text('handoff_link'),
    /** The digest it was grouped into, when it came while the alerts channel was backed up. */
    digestId: integer('digest_id').references(() => triageDigests.id),
  },
  (t) => [index('alerts_fingerprint').on(t.fingerprint, t.state), index('alerts_digest').on(t.digestId)],
);

/**
 * One message in the alerts channel for the alerts that arrived during a window while the
 * channel's own posts were queued (an alert storm): kept up to date as alerts join it.
 */
export const triageDigests = sqliteTable('triage_digests', {
  id: integer().primaryKey({ autoIncrement: true }),
  openedAt: integer('opened_at').notNull(),
  /** Alerts grouped after this open the next digest. */
  closesAt: integer('closes_at').notNull(),
  channel: text(),
  ts: text(),
});

export const signalReadings = sqliteTable(
  'signal_readings',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    source: text().notNull(),
    mentions: integer().notNull(),
    negative: integer(),
    at: integer().notNull(),
  },
  (t) => [index('signal_readings_source').on(t.source, t.id)],
);

/** Per listening source: whether it is above its thresholds now, so it alerts once per excursion. */
export const signalSources = sqliteTable('signal_sources', {
  source: text().primaryKey(),
  alerting: integer({ mode: 'boolean' }).notNull().default(false),
  alertId: integer('alert_id').references(() => alerts.id),
});

/**
 * Roster emails Slack has matched to a user, so each is looked up once: a restart (or a plan
 * with the same people) starts without asking Slack again.
 */
export const rosterEmails = sqliteTable('roster_emails', {
  /** Lower-cased: Slack matches emails without regard to case. */
  email: text().primaryKey(),
  slackId: text('slack_id').notNull(),
  resolvedAt: integer('resolved_at').notNull(),
});

/** What the brand says: a statement, drafted in a crisis, with its versions and publications. */
export const statements = sqliteTable('statements', {
  id: integer().primaryKey({ autoIncrement: true }),
  crisisId: integer('crisis_id')
    .notNull()
    .references(() => crises.id),
  authorId: text('author_id').notNull(),
  /** The platforms it is written for, as JSON (see domain/statements PLATFORMS). */
  platforms: text().notNull().default('[]'),
  createdAt: integer('created_at').notNull(),
  /** Its message in the crisis channel, kept up to date. */
  channel: text(),
  ts: text(),
});

/**
 * One text of a statement. Never changed once written: an edit is a new version, and an
 * approval records the hash of the exact text it approved.
 */
export const statementVersions = sqliteTable(
  'statement_versions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    statementId: integer('statement_id')
      .notNull()
      .references(() => statements.id),
    version: integer().notNull(),
    text: text().notNull(),
    /** SHA-256 of the text, hex. */
    hash: text().notNull(),
    authorId: text('author_id').notNull(),
    createdAt: integer('created_at').notNull(),
    approvedBy: text('approved_by'),
    approvedAt: integer('approved_at'),
    approvedHash: text('approved_hash'),
    changesBy: text('changes_by'),
    changesAt: integer('changes_at'),
    changesReason: text('changes_reason'),
  },
  (t) => [uniqueIndex('statement_versions_once').on(t.statementId, t.version)],
);

/** Where and when an approved version was published, and by whom. */
export const publications = sqliteTable('publications', {
  id: integer().primaryKey({ autoIncrement: true }),
  crisisId: integer('crisis_id')
    .notNull()
    .references(() => crises.id),
  versionId: integer('version_id')
    .notNull()
    .references(() => statementVersions.id),
  platform: text().notNull(),
  url: text().notNull(),
  publishedBy: text('published_by').notNull(),
  publishedAt: integer('published_at').notNull(),
  /** How it went out: posted by hand and marked (the text not checked), or sent by the bot through the scheduler. */
  via: text({ enum: ['hand', 'hootsuite'] })
    .notNull()
    .default('hand'),
});

/**
 * The publishing freeze: one row per crisis and plan account, from the request to its owners
 * at opening until someone pressed Paused (and, at close, until the owners were told to resume).
 */
export const accountFreezes = sqliteTable(
  'account_freezes',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    crisisId: integer('crisis_id')
      .notNull()
      .references(() => crises.id),
    /** The account's name and handle in the plan, as they were at opening. */
    account: text().notNull(),
    handle: text(),
    askedAt: integer('asked_at').notNull(),
    frozenBy: text('frozen_by'),
    frozenAt: integer('frozen_at'),
    /** When the owners were told the freeze is over (at close). */
    releasedAt: integer('released_at'),
    /**
     * With a scheduler: when the bot began holding back what is scheduled there (Paused, or a
     * sev1 opening), and when it had a copy of every scheduled post (`heldAt`).
     */
    holdStartedAt: integer('hold_started_at'),
    heldAt: integer('held_at'),
    /** The scheduler refused to list the posts (a revoked token, say): the owners pause by hand. */
    holdFailure: text('hold_failure'),
    /** The scheduler listed only part of what is scheduled (a partial answer), in its words: the rest is for the owners to pause by hand. */
    holdIncomplete: text('hold_incomplete'),
    /** Who pressed Resume posts, and when. */
    resumedBy: text('resumed_by'),
    resumedAt: integer('resumed_at'),
  },
  (t) => [uniqueIndex('account_freezes_once').on(t.crisisId, t.account, t.handle)],
);

/** An owner's DM asking to pause an account: kept so it gets the channel's link once the channel exists. */
export const freezeRequests = sqliteTable(
  'freeze_requests',
  {
    freezeId: integer('freeze_id')
      .notNull()
      .references(() => accountFreezes.id),
    userId: text('user_id').notNull(),
    dmChannel: text('dm_channel').notNull(),
    dmTs: text('dm_ts').notNull(),
    hasLink: integer('has_link', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.freezeId, t.userId] })],
);

/**
 * A post the bot held back in a scheduler: a full copy, kept before the post is unscheduled
 * there (Hootsuite has no pause and no undelete), and what became of it at resume.
 */
export const heldPosts = sqliteTable(
  'held_posts',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    freezeId: integer('freeze_id')
      .notNull()
      .references(() => accountFreezes.id),
    crisisId: integer('crisis_id')
      .notNull()
      .references(() => crises.id),
    profileId: text('profile_id').notNull(),
    /** The message's id in the scheduler when it was saved. */
    externalId: text('external_id').notNull(),
    text: text().notNull(),
    scheduledAt: integer('scheduled_at').notNull(),
    /** JSON array of URLs. */
    mediaUrls: text('media_urls').notNull().default('[]'),
    /** The whole message as the scheduler returned it (JSON), so a restore brings back all it carried. */
    message: text(),
    /** It was waiting for approval in the scheduler when it was held back. */
    awaitingApproval: integer('awaiting_approval', { mode: 'boolean' }).notNull().default(false),
    /** Scheduled again, it waits for approval in the scheduler. */
    restoredPending: integer('restored_pending', { mode: 'boolean' }).notNull().default(false),
    /** When a later look caught it (scheduled after the freeze began); null for the posts held at first. */
    caughtAt: integer('caught_at'),
    savedAt: integer('saved_at').notNull(),
    /** saved → held (or gone, or refused) → restoring → restored (or failed); see domain/held-posts. */
    state: text({ enum: ['saved', 'held', 'gone', 'refused', 'restoring', 'restored', 'failed'] })
      .notNull()
      .default('saved'),
    heldAt: integer('held_at'),
    restoreAt: integer('restore_at'),
    restoredId: text('restored_id'),
    restoredAt: integer('restored_at'),
    failure: text(),
  },
  (t) => [uniqueIndex('held_posts_once').on(t.freezeId, t.externalId)],
);

/**
 * The debrief after close: every later version (2, 3 …), compiled when something that belongs
 * in it happened after the close (posts resumed, and later lessons and actions). Version 1 is
 * the one compiled at close (crises.debrief holds the latest).
 */
export const debriefVersions = sqliteTable(
  'debrief_versions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    crisisId: integer('crisis_id')
      .notNull()
      .references(() => crises.id),
    version: integer().notNull(),
    text: text().notNull(),
    /** Why it was compiled again, as JSON (see domain/debrief DebriefRevision). */
    reason: text().notNull(),
    at: integer().notNull(),
    /** The version's file as shared in the debrief post's thread, in the crisis channel and in the debrief channel. */
    crisisFile: text('crisis_file'),
    archiveFile: text('archive_file'),
  },
  (t) => [uniqueIndex('debrief_versions_once').on(t.crisisId, t.version)],
);

/** The response queue: public posts that need an answer, one per crisis and post. */
export const responses = sqliteTable(
  'responses',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    crisisId: integer('crisis_id')
      .notNull()
      .references(() => crises.id),
    url: text().notNull(),
    /** The URL as compared: a post added twice (with tracking parameters, say) is one item. */
    urlKey: text('url_key').notNull(),
    platform: text().notNull(),
    note: text(),
    addedBy: text('added_by').notNull(),
    addedAt: integer('added_at').notNull(),
    /** open → answered | moved | removed */
    state: text({ enum: ['open', 'answered', 'moved', 'removed'] })
      .notNull()
      .default('open'),
    handledBy: text('handled_by'),
    handledAt: integer('handled_at'),
    replyUrl: text('reply_url'),
    escalatedBy: text('escalated_by'),
    escalatedAt: integer('escalated_at'),
    channel: text(),
    ts: text(),
    /** Who said "I'll take it": the one person answering it. */
    claimedBy: text('claimed_by'),
    claimedAt: integer('claimed_at'),
    /** What the listening tool (POST /responses) said of the post: who wrote it, what, when. */
    author: text(),
    text: text(),
    postedAt: integer('posted_at'),
    /** Named in a digest of posts still without an answer: each post is reminded once. */
    remindedAt: integer('reminded_at'),
  },
  (t) => [uniqueIndex('responses_once').on(t.crisisId, t.urlKey)],
);

/** What a removed post said, kept before it may be marked removed; never changed, only added to. */
export const evidence = sqliteTable('evidence', {
  id: integer().primaryKey({ autoIncrement: true }),
  responseId: integer('response_id')
    .notNull()
    .references(() => responses.id),
  crisisId: integer('crisis_id')
    .notNull()
    .references(() => crises.id),
  reason: text().notNull(),
  author: text().notNull(),
  /** When the post was published, as seen. */
  postedAt: integer('posted_at').notNull(),
  text: text().notNull(),
  /** SHA-256 of the text, hex. */
  textHash: text('text_hash').notNull(),
  screenshotUrl: text('screenshot_url'),
  recordedBy: text('recorded_by').notNull(),
  recordedAt: integer('recorded_at').notNull(),
});

/** The internal Q&A: what staff may be asked, and what to answer. */
export const qaEntries = sqliteTable('qa_entries', {
  id: integer().primaryKey({ autoIncrement: true }),
  crisisId: integer('crisis_id')
    .notNull()
    .references(() => crises.id),
  question: text().notNull(),
  answer: text().notNull(),
  addedBy: text('added_by').notNull(),
  addedAt: integer('added_at').notNull(),
});

/** Lessons for the debrief: `/crisis lesson`, and the answers to "what went well, what to improve". */
export const lessons = sqliteTable('lessons', {
  id: integer().primaryKey({ autoIncrement: true }),
  crisisId: integer('crisis_id')
    .notNull()
    .references(() => crises.id),
  kind: text({ enum: ['lesson', 'plan_change', 'went_well', 'improve'] }).notNull(),
  text: text().notNull(),
  by: text().notNull(),
  at: integer().notNull(),
  /** A plan change the plan's owner confirmed made in the plan: no longer listed in /crisis plan. */
  appliedBy: text('applied_by'),
  appliedAt: integer('applied_at'),
});

/** Who has opened the bot's Home tab: their Home is published again when their part changes. */
export const homeViews = sqliteTable('home_views', {
  userId: text('user_id').primaryKey(),
  openedAt: integer('opened_at').notNull(),
});

/**
 * The plan's review: "started" when the bot first ran with review_every, then each time the
 * plan's owner confirmed the roster and contacts. The next reminder is due review_every after the last.
 */
export const planReviews = sqliteTable(
  'plan_reviews',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    kind: text({ enum: ['started', 'confirmed'] }).notNull(),
    by: text(),
    at: integer().notNull(),
    /** The ask a confirmation answers: one confirmation per ask, however often Confirmed is pressed. */
    askedAt: integer('asked_at'),
  },
  (t) => [uniqueIndex('plan_reviews_once_per_ask').on(t.kind, t.askedAt)],
);

/** Follow-up actions, each with an owner, reminded weekly until done. */
export const followUps = sqliteTable('follow_ups', {
  id: integer().primaryKey({ autoIncrement: true }),
  crisisId: integer('crisis_id')
    .notNull()
    .references(() => crises.id),
  ownerId: text('owner_id').notNull(),
  text: text().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: integer('created_at').notNull(),
  doneBy: text('done_by'),
  doneAt: integer('done_at'),
  /** The owner's DM, updated in place when Done is pressed. */
  channel: text(),
  ts: text(),
  /** The day it is due (YYYY-MM-DD, in the plan's time zone), when given. */
  dueOn: text('due_on'),
});

/**
 * A call or a text to someone's phone about their page, decided before it is placed: the row is
 * the promise that it happens, `sid` (Twilio's) what makes a retry adopt it instead of placing it
 * twice. Numbered per page and kind: the second call of a page is attempt 2, whichever path
 * (the timer, Do Not Disturb, `/crisis call`) decided it, so two paths cannot both place it.
 */
export const phoneAttempts = sqliteTable(
  'phone_attempts',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    crisisId: integer('crisis_id')
      .notNull()
      .references(() => crises.id),
    pageId: integer('page_id')
      .notNull()
      .references(() => pages.id),
    kind: text({ enum: ['call', 'text'] }).notNull(),
    attempt: integer().notNull(),
    /** What decided it: the stage's phone_after or a repeat, Slack's Do Not Disturb, `/crisis call`. */
    cause: text({ enum: ['timer', 'dnd', 'manual'] }).notNull(),
    requestedBy: text('requested_by'),
    /** E.164, as dialled. */
    number: text().notNull(),
    decidedAt: integer('decided_at').notNull(),
    sid: text(),
    /** Twilio's last word on it (CallStatus or MessageStatus). */
    status: text(),
    answeredBy: text('answered_by'),
    endedAt: integer('ended_at'),
    /** How it ended, for people: see domain/phone. */
    outcome: text(),
  },
  (t) => [uniqueIndex('phone_attempts_once').on(t.pageId, t.kind, t.attempt), uniqueIndex('phone_attempts_sid').on(t.sid)],
);

/** Twilio's status callbacks, each once: the same callback again changes nothing. */
export const phoneEvents = sqliteTable(
  'phone_events',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    attemptId: integer('attempt_id')
      .notNull()
      .references(() => phoneAttempts.id),
    status: text().notNull(),
    at: integer().notNull(),
  },
  (t) => [uniqueIndex('phone_events_once').on(t.attemptId, t.status)],
);

/**
 * Hootsuite's OAuth tokens, one row: refresh tokens are single-use, so the rotated one is kept
 * here the moment Hootsuite gives it, before its access token is used (see hootsuite/tokens).
 */
export const hootsuiteTokens = sqliteTable('hootsuite_tokens', {
  id: integer().primaryKey().default(1),
  /** SHA-256 of the HOOTSUITE_REFRESH_TOKEN this chain started from: a new one in the environment starts a new chain. */
  seed: text().notNull(),
  refreshToken: text('refresh_token').notNull(),
  accessToken: text('access_token'),
  expiresAt: integer('expires_at'),
  refreshedAt: integer('refreshed_at'),
  /** Hootsuite's answer when it refused the refresh token (invalid_grant …): someone must authorise the bot again. */
  refusal: text(),
  refusedAt: integer('refused_at'),
});

/**
 * An approved statement sent through the scheduler to one account: filed before it is sent (so a
 * crash loses nothing), once per version and profile (a double click sends nothing twice).
 */
export const statementSends = sqliteTable(
  'statement_sends',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    crisisId: integer('crisis_id')
      .notNull()
      .references(() => crises.id),
    versionId: integer('version_id')
      .notNull()
      .references(() => statementVersions.id),
    account: text().notNull(),
    handle: text(),
    profileId: text('profile_id').notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedAt: integer('requested_at').notNull(),
    /** sending → waiting (for approval in the scheduler) → sent, or failed. */
    state: text({ enum: ['sending', 'waiting', 'sent', 'failed'] })
      .notNull()
      .default('sending'),
    messageId: text('message_id'),
    sentAt: integer('sent_at'),
    failure: text(),
  },
  (t) => [uniqueIndex('statement_sends_once').on(t.versionId, t.profileId)],
);
