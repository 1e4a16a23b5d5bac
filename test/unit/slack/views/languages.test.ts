import type { KnownBlock, ModalView } from '@slack/types';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlan, type Plan } from '../../../../src/config/plan.js';
import { UNKNOWN_SOURCE, type Alert } from '../../../../src/domain/alerts.js';
import type { CommandProblem } from '../../../../src/domain/command.js';
import type { Notice } from '../../../../src/domain/notices.js';
import type { Refusal } from '../../../../src/domain/refusals.js';
import { TOPIC } from '../../../../src/domain/statements.js';
import type { TimelineEntry } from '../../../../src/domain/timeline.js';
import type { Crisis, CrisisSnapshot } from '../../../../src/domain/crisis.js';
import { CALL_OUTCOMES, type PhoneAttempt } from '../../../../src/domain/phone.js';
import { renderPhoneText } from '../../../../src/slack/views/phone.js';
import { Speech } from '../../../../src/twilio/speech.js';
import { catalogues, type MessageKey } from '../../../../src/i18n/catalogue/index.js';
import { LANGUAGES, type Language } from '../../../../src/i18n/languages.js';
import { Messages } from '../../../../src/i18n/messages.js';
import { alertTexts } from '../../../../src/slack/views/alert-texts.js';
import * as answers from '../../../../src/slack/views/answers.js';
import { renderChecklist, renderFirstResponseModal } from '../../../../src/slack/views/checklist.js';
import type { RenderedMessage, ViewContext } from '../../../../src/slack/views/context.js';
import { renderDebriefMessage, renderDebriefRevised } from '../../../../src/slack/views/debrief.js';
import { renderDigest } from '../../../../src/slack/views/digest.js';
import { renderDebriefFile } from '../../../../src/slack/views/debrief-file.js';
import { renderHelp } from '../../../../src/slack/views/help.js';
import { SlackLimits } from '../../../../src/slack/views/limits.js';
import { plainText } from '../../../../src/slack/views/mrkdwn.js';
import { renderNotice, renderReminderDm, renderUpdate } from '../../../../src/slack/views/notices.js';
import { renderOpenModal } from '../../../../src/slack/views/open-modal.js';
import { renderChase, renderInform, renderPage } from '../../../../src/slack/views/page.js';
import { renderSharedStatus, renderStatus, renderStatusMessage } from '../../../../src/slack/views/status.js';
import { renderSummary, renderTopic } from '../../../../src/slack/views/summary.js';
import { renderHandoff, renderTriage, renderTriageReminder } from '../../../../src/slack/views/triage.js';
import { renderFreezeBoard, renderFreezeRequest, renderFreezeResume } from '../../../../src/slack/views/freeze.js';
import { chartSpec, milestoneLabel } from '../../../../src/slack/views/chart-spec.js';
import {
  renderHeldList,
  renderHoldProblem,
  renderRestoreReport,
  renderResumeModal,
  renderSchedulerRefused,
  renderHeldCaught,
} from '../../../../src/slack/views/held-posts.js';
import type { AccountFreeze } from '../../../../src/domain/freeze.js';
import type { HeldPost } from '../../../../src/domain/held-posts.js';
import { LISTENING, type Evidence, type ResponseItem } from '../../../../src/domain/responses.js';
import type { FollowUp, Lesson, QaEntry } from '../../../../src/domain/learning.js';
import {
  renderAnsweredModal,
  renderRemoveModal,
  renderQueueBoard,
  renderQueueReminder,
  renderResponse,
  renderResponseEscalation,
  renderResponseReminder,
} from '../../../../src/slack/views/responses.js';
import {
  renderAction,
  renderActionReminder,
  renderFeedbackModal,
  renderFeedbackRequest,
  renderQaPages,
} from '../../../../src/slack/views/learning.js';
import {
  renderApprovalRequest,
  renderChangesModal,
  renderChangesRequested,
  renderEditModal,
  renderPublishModal,
  renderSendModal,
  renderSendRefused,
  renderStatement,
  renderStatementModal,
} from '../../../../src/slack/views/statements.js';
import { textHash, type StatementVersion } from '../../../../src/domain/statements.js';
import type { PlanCheck, PlanGap } from '../../../../src/domain/plan-check.js';
import type { PersonHome } from '../../../../src/domain/home.js';
import { HOME_ROWS, renderHome } from '../../../../src/slack/views/home.js';
import { jobViews } from '../../../../src/slack/views/index.js';
import {
  CHANGES_SHOWN,
  planCheckLines,
  renderChangeApplied,
  renderPlanCheck,
  renderPlanReview,
  renderPlanReviewed,
} from '../../../../src/slack/views/plan.js';
import { englishWords, shownTexts } from '../../../support/english-words.js';
import { LIMITS, validateBlocks } from '../../../support/standin-blocks.js';
import {
  MIN,
  T0,
  crisisRow,
  entry,
  examplePlanText,
  itemRow,
  pageRow,
  snapshot,
  specLayers,
  specTitle,
  updateRow,
  versionRow,
  wellFormed,
} from '../../support.js';

// Every view, in every language, with every message of the catalogue used at least once:
// within Slack's limits, and in Swedish and Polish without a word of English.

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/${name}`, import.meta.url), 'utf8');
const PLANS: Record<Language, string> = { en: examplePlanText(), sv: fixture('plan-sv.yml'), pl: fixture('plan-pl.yml') };
/** What a team in each language would type: titles, summaries, updates. */
const TYPED: Record<Language, { title: string; summary: string; update: string; close: string }> = {
  en: { title: 'Boycott call trending on Instagram', summary: 'An old post resurfaced', update: 'Statement is out', close: 'Calm again' },
  sv: {
    title: 'Bojkottuppmaning sprids på Instagram',
    summary: 'Ett gammalt inlägg har dykt upp igen',
    update: 'Uttalandet är ute',
    close: 'Lugnt igen',
  },
  pl: {
    title: 'Wezwanie do bojkotu na Instagramie',
    summary: 'Wrócił stary wpis',
    update: 'Oświadczenie opublikowane',
    close: 'Znowu spokojnie',
  },
};

function planFor(language: Language): Plan {
  const unresolved = parsePlan(PLANS[language], `plan-${language}.yml`);
  return { ...unresolved, roster: unresolved.roster.map((m) => ({ ...m, slackId: m.slackId ?? 'U0KASIA' })) };
}

/** A view context whose Messages remembers every key it was asked for. */
function recordingContext(language: Language): { v: ViewContext; used: Set<string> } {
  const plan = planFor(language);
  const m = new Messages(language, plan.timeZone);
  const used = new Set<string>();
  const t = m.t.bind(m);
  m.t = (key: MessageKey, values) => {
    used.add(key);
    return t(key, values);
  };
  return { v: { m, plan, botUserId: 'UBOT' }, used };
}

const allKeys = (tree: object, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : allKeys(v as object, `${prefix}${k}.`)));

const TIMELINE: TimelineEntry['event'][] = [
  { kind: 'legacy', text: 'Opened by Olle (sev2, type default)' },
  { kind: 'unreadable', stored: 'statement_published' },
  { kind: 'opened', severity: 'sev2', type: 'default' },
  { kind: 'paged', member: 'Anna Berg', stage: 1 },
  { kind: 'acknowledged', member: 'Anna Berg', stage: 1, afterMs: 4 * MIN, afterClose: false },
  { kind: 'acknowledged', member: 'Anna Berg', stage: 1, afterMs: 4 * MIN, afterClose: false, via: 'phone' },
  { kind: 'acknowledged', member: 'Kasia Nowak', stage: 1, afterMs: 9 * MIN, afterClose: false, via: 'text' },
  { kind: 'called', member: 'Kasia Nowak', attempt: 1, cause: 'timer' },
  { kind: 'called', member: 'Kasia Nowak', attempt: 2, cause: 'dnd' },
  { kind: 'called', member: 'Kasia Nowak', attempt: 3, cause: 'manual' },
  ...CALL_OUTCOMES.map((outcome) => ({ kind: 'call_ended' as const, member: 'Kasia Nowak', attempt: 1, outcome })),
  { kind: 'texted', member: 'Kasia Nowak' },
  { kind: 'phone_refused', member: 'Kasia Nowak', what: 'call', reason: 'HTTP 400 · 21211' },
  { kind: 'phone_refused', member: 'Kasia Nowak', what: 'text', reason: 'HTTP 400 · 21610' },
  { kind: 'acknowledged', member: 'Kasia Nowak', stage: 1, afterMs: 200 * MIN, afterClose: true },
  { kind: 'item_done', item: 'x' },
  { kind: 'item_done', item: 'x', url: 'https://x.com/i/status/1' },
  { kind: 'item_undone', item: 'x' },
  { kind: 'update' },
  { kind: 'closed' },
  { kind: 'unanswered', stage: 2, timeoutMs: 15 * MIN },
  { kind: 'escalated', to: 2, paged: ['Omar Nilsson'], cause: { kind: 'deadline', stage: 1, timeoutMs: 10 * MIN } },
  { kind: 'escalated', to: 2, paged: [], cause: { kind: 'manual' } },
  { kind: 'escalated', to: 2, paged: ['Omar Nilsson'], cause: { kind: 'severity', severity: 'sev1' } },
  { kind: 'severity', from: 'sev2', to: 'sev1' },
  { kind: 'update_overdue', sinceMs: 30 * MIN },
  { kind: 'item_overdue', item: 'x' },
  { kind: 'channel', name: 'kris-20260305-x' },
  { kind: 'invite_failed', users: [{ user: 'U0GONE', reason: 'user_disabled' }] },
  { kind: 'alert', how: 'at_once', title: 'x', source: 'prometheus', severity: 'sev1', url: 'https://example.com/a' },
  { kind: 'alert', how: 'triage', title: 'x', source: 'talkwalker', severity: 'sev2', url: null },
  { kind: 'alert', how: 'added', title: 'x', source: 'talkwalker', severity: 'sev2', url: null },
  { kind: 'alert_resolved', title: 'x', source: 'prometheus' },
  { kind: 'alert_seen', title: 'x', count: 3 },
  { kind: 'informed', member: 'Omar Nilsson', stage: 1 },
  { kind: 'chased', member: 'Anna Berg', stage: 1 },
  { kind: 'retitled', from: 'x', to: 'y' },
  { kind: 'type_changed', from: 'default', to: 'data-breach', added: 1 },
  { kind: 'type_changed', from: 'default', to: 'data-breach', added: 0 },
  { kind: 'lead', leadId: 'U0OMAR' },
  { kind: 'account_frozen', account: 'Instagram @x' },
  { kind: 'qa_published', count: 1 },
  { kind: 'qa_published', count: 5 },
  { kind: 'posts_held', account: 'Instagram @x', count: 0 },
  { kind: 'posts_held', account: 'Instagram @x', count: 1 },
  { kind: 'posts_held', account: 'Instagram @x', count: 3 },
  { kind: 'posts_resumed', account: 'Instagram @x', restored: 3, failed: 0 },
  { kind: 'posts_resumed', account: 'Instagram @x', restored: 2, failed: 1 },
  { kind: 'statement_drafted', statement: 1, version: 1 },
  { kind: 'statement_approved', statement: 1, version: 1 },
  { kind: 'statement_changes', statement: 1, version: 2, reason: 'x' },
  { kind: 'statement_published', statement: 1, version: 1, platform: 'x', url: 'https://example.com/p/1' },
];

const NOTICES: Notice[] = [
  { kind: 'escalated', to: 2, paged: ['U0OMAR'], cause: { kind: 'deadline', stage: 1, timeoutMs: 10 * MIN }, actorId: null },
  { kind: 'escalated', to: 2, paged: [], cause: { kind: 'manual' }, actorId: 'U0OMAR' },
  { kind: 'escalated', to: 2, paged: ['U0OMAR'], cause: { kind: 'severity', severity: 'sev1' }, actorId: 'U0OMAR' },
  { kind: 'last_stage_unanswered', stage: 2, timeoutMs: 15 * MIN, waiting: ['U0OMAR', 'U0KASIA'] },
  { kind: 'severity_changed', from: 'sev2', to: 'sev1', by: 'U0OMAR' },
  { kind: 'alert_added', title: 'x', source: 'talkwalker', url: 'https://tw.example.com/a/1', by: 'U0OMAR' },
  { kind: 'update_overdue', sinceMs: 31 * MIN, leads: ['U0OMAR'] },
  { kind: 'item_overdue', item: 'x', role: 'r', owners: ['U0OMAR'], dueAt: T0 + 60 * MIN, at: T0 + 65 * MIN },
  { kind: 'item_overdue', item: 'x', role: null, owners: [], dueAt: T0 + 60 * MIN, at: T0 + 65 * MIN },
  { kind: 'item_overdue', item: 'x', role: 'r', owners: ['U0OMAR'], dueAt: T0 + 60 * MIN, at: T0 + 60 * MIN },
  { kind: 'item_overdue', item: 'x', role: null, owners: [], dueAt: T0 + 60 * MIN, at: T0 + 60 * MIN },
  { kind: 'drill_reading', source: 'brandwatch', mentions: 400, negative: 260 },
  { kind: 'drill_reading', source: 'brandwatch', mentions: 0, negative: 0 },
  { kind: 'drill_alert', title: 'x', source: 'brandwatch' },
  { kind: 'drill_alert', title: 'x', source: null },
  { kind: 'drill_inject', text: 'x' },
];

const REFUSALS: Refusal[] = [
  { code: 'unknown_type', type: 'volcano' },
  { code: 'unknown_page' },
  { code: 'not_your_page', owner: 'U0ANNA' },
  { code: 'unknown_item' },
  { code: 'checklist_closed' },
  { code: 'item_ticks_itself', when: 'first_response' },
  { code: 'item_ticks_itself', when: 'all_accounts_paused' },
  { code: 'item_ticks_itself', when: 'qa_published' },
  { code: 'first_response_link', itemId: 2 },
  { code: 'topic_missing' },
  { code: 'action_past_due', date: '2026-03-01' },
  { code: 'not_mandated', mandate: 'close', holders: ['Omar Nilsson'], refs: ['r'] },
  { code: 'not_mandated', mandate: 'escalate', holders: ['Anna Berg', 'Omar Nilsson'], refs: undefined },
  { code: 'not_mandated', mandate: 'severity', holders: ['Omar Nilsson'], refs: ['r'] },
  { code: 'already_closed' },
  { code: 'crisis_closed' },
  { code: 'last_stage', stage: 2 },
  { code: 'same_severity', severity: 'sev1' },
  { code: 'unknown_alert' },
  { code: 'already_decided', by: 'U0ANNA' },
  { code: 'already_decided', by: null },
  { code: 'unknown_digest' },
  { code: 'nothing_to_dismiss' },
  { code: 'not_in_crisis_channel', verb: 'status' },
  { code: 'stale_button' },
  { code: 'unknown_action' },
  { code: 'form_failed' },
  { code: 'not_amender', holders: ['Omar Nilsson'], refs: ['r'], lead: null },
  { code: 'not_amender', holders: ['Omar Nilsson'], refs: undefined, lead: 'U0ANNA' },
  { code: 'same_type', type: 'default' },
  { code: 'same_lead' },
  { code: 'lead_is_bot' },
  { code: 'has_channel', channel: 'C0CRISIS' },
  { code: 'not_mandated', mandate: 'approve', holders: ['Omar Nilsson'], refs: ['r'] },
  { code: 'statement_empty' },
  { code: 'not_resumer', account: 'Instagram @x', holders: ['Anna Berg', 'Omar Nilsson'] },
  { code: 'resume_while_open' },
  { code: 'already_resumed', by: 'U0ANNA' },
  { code: 'still_holding' },
  { code: 'resume_time_needed' },
  { code: 'bad_post_url' },
  { code: 'not_a_removal_reason', reasons: ['spam'] },
  { code: 'evidence_missing' },
  { code: 'response_handled', by: 'U0ANNA' },
  { code: 'response_claimed', by: 'U0OMAR' },
  { code: 'no_link_in_message' },
  { code: 'which_crisis' },
  { code: 'no_open_crisis' },
  { code: 'no_staff_channel' },
  { code: 'qa_empty' },
  { code: 'not_action_owner', owner: 'U0ANNA' },
  { code: 'action_done', by: 'U0ANNA' },
  { code: 'feedback_empty' },
  { code: 'not_plan_keeper', holders: ['Omar Nilsson', 'Anna Berg'] },
  { code: 'not_plan_owner', holders: ['Omar Nilsson'] },
  { code: 'not_plan_owner', holders: [] },
  { code: 'plan_change_applied', by: 'U0OMAR' },
  { code: 'drill_no_publish' },
  { code: 'drill_no_phone' },
  { code: 'unknown_scenario', scenario: 'x9', known: ['a1', 'b2'] },
  { code: 'unknown_scenario', scenario: 'x9', known: [] },
  { code: 'no_cs_channel' },
  { code: 'own_statement', others: ['Omar Nilsson'] },
  { code: 'own_statement', others: [] },
  { code: 'phone_off' },
  { code: 'caller_not_paged' },
  { code: 'callee_not_paged', user: 'U0KASIA' },
  { code: 'no_phone_number', user: 'U0KASIA' },
  { code: 'already_acknowledged', user: 'U0KASIA' },
  { code: 'already_calling', user: 'U0KASIA' },
  { code: 'statement_too_long', length: 3100, max: 3000 },
  { code: 'statement_unchanged' },
  { code: 'statement_decided' },
  { code: 'statement_not_approved' },
  { code: 'statement_text_changed' },
  { code: 'publish_nowhere' },
  { code: 'publish_already' },
  { code: 'not_mandated', mandate: 'publish', holders: ['Omar'], refs: undefined },
  { code: 'statement_superseded', version: 2 },
  { code: 'bad_url' },
  { code: 'reason_empty' },
];

const PROBLEMS: CommandProblem[] = [
  { code: 'update_empty' },
  { code: 'update_too_long', length: 3000, max: 2500 },
  { code: 'severity_usage' },
  { code: 'close_summary_too_long', length: 3000, max: 2500 },
  { code: 'unknown_severity', word: 'sev9' },
  { code: 'unknown_type', type: 'volcano', known: ['default', 'x'] },
  { code: 'title_missing' },
  { code: 'title_too_long', length: 200, max: 150 },
  { code: 'retitle_usage' },
  { code: 'type_usage', known: ['default', 'x'] },
  { code: 'lead_usage' },
  { code: 'respond_usage' },
  { code: 'qa_usage' },
  { code: 'lesson_usage' },
  { code: 'call_usage' },
  { code: 'drill_usage' },
  { code: 'action_usage' },
  { code: 'action_bad_date', date: '2026-02-30' },
  { code: 'text_too_long', length: 600, max: 500 },
];

/** A digest of a storm: more alerts than it lists, from one source. */
const DIGEST = { id: 1, openedAt: T0, closesAt: T0 + 30_000, channel: 'C0ALERTS', ts: '1.1' };

function alert(over: Partial<Alert>): Alert {
  return {
    id: 1,
    fingerprint: 'f',
    source: 'talkwalker',
    title: 'x',
    severity: 'sev2',
    summary: 'x',
    url: 'https://example.com/a',
    metrics: null,
    state: 'triage',
    crisisId: null,
    receivedAt: T0,
    seenCount: 3,
    lastSeenAt: T0 + MIN,
    decidedBy: null,
    decidedAt: null,
    resolvedAt: T0 + 2 * MIN,
    channel: null,
    ts: null,
    digestId: null,
    handoffLink: null,
    ...over,
  };
}

const STORM: Alert[] = Array.from({ length: 27 }, (_, i) =>
  alert({ id: 100 + i, title: `${i}`, source: 'listening', receivedAt: T0 + i * 1000 }),
);

/** A call or a text about a page, as the store keeps it. */
function attempt(over: Partial<PhoneAttempt>): PhoneAttempt {
  return {
    id: 1,
    crisisId: 1,
    pageId: 2,
    kind: 'call',
    attempt: 1,
    cause: 'timer',
    requestedBy: null,
    number: '+46700000002',
    decidedAt: T0 + 5 * MIN,
    sid: 'CA00000000000000000000000000000001',
    status: 'completed',
    answeredBy: null,
    endedAt: T0 + 6 * MIN,
    outcome: 'no_answer',
    ...over,
  };
}

/** What the phone side says: the status and summary lines, the text message, and every word of a call. */
/** /crisis plan with every kind of gap, the review DM before and after Confirmed, and plan:check's terminal lines. */
function planMessages(v: ViewContext, crisis: Crisis, words: string): { messages: RenderedMessage[]; lines: string[] } {
  const paged = (name: string, quietAtNight = false) => ({ name, slackId: 'U0ANNA', phone: undefined, quietAtNight });
  // The plan's own words (stage names, roles) and the team's (a lesson): no English of the test's.
  const [first, second] = v.plan.stages;
  const role = v.plan.roster[0]!.roles[0]!;
  const gaps: PlanGap[] = [
    { kind: 'stage_empty', stage: 2, name: second!.name },
    { kind: 'role_empty', role },
    { kind: 'email_unknown', member: 'Kasia Nowak', email: 'kasia@example.com' },
    { kind: 'matching', member: 'Kasia Nowak', email: 'kasia@example.com' },
    { kind: 'deactivated', member: 'Omar Nilsson' },
    { kind: 'user_unknown', member: 'Omar Nilsson', slackId: 'U0OMAR' },
    { kind: 'night_dnd', member: 'Anna Berg', from: T0, to: T0 + 9 * 60 * MIN, phone: true },
    { kind: 'night_dnd', member: 'Anna Berg', from: T0, to: T0 + 9 * 60 * MIN, phone: false },
    { kind: 'checklist_role_empty', type: 'default', item: words, role },
    ...(['close', 'escalate', 'severity', 'approve', 'publish'] as const).map((mandate) => ({ kind: 'mandate_empty' as const, mandate })),
    { kind: 'account_owner_empty', account: 'Instagram', owner: role },
    { kind: 'phone_off', stages: [first!.name, second!.name] },
  ];
  const check: PlanCheck = {
    stages: [
      {
        number: 1,
        name: first!.name,
        ackTimeoutMs: 10 * MIN,
        phoneAfterMs: 5 * MIN,
        paged: [paged('Anna Berg', true), paged('Kasia Nowak')],
      },
      { number: 2, name: second!.name, ackTimeoutMs: 15 * MIN, phoneAfterMs: undefined, paged: [] },
    ],
    gaps,
  };
  const change = (id: number) => ({
    id,
    crisisId: crisis.id,
    crisisTitle: crisis.title,
    channelId: id % 2 ? crisis.channelId : null,
    text: words,
    by: 'U0OMAR',
    at: T0,
  });
  const review = { id: 1, kind: 'confirmed' as const, by: 'U0OMAR', at: T0, askedAt: T0 };
  const noOwner = { ...v, plan: { ...v.plan, owner: undefined } };
  const messages = [
    renderPlanCheck(v, check, {
      lastConfirmed: review,
      reviewDueAt: T0 + 90 * 24 * 60 * MIN,
      changes: Array.from({ length: CHANGES_SHOWN + 2 }, (_, i) => change(i + 1)),
      lastDrill: { ...crisis, drill: true },
    }),
    renderPlanCheck(
      noOwner,
      { ...check, gaps: [] },
      { lastConfirmed: undefined, reviewDueAt: undefined, changes: [change(1)], lastDrill: undefined },
    ),
    renderPlanCheck(
      v,
      { ...check, gaps: [gaps[0]!] },
      { lastConfirmed: undefined, reviewDueAt: undefined, changes: [], lastDrill: undefined },
    ),
    // Someone without a role on the roster, and without a phone.
    renderPlanReview(
      {
        ...v,
        plan: {
          ...v.plan,
          roster: [...v.plan.roster, { name: 'Omar Nilsson', slackId: 'U0OMAR', email: undefined, roles: [], phone: undefined }],
        },
      },
      undefined,
      T0,
    ),
    renderPlanReview(v, review, T0),
    renderPlanReviewed(v, review, 90 * 24 * 60 * MIN),
  ];
  const lines = [
    ...planCheckLines(v, { ...check, gaps: [gaps[0]!, gaps[3]!] }, (p) => p.name, false),
    renderChangeApplied(v, words, 'U0OMAR'),
    v.m.t('plan.checking'),
  ];
  return { messages, lines };
}

function phoneWords(v: ViewContext, crisis: Crisis, snap: CrisisSnapshot): string[] {
  const phone = [
    ...CALL_OUTCOMES.map((outcome, i) => attempt({ id: i + 1, attempt: i + 1, outcome })),
    attempt({ id: 20, attempt: 20, sid: null, status: null, outcome: null }),
    attempt({ id: 21, attempt: 21, status: 'ringing', outcome: null }),
    attempt({ id: 22, kind: 'text', sid: 'SM00000000000000000000000000000001', status: 'delivered', outcome: 'delivered' }),
    attempt({ id: 23, kind: 'text', attempt: 2, sid: null, status: null, outcome: 'refused' }),
  ];
  const pages = snap.pages.map((p) => (p.id === 2 ? { ...p, ackedAt: T0 + 9 * MIN } : p));
  const withPhone = { ...snap, pages, phone };
  const speech = new Speech(v.m, { ...v.plan, severityDescriptions: { sev2: 'x' } });
  const plain = new Speech(v.m, { ...v.plan, severityDescriptions: {} });
  return [
    renderStatus(v, withPhone, { pending: 0, failed: 0 }, T0 + 10 * MIN),
    // The summary's paged section (its head carries Slack's date tokens, which look like unfilled values).
    ...renderSummary(v, { snap: withPhone })
      .blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []))
      .filter((text) => text.includes('📞')),
    renderPhoneText(v, crisis),
    renderPhoneText(v, { ...crisis, channelId: null }),
    ...[...speech.about(crisis), ...plain.about(crisis), speech.voicemail(crisis)].map((say) => say.say),
    ...(['pressOne', 'noKey', 'wrongKey', 'acknowledged', 'nothing', 'textNotOne', 'textNothing'] as const).map((k) => speech.t(k)),
    speech.textAcknowledged([crisis]),
  ];
}

/** Everything the bot can say, rendered in one language. */
function renderEverything(v: ViewContext, language: Language) {
  const typed = TYPED[language];
  const types = Object.keys(v.plan.checklists);
  const template = v.plan.checklists.default!;
  const items = template.map((t, i) =>
    itemRow({
      id: i + 1,
      position: i,
      text: t.text,
      role: t.role ?? null,
      dueAt: t.dueMs === undefined ? null : T0 + t.dueMs,
      doneWhen: t.doneWhen ?? null,
      ...(i === 0 ? { doneAt: T0 + MIN, doneBy: 'U0ANNA' } : {}),
    }),
  );
  const crisis = crisisRow({ title: typed.title, summary: typed.summary, stage: 2, channelId: 'C0CRISIS', channelName: 'kris-x' });
  const closed = { ...crisis, state: 'closed' as const, closedAt: T0 + 3 * 60 * MIN, closedBy: 'U0OMAR', closeSummary: typed.close };
  const pages = [
    pageRow({ id: 1, ackedAt: T0 + 4 * MIN }),
    pageRow({ id: 2, userId: 'U0KASIA', memberName: 'Kasia Nowak' }),
    pageRow({ id: 3, stage: 2, userId: 'U0OMAR', memberName: 'Omar Nilsson' }),
  ];
  const formLabels: string[] = [];
  const timeline = TIMELINE.map((event, i) => entry(event, { id: i + 1, at: T0 + i * MIN, actorId: i % 2 ? 'U0OMAR' : null }));
  const snap = snapshot({ crisis, pages, items, updates: [updateRow({ text: typed.update })], timeline });
  const version = (over: Partial<StatementVersion>): StatementVersion => versionRow({ text: typed.update, ...over });
  const statementRow = { id: 1, crisisId: 1, authorId: 'U0ANNA', platforms: ['x'] as const, createdAt: T0, channel: 'C0CRISIS', ts: '1.1' };
  const drafts = { statement: statementRow, versions: [version({})], publications: [], sends: [] };
  const approvedRecord = {
    statement: statementRow,
    versions: [
      version({
        approvedBy: 'U0OMAR',
        approvedAt: T0 + MIN,
        approvedHash: textHash(typed.update),
        text: `${typed.update} ${'x'.repeat(300)}`,
      }),
    ].map((x) => ({ ...x, hash: textHash(x.text), approvedHash: textHash(x.text) })),
    publications: [
      {
        id: 1,
        crisisId: 1,
        versionId: 1,
        platform: 'x',
        url: 'https://example.com/p/1',
        publishedBy: 'U0ANNA',
        publishedAt: T0 + 2 * MIN,
        via: 'hand' as const,
      },
    ],
    sends: [],
  };
  const sentBack = {
    statement: statementRow,
    versions: [version({ changesBy: 'U0OMAR', changesAt: T0 + MIN, changesReason: 'x' }), version({ id: 2, version: 2 })],
    publications: [],
    sends: [],
  };
  const noHold = { holdStartedAt: null, heldAt: null, holdFailure: null, holdIncomplete: null, resumedBy: null, resumedAt: null };
  const freezes: AccountFreeze[] = [
    {
      id: 1,
      crisisId: 1,
      account: 'Instagram',
      handle: '@x',
      askedAt: T0,
      frozenBy: 'U0ANNA',
      frozenAt: T0 + 2 * MIN,
      releasedAt: null,
      ...noHold,
      holdStartedAt: T0 + 2 * MIN,
      heldAt: T0 + 3 * MIN,
    },
    { id: 2, crisisId: 1, account: 'LinkedIn', handle: null, askedAt: T0, frozenBy: null, frozenAt: null, releasedAt: null, ...noHold },
    // A sev1: held back by the bot before anyone pressed Paused, still being held back.
    {
      id: 3,
      crisisId: 1,
      account: 'Facebook',
      handle: null,
      askedAt: T0,
      frozenBy: null,
      frozenAt: T0 + MIN,
      releasedAt: null,
      ...noHold,
      holdStartedAt: T0,
    },
    {
      id: 4,
      crisisId: 1,
      account: 'X',
      handle: null,
      askedAt: T0,
      frozenBy: null,
      frozenAt: null,
      releasedAt: null,
      ...noHold,
      holdStartedAt: T0,
    },
  ];
  const heldPost = (over: Partial<HeldPost>): HeldPost => ({
    id: 1,
    freezeId: 1,
    crisisId: 1,
    profileId: '1',
    externalId: '9',
    text: typed.update,
    scheduledAt: T0 + 60 * MIN,
    mediaUrls: [],
    message: null,
    awaitingApproval: false,
    restoredPending: false,
    caughtAt: null,
    savedAt: T0,
    state: 'held',
    heldAt: T0 + MIN,
    restoreAt: null,
    restoredId: null,
    restoredAt: null,
    failure: null,
    ...over,
  });
  const held = [
    heldPost({ id: 1, scheduledAt: T0 + 30 * MIN }),
    heldPost({ id: 2, scheduledAt: T0 + 26 * 60 * MIN, mediaUrls: ['https://ow.ly/x'] }),
    heldPost({ id: 3, state: 'gone' }),
  ];
  const resumed = [
    heldPost({ id: 1, state: 'restored', restoreAt: T0 + 5 * 60 * MIN, restoredId: '20', restoredAt: T0 + 4 * 60 * MIN }),
    heldPost({
      id: 2,
      state: 'failed',
      failure: 'HTTP 400 · 40000 · x',
      restoredAt: T0 + 4 * 60 * MIN,
      mediaUrls: ['https://ow.ly/x'],
      text: `${typed.update}\n${'y'.repeat(6000)}`,
    }),
    heldPost({ id: 3, state: 'restoring', restoreAt: T0 + 5 * 60 * MIN }),
    heldPost({ id: 4, state: 'gone' }),
    heldPost({ id: 6, state: 'refused', failure: 'HTTP 400 · 40003 · x' }),
    heldPost({ id: 5, freezeId: 3, state: 'saved' }),
    ...Array.from({ length: 30 }, (_, i) => heldPost({ id: 10 + i, state: 'failed', failure: i ? 'HTTP 400' : '' })),
  ];
  const resumedFreeze = { ...freezes[0]!, resumedBy: 'U0OMAR', resumedAt: T0 + 4 * 60 * MIN };
  const item = (over: Partial<ResponseItem>): ResponseItem => ({
    id: 1,
    crisisId: 1,
    url: 'https://www.instagram.com/p/abc/',
    urlKey: 'instagram.com/p/abc',
    platform: 'instagram',
    note: typed.update,
    addedBy: 'U0ANNA',
    addedAt: T0,
    state: 'open',
    handledBy: null,
    handledAt: null,
    replyUrl: null,
    escalatedBy: null,
    escalatedAt: null,
    channel: null,
    ts: null,
    claimedBy: null,
    claimedAt: null,
    author: null,
    text: null,
    postedAt: null,
    remindedAt: null,
    ...over,
  });
  const queue = [
    item({}),
    item({
      id: 2,
      url: 'https://forum.example.org/t/1',
      platform: 'web',
      note: null,
      state: 'answered',
      handledBy: 'U0OMAR',
      handledAt: T0 + 14 * MIN,
      replyUrl: 'https://x.com/example/status/2',
      escalatedBy: 'U0ANNA',
      escalatedAt: T0 + 5 * MIN,
    }),
    item({ id: 3, state: 'moved', handledBy: 'U0OMAR', handledAt: T0 + 30 * MIN }),
    item({ id: 4, state: 'removed', handledBy: 'U0OMAR', handledAt: T0 + 40 * MIN }),
  ];
  const listened = item({
    id: 5,
    url: 'https://www.tiktok.com/@klient_77/video/77',
    platform: 'tiktok',
    note: null,
    addedBy: LISTENING,
    author: '@klient_77',
    text: typed.update,
    postedAt: T0 - 5 * MIN,
    claimedBy: 'U0KASIA',
    claimedAt: T0 + 2 * MIN,
  });
  const evidenceRows: Evidence[] = [
    {
      id: 1,
      responseId: 4,
      crisisId: 1,
      reason: v.plan.removalReasons[0]!,
      author: '@troll',
      postedAt: T0 - MIN,
      text: typed.update,
      textHash: 'a'.repeat(64),
      screenshotUrl: 'https://files.example.com/s.png',
      recordedBy: 'U0OMAR',
      recordedAt: T0 + 40 * MIN,
    },
  ];
  const qa: QaEntry[] = Array.from({ length: 45 }, (_, i) => ({
    id: i + 1,
    crisisId: 1,
    question: `${typed.title} ${i}?`,
    answer: typed.update,
    addedBy: 'U0ANNA',
    addedAt: T0,
  }));
  const lessons: Lesson[] = [
    { id: 1, crisisId: 1, kind: 'lesson', text: typed.update, by: 'U0ANNA', at: T0 },
    { id: 4, crisisId: 1, kind: 'plan_change', text: typed.update, by: 'U0OMAR', at: T0 },
    { id: 2, crisisId: 1, kind: 'went_well', text: typed.update, by: 'U0OMAR', at: T0 },
    { id: 3, crisisId: 1, kind: 'improve', text: typed.update, by: 'U0OMAR', at: T0 },
  ];
  const followUp = (over: Partial<FollowUp>): FollowUp => ({
    id: 1,
    crisisId: 1,
    ownerId: 'U0KASIA',
    text: typed.update,
    createdBy: 'U0OMAR',
    createdAt: T0,
    doneBy: null,
    doneAt: null,
    channel: null,
    ts: null,
    dueOn: null,
    ...over,
  });
  const actions = [followUp({}), followUp({ id: 2, doneBy: 'U0KASIA', doneAt: T0 + 60 * MIN }), followUp({ id: 3, dueOn: '2026-03-20' })];
  const chased = pageRow({ id: 2, userId: 'U0KASIA', memberName: 'Kasia Nowak', chasedAt: T0 + 10 * MIN });
  const informs = [
    { id: 1, crisisId: 1, stage: 1, userId: 'U0OMAR', memberName: 'Omar Nilsson', informedAt: T0, dmChannel: null, dmTs: null },
  ];
  const escalations = [
    entry({ kind: 'opened', severity: 'sev2', type: 'default' }),
    entry({ kind: 'escalated', to: 2, paged: ['Omar Nilsson'], cause: { kind: 'manual' } }, { actorId: 'U0ANNA' }),
  ];
  const messages: RenderedMessage[] = [
    renderSummary(v, {
      snap: { ...snap, pages: pages.slice(0, 2), informs, timeline: escalations },
      alert: { title: typed.title, source: 'brandwatch' },
    }),
    renderSummary(v, { snap: { ...snap, informs, timeline: escalations } }), // informed, then paged: listed once, where paged
    renderSummary(
      { ...v, plan: { ...v.plan, policyUrl: 'https://intra.example.com/policy', severityDescriptions: { sev2: 'x' } } },
      { snap: { ...snap, crisis: { ...crisis, stage: 1, summary: null, leadId: 'U0ANNA' }, pages: [], updates: [] } },
    ),
    renderSummary(v, { snap: { ...snap, crisis: { ...crisis, stage: 9 }, pages: [pageRow({ stage: 9 })] } }), // a stage the plan no longer has
    renderSummary({ ...v, plan: { ...v.plan, mandates: {} } }, { snap: { ...snap, crisis: { ...crisis, openerId: 'UBOT' } } }),
    renderSummary({ ...v, plan: { ...v.plan, mandates: {}, stages: [] } }, { snap: { ...snap, crisis: { ...crisis, openerId: 'UBOT' } } }),
    renderInform(v, crisis, informs[0]!),
    renderInform(v, { ...crisis, channelId: null }, informs[0]!),
    renderChase(v, crisis, chased, T0 + 10 * MIN),
    renderChase(v, { ...crisis, stage: 2 }, { ...chased, stage: 2 }, T0 + 30 * MIN),
    renderReminderDm(v, crisis, NOTICES[5]!),
    renderTriageReminder(v, {
      title: typed.title,
      undecided: 1,
      waitedMs: 15 * MIN,
      permalink: 'https://standin.slack.com/archives/C0ALERTS/p1',
    }),
    renderTriageReminder(v, { title: typed.title, undecided: 4, waitedMs: 15 * MIN, permalink: undefined }),
    renderStatusMessage(
      v,
      1,
      renderStatus(
        v,
        { ...snap, pages: [{ ...pages[0]!, ackedAt: null, chasedAt: T0 + 10 * MIN }, chased], informs },
        { pending: 0, failed: 0 },
        T0 + 90 * MIN,
      ),
    ),
    renderSharedStatus(v, 'U0ANNA', renderStatus(v, snap, { pending: 0, failed: 0 }, T0 + 90 * MIN)),
    renderFreezeRequest(v, crisis, freezes[0]!, false, T0, false),
    renderFreezeRequest(v, { ...crisis, channelId: null }, freezes[0]!, false, T0, false),
    renderFreezeRequest(v, crisis, freezes[1]!, true, T0 + 11 * MIN, false),
    renderFreezeRequest(v, crisis, freezes[1]!, false, T0, true),
    renderFreezeRequest(v, crisis, freezes[0]!, false, T0 + MIN, true),
    renderFreezeRequest(v, crisis, freezes[2]!, false, T0 + MIN, true),
    renderFreezeBoard(v, crisis, freezes, held),
    renderFreezeBoard(v, closed, [resumedFreeze, ...freezes.slice(1)], resumed),
    renderFreezeBoard(v, crisis, [{ ...freezes[0]!, heldAt: T0 }], []),
    renderFreezeBoard(v, crisis, [], []),
    renderFreezeResume(v, closed, freezes[0]!, held),
    renderFreezeResume(v, closed, freezes[1]!, []),
    renderHeldList(v, crisis, freezes[0]!, held),
    renderHeldList(v, closed, freezes[0]!, held),
    renderHeldList(v, closed, resumedFreeze, resumed),
    renderHeldList(v, crisis, freezes[0]!, []),
    renderHeldList(
      v,
      crisis,
      freezes[0]!,
      Array.from({ length: 40 }, (_, i) => heldPost({ id: i + 1 })),
    ),
    renderRestoreReport(v, closed, resumedFreeze, resumed),
    renderRestoreReport(v, closed, resumedFreeze, resumed.slice(0, 1)),
    renderRestoreReport(v, closed, resumedFreeze, [{ ...resumed[0]!, restoredPending: true }]), // waits for approval in Hootsuite
    renderRestoreReport(v, closed, resumedFreeze, [
      { ...resumed[1]!, message: { media: [{ id: 'bWVkaWE=' }] }, failure: 'HTTP 400 · 4001 · x' }, // its image is gone
    ]),
    ...queue.map((i) => renderResponse(v, crisis, i, i.id === 4 ? evidenceRows : [])),
    renderResponse(v, closed, queue[0]!, []),
    renderResponseReminder(v, queue[0]!, T0 + 61 * MIN),
    renderResponse(v, crisis, listened, []),
    renderResponse(v, crisis, { ...listened, postedAt: null, claimedBy: null }, []),
    renderResponseReminder(v, listened, T0 + 61 * MIN),
    renderQueueReminder(
      v,
      crisis,
      [queue[0]!, listened],
      { crisisId: 1, kind: 'queue', part: 0, channel: 'C0CRISIS', ts: '1.1' },
      undefined,
      T0 + 61 * MIN,
    ),
    renderQueueReminder(v, crisis, [queue[0]!, listened], undefined, 'C0QUEUE', T0 + 61 * MIN),
    renderQueueBoard(v, crisis, [...queue, listened], undefined, T0 + 61 * MIN),
    renderQueueBoard(v, crisis, [...queue, listened], 'C0QUEUE', T0 + 61 * MIN),
    renderQueueBoard(v, closed, queue.slice(1), undefined, T0 + 61 * MIN),
    renderResponseEscalation(v, crisis, queue[1]!),
    renderResponseEscalation(v, { ...crisis, channelId: null }, queue[0]!),
    ...renderQaPages(v, crisis, qa, T0),
    ...renderQaPages(v, crisis, qa.slice(0, 1), T0),
    renderFeedbackRequest(v, closed),
    renderFeedbackRequest(v, { ...closed, channelId: null }),
    ...actions.map((a) => renderAction(v, closed, a)),
    renderActionReminder(v, closed, actions[0]!, T0 + 7 * 24 * 60 * MIN),
    renderActionReminder(v, closed, actions[2]!, T0 + 7 * 24 * 60 * MIN),
    renderSummary(v, { snap: { ...snap, responses: queue } }),
    renderStatus(v, { ...snap, responses: queue.slice(0, 1) }, { pending: 0, failed: 0 }, T0 + 90 * MIN)
      .split('\n')
      .reduce((acc, t) => ({ text: acc.text, blocks: [...acc.blocks, { type: 'section', text: { type: 'mrkdwn', text: t } }] }), {
        text: 'status',
        blocks: [] as KnownBlock[],
      }),
    renderHoldProblem(v, crisis, { ...freezes[2]!, holdFailure: 'HTTP 401 · 1001 · x' }, []),
    renderSchedulerRefused(v, 'invalid_grant'),
    renderHoldProblem(v, crisis, { ...freezes[0]!, holdIncomplete: '5000 · x · 9' }, held),
    renderHeldCaught(v, crisis, freezes[0]!, [heldPost({ id: 8, caughtAt: T0 })]),
    renderHeldCaught(
      v,
      crisis,
      freezes[0]!,
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((id) => heldPost({ id, caughtAt: T0 })),
    ),
    renderHoldProblem(v, crisis, freezes[0]!, [...held, heldPost({ id: 7, state: 'refused', failure: 'HTTP 400' })]),
    renderHoldProblem(
      v,
      crisis,
      freezes[0]!,
      Array.from({ length: 30 }, (_, i) => heldPost({ id: i + 1, state: 'refused', failure: 'HTTP 400' })),
    ),
    renderFreezeBoard(
      v,
      crisis,
      [{ ...freezes[3]!, holdFailure: 'HTTP 401 · 1001 · x' }, freezes[0]!],
      [...held, heldPost({ id: 7, state: 'refused', failure: 'HTTP 400' })],
    ),
    renderFreezeBoard(v, crisis, [{ ...freezes[0]!, holdIncomplete: '5000 · x' }], held), // listed only in part
    renderStatement(v, crisis, drafts),
    renderStatement(v, crisis, approvedRecord),
    // Publish through Hootsuite: an account over its length, sends on their way, waiting, refused; published.
    ...(() => {
      const account = (name: string, profileId: string) => ({
        name,
        handle: '@x',
        owner: 'x',
        scheduler: { kind: 'hootsuite' as const, profileId },
        publish: true,
      });
      const publishing = { ...v, plan: { ...v.plan, accounts: [account('Instagram', '1'), account('X', '2'), account('LinkedIn', '3')] } };
      const send = (id: number, state: 'sending' | 'waiting' | 'sent' | 'failed', failure: string | null = null) => ({
        id,
        crisisId: 1,
        versionId: 1,
        account: 'Instagram',
        handle: '@x',
        profileId: String(id),
        requestedBy: 'U0OMAR',
        requestedAt: T0,
        state,
        messageId: null,
        sentAt: null,
        failure,
      });
      const sends = [send(1, 'sending'), send(2, 'waiting'), send(3, 'failed', 'text_changed'), send(4, 'failed', 'HTTP 400 · 4000 · x')];
      const viaHootsuite = (url: string) => ({
        ...approvedRecord.publications[0]!,
        id: 2,
        platform: 'Instagram @x',
        url,
        via: 'hootsuite' as const,
      });
      const published = {
        ...approvedRecord,
        publications: [...approvedRecord.publications, viaHootsuite(''), viaHootsuite('https://x.example/p/2')],
        sends,
      };
      return [
        renderStatement(publishing, crisis, published),
        { text: '', blocks: renderSendModal(publishing, { ...approvedRecord, sends: [send(3, 'sent')] }).blocks as KnownBlock[] },
        { text: '', blocks: renderSendRefused(publishing, 1, 'x').blocks as KnownBlock[] },
      ];
    })(),
    renderStatement(v, crisis, sentBack),
    renderStatement(v, crisis, { ...sentBack, versions: [sentBack.versions[0]!] }),
    renderApprovalRequest(v, crisis, drafts, false, T0 + MIN),
    renderApprovalRequest(v, crisis, drafts, true, T0 + 11 * MIN),
    renderChangesRequested(v, crisis, sentBack, sentBack.versions[0]!),
    renderSummary(v, { snap: { ...snap, statements: [approvedRecord, drafts] } }),
    renderStatus(v, { ...snap, statements: [approvedRecord] }, { pending: 0, failed: 0 }, T0 + 90 * MIN)
      .split('\n')
      .reduce((acc, t) => ({ text: acc.text, blocks: [...acc.blocks, { type: 'section', text: { type: 'mrkdwn', text: t } }] }), {
        text: 'status',
        blocks: [] as KnownBlock[],
      }),
    ...renderChecklist(v, typed.title, items),
    ...renderChecklist(v, typed.title, items, true),
    ...renderChecklist(
      v,
      typed.title,
      Array.from({ length: 60 }, (_, i) => itemRow({ id: i + 1, position: i, text: `${i}` })),
    ),
    ...renderChecklist(v, typed.title, []),
    // What ticks each item besides a hand, open and done (with a link, by the bot, by a hand).
    ...renderChecklist(v, typed.title, [
      itemRow({ id: 1, position: 0, text: 'a', doneWhen: 'all_accounts_paused' }),
      itemRow({ id: 2, position: 1, text: 'b', doneWhen: 'qa_published' }),
      itemRow({ id: 3, position: 2, text: 'c', doneWhen: 'first_response' }),
      itemRow({
        id: 4,
        position: 3,
        text: 'd',
        doneWhen: 'first_response',
        doneAt: T0,
        doneBy: 'U0OMAR',
        link: 'https://x.com/i/status/1',
      }),
      itemRow({ id: 5, position: 4, text: 'e', doneWhen: 'all_accounts_paused', doneAt: T0, doneBy: null }),
      itemRow({ id: 6, position: 5, text: 'f', doneAt: T0, doneBy: 'U0ANNA' }),
    ]),
    renderPage(v, crisis, pages[1]!),
    renderPage(v, crisis, { ...pages[1]!, pagedAt: crisis.openedAt + 15 * MIN }, crisis.openedAt + 40 * MIN),
    renderPage(v, { ...crisis, channelId: null }, pages[0]!),
    renderTriage(v, alert({}), undefined),
    renderTriage(v, alert({ source: UNKNOWN_SOURCE, url: null, summary: null, seenCount: 1, resolvedAt: null }), undefined),
    renderTriage(v, alert({ state: 'opened', decidedAt: T0, crisisId: 1 }), crisis),
    renderTriage(v, alert({ state: 'opened', decidedBy: 'U0ANNA', decidedAt: T0 }), crisis),
    renderTriage(v, alert({ state: 'customer_service', decidedBy: 'U0ANNA', decidedAt: T0 }), undefined),
    renderTriage(
      v,
      alert({ state: 'customer_service', decidedBy: 'U0ANNA', decidedAt: T0, handoffLink: 'https://standin.slack.com/archives/C0CS/p1' }),
      undefined,
    ),
    renderHandoff(v, alert({}), 'U0ANNA'),
    renderHandoff(v, alert({ url: null, summary: null }), 'U0ANNA'),
    renderTriage(v, alert({ state: 'dismissed', decidedBy: 'U0ANNA', decidedAt: T0 }), undefined),
    renderTriage(v, alert({}), undefined, crisis),
    renderTriage(v, alert({ state: 'added', decidedBy: 'U0ANNA', decidedAt: T0, crisisId: 1 }), crisis),
    ...NOTICES.map((n) => renderNotice(v, n)),
    renderDigest(v, DIGEST, STORM, () => undefined),
    renderDigest(
      v,
      DIGEST,
      [
        alert({ id: 1, source: 'a', state: 'dismissed', decidedBy: 'U0ANNA', decidedAt: T0 }),
        alert({ id: 2, source: 'b' }),
        alert({ id: 3, source: 'c' }),
        alert({ id: 4, source: 'd' }),
      ],
      () => undefined,
    ),
    renderUpdate(v, updateRow({ text: typed.update })),
  ];
  const markdown = renderDebriefFile(
    v,
    {
      ...snap,
      crisis: closed,
      statements: [approvedRecord, sentBack],
      freezes: [
        { ...resumedFreeze, holdIncomplete: '5000 · x' },
        ...freezes.slice(1),
        { ...freezes[3]!, id: 5, holdFailure: 'HTTP 401 · 1001 · x' },
      ],
      held: [...resumed, heldPost({ id: 99, freezeId: 3, state: 'held' })],
      responses: [...queue, listened],
      evidence: evidenceRows,
      qa: qa.slice(0, 3),
      lessons,
      actions,
    },
    T0 + 4 * 60 * MIN,
  );
  messages.push(renderDebriefMessage(v, typed.title, markdown));
  for (const reason of [
    { kind: 'posts_resumed', account: 'Instagram @x' },
    { kind: 'lesson' },
    { kind: 'feedback' },
    { kind: 'action' },
    { kind: 'action_done' },
  ] as const) {
    messages.push({ text: renderDebriefRevised(v, { version: 2, reason }), blocks: [] });
  }
  messages.push(renderDebriefMessage(v, typed.title, markdown, { version: 3, reason: { kind: 'lesson' } })); // edited to a later version
  messages.push(renderDebriefMessage(v, typed.title, `${markdown}${`\n- ${'x'.repeat(200)}`.repeat(1000)}`)); // outgrows one message
  // No channel, everything done (one item late), opened by the bot from an alert.
  const late = items.map((i) => ({ ...i, doneAt: (i.dueAt ?? T0) + 5 * MIN, doneBy: 'U0OMAR' }));
  const quiet = snapshot({ crisis: { ...closed, channelName: null, openerId: 'UBOT', summary: null }, items: late });
  // Nothing said in public by the close.
  const silent = items.map((i) => (i.doneWhen === 'first_response' ? { ...i, doneAt: null, doneBy: null } : i));
  // Each severity in words; how big it got, with and without negative counts at the peak; every account paused.
  const allPaused = freezes.map((f) => ({ ...f, frozenAt: f.frozenAt ?? T0 + 9 * MIN, frozenBy: f.frozenBy ?? 'U0ANNA' }));
  const readings = [
    { source: 'brandwatch', at: T0 + 20 * MIN, mentions: 1240, negative: 806 },
    { source: 'talkwalker', at: T0 + 30 * MIN, mentions: 1500, negative: null },
  ];
  const bare = [
    renderDebriefFile(v, quiet, T0 + 4 * 60 * MIN),
    renderDebriefFile(
      v,
      snapshot({ crisis: { ...closed, severity: 'sev1' }, items: silent, freezes: allPaused }),
      T0 + 4 * 60 * MIN,
      readings,
    ),
    renderDebriefFile(v, snapshot({ crisis: { ...closed, severity: 'sev3' } }), T0 + 4 * 60 * MIN, readings.slice(0, 1)),
  ].join('\n');
  for (const form of [
    renderAnsweredModal(v, queue[0]!),
    renderAnsweredModal(
      v,
      queue[0]!,
      [
        { id: 's1', kind: 'statement', label: typed.update, text: typed.update },
        { id: 'q1', kind: 'qa', label: `${typed.title}?`, text: typed.update },
      ],
      'q1',
    ),
    renderRemoveModal(v, queue[0]!, T0),
    renderFirstResponseModal(v, items[1]!),
    renderFeedbackModal(v, closed),
    renderResumeModal(v, freezes[0]!, held, T0),
    renderResumeModal(v, freezes[0]!, held, T0 + 2 * 60 * MIN),
    renderResumeModal(v, freezes[0]!, [held[0]!], T0 + 2 * 60 * MIN),
    renderStatementModal(v, 1),
    renderStatementModal(v, 1, { text: typed.update, platforms: ['x', 'instagram'], revision: 1 }),
    renderStatementModal(v, 1, { text: `${typed.update} {topic}`, revision: 2 }),
    renderEditModal(v, drafts),
    renderChangesModal(v, 1),
    renderPublishModal(v, approvedRecord),
  ]) {
    const { title, submit, close } = form as ModalView;
    messages.push({ text: title.text, blocks: form.blocks as KnownBlock[] });
    for (const label of [title, submit!, close!]) formLabels.push(label.text);
  }
  const stranded = answers.renderOpenCrises(v, [crisis, { ...crisis, id: 2, channelId: null }], (c) => c.id === 2);
  messages.push({ text: stranded.text, blocks: stranded.blocks! });
  const plan = planMessages(v, crisis, typed.update);
  messages.push(...plan.messages);
  // Home: every list, past its ten rows and with one row; with nothing waiting.
  const many = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
  const homeOf = (rows: number): PersonHome => ({
    pages: many(rows, (i) => ({ crisis, page: pageRow({ id: i + 1 }) })),
    approvals: many(rows, (i) => ({
      crisis,
      statementId: i + 1,
      version: versionRow({ text: i ? typed.update : typed.update.repeat(40) }),
    })),
    items: many(rows, (i) => ({ crisis, item: itemRow({ id: i + 1, text: typed.update, dueAt: i % 2 ? T0 + 60 * MIN : null }) })),
    actions: many(rows, (i) => ({ crisis: i % 3 ? crisis : undefined, action: actions[i % 2 ? 0 : 2]! })),
    claimed: many(rows, () => ({ crisis, response: queue[0]! })),
    crises: many(rows, () => crisis),
  });
  // A drill: its title (the catalogue's), its DMs' banner, its opening answer and its place in /crisis list.
  const drill = { ...crisis, id: 9, drill: true, title: v.m.t('drill.title') };
  messages.push({ text: v.m.t('drill.titled', { title: typed.title }), blocks: [] });
  messages.push(jobViews(v).page(drill, pageRow(), undefined));
  const listed = answers.renderOpenCrises(v, [drill], () => false);
  messages.push({ text: listed.text, blocks: [] });
  messages.push({ text: answers.renderDrillOpening(v, drill, true), blocks: [] });
  for (const home of [homeOf(HOME_ROWS + 2), homeOf(1), { ...homeOf(0), crises: [crisis] }])
    messages.push({ text: v.m.t('home.heading'), blocks: renderHome(v, home).blocks as KnownBlock[] });
  const modal = renderOpenModal(v, types);
  const texts = alertTexts(v);
  const answersText = [
    ...plan.lines,
    ...REFUSALS.map((r) => answers.renderRefusal(v, r)),
    ...PROBLEMS.map((p) => answers.renderProblem(v, p)),
    answers.renderSomethingWentWrong(v),
    answers.renderOpening(v, crisis, true),
    answers.renderOpening(v, { ...crisis, stage: 1 }, true),
    answers.renderOpening(v, crisis, false),
    answers.renderUpdateRecorded(v),
    answers.renderClosed(v),
    answers.renderEscalated(v, 2),
    answers.renderSeverityChanged(v, 'sev3', undefined),
    answers.renderSeverityChanged(v, 'sev1', 2),
    answers.renderOpenCrises(v, [], () => false).text,
    answers.renderOpenCrises(v, [crisis, { ...crisis, channelId: null }, { ...crisis, id: 2, channelId: null }], (c) => c.id === 2).text,
    answers.renderAmended(v, { title: typed.title }),
    answers.renderAmended(v, { type: 'default', added: 2 }),
    answers.renderAmended(v, { type: 'default', added: 0 }),
    answers.renderAmended(v, { lead: 'U0OMAR' }),
    answers.renderStatementDrafted(v),
    answers.renderQueued(v, true, crisis),
    answers.renderQueued(v, false, crisis),
    answers.renderEscalatedPost(v, 0),
    answers.renderEscalatedPost(v, 1),
    answers.renderEscalatedPost(v, 3),
    answers.renderQaAdded(v, 2),
    answers.renderQaAdded({ ...v, plan: { ...v.plan, staffChannel: 'C0STAFF' } }, 1),
    answers.renderQaPublished({ ...v, plan: { ...v.plan, staffChannel: 'C0STAFF' } }, 3),
    answers.renderLessonAdded(v, false),
    answers.renderLessonAdded(v, true),
    answers.renderLessonAdded(v, false, true),
    answers.renderActionAdded(v, 'U0KASIA'),
    answers.renderActionAdded(v, 'U0KASIA', '2026-03-20'),
    answers.renderChartComing(v),
    answers.renderCalling(v, 'U0KASIA'),
    ...phoneWords(v, crisis, snap),
    // Read by config/plan for a plan without removal_reasons (the fixtures in sv and pl have none).
    v.m.t('responses.defaultReasons'),
    v.m.t('chart.fileTitle', { title: typed.title }),
    ...(['opened', 'first_ack', 'first_statement', 'update', 'escalated', 'closed'] as const).map((kind) =>
      milestoneLabel(v, { at: T0, kind, stage: 2 }),
    ),
    ...[
      chartSpec(v, closed, { from: T0, to: T0 + MIN, points: [], baselines: [], milestones: [] }),
      chartSpec(v, closed, {
        from: T0,
        to: T0 + MIN,
        points: [{ source: 'x', at: T0, mentions: 1, negativeShare: 0.5 }],
        baselines: [],
        milestones: [],
      }),
    ].flatMap((s) => {
      const all = specLayers(s);
      return [
        specTitle(s).text,
        specTitle(s).subtitle,
        ...all.flatMap((l) => [l.encoding?.x?.axis?.title, l.encoding?.y?.axis?.title, l.encoding?.color?.legend?.title]),
      ].filter((t): t is string => typeof t === 'string');
    }),
    renderHelp(v, types),
    renderStatus(v, snap, { pending: 2, failed: 0 }, T0 + 90 * MIN, { nextEscalationAt: T0 + 100 * MIN }),
    renderStatus(
      v,
      { ...snap, pages: [], updates: [], items: items.map((i) => ({ ...i, doneAt: T0 + MIN, doneBy: 'U0ANNA' })) },
      { pending: 0, failed: 1 },
      T0 + 2 * MIN,
    ),
    renderStatus(v, { ...snap, crisis: closed }, { pending: 0, failed: 0 }, T0 + 25 * 60 * MIN),
    renderStatus(v, snap, { pending: 0, failed: 0 }, T0 + 90 * MIN, {
      paced: [
        { method: 'chat.postMessage', conversation: 'C0ALERTS', waiting: 5, until: T0 + 91 * MIN },
        { method: 'conversations.create', conversation: undefined, waiting: 2, until: T0 + 91 * MIN },
      ],
      unmatched: [{ name: 'Kasia Nowak', email: 'kasia@example.com' }],
    }),
    renderTopic(v, crisis),
    plainText(v.m.t('modal.chooseSeverity')),
    plainText(v.m.t('modal.chooseType')),
    v.m.t('debrief.fileTitle', { title: typed.title }),
    texts.signalTitle('brandwatch'),
    ...texts.thresholdReasons([
      { kind: 'volume', mentions: 480, baseline: 100, ratio: 4.8, threshold: 3 },
      { kind: 'volume', mentions: 3, baseline: 0, ratio: undefined, threshold: 3 },
      { kind: 'negative', negative: 60, mentions: 90, share: 60 / 90, threshold: 0.5 },
    ]),
    texts.crisisSummary(alert({ title: typed.title })),
    ...formLabels,
  ];
  return { messages, modal, markdown: `${markdown}\n${bare}`, answersText };
}

describe.each(LANGUAGES)('every view in %s', (language) => {
  const { v, used } = recordingContext(language);
  const { messages, modal, answersText } = renderEverything(v, language);

  it('uses every message of the catalogue', () => {
    expect(allKeys(catalogues[language]).filter((key) => !used.has(key))).toEqual([]);
  });

  it('stays within Slack’s limits, never cutting a character in half', () => {
    for (const message of messages) {
      expect(validateBlocks(message.blocks), message.text).toEqual([]);
      expect(message.text.length).toBeLessThanOrEqual(SlackLimits.messageText);
      expect(wellFormed(JSON.stringify(message))).toBe(true);
    }
    expect(validateBlocks(modal.blocks, LIMITS.viewBlocks)).toEqual([]);
    const { title, submit, close } = modal as ModalView;
    for (const label of [title, submit!, close!]) expect(label.text.length).toBeLessThanOrEqual(LIMITS.viewTitle);
    // No value left unfilled; {topic} is the plan statements' own marker, named to the user on purpose.
    for (const answer of answersText) expect(answer.split(TOPIC).join('')).not.toMatch(/\{[a-z]+\}/i);
  });
});

describe.each(['sv', 'pl'] as const)('every view in %s', (language) => {
  it('has no word of English in it', () => {
    const { v } = recordingContext(language);
    const { messages, modal, markdown, answersText } = renderEverything(v, language);
    const typed = Object.values(TYPED[language]).join(' ');
    const shown = [...messages.flatMap((m) => [m.text, ...shownTexts(m.blocks)]), ...shownTexts(modal), markdown, ...answersText];
    // An entry an earlier version wrote in English keeps its words: that one may be English.
    const legacy = 'Opened by Olle (sev2, type default) statement_published X Instagram LinkedIn TikTok Facebook';
    // The timeline's type names above (data-breach) are a plan's own words, like its roles.
    expect(
      englishWords(shown, language, `${PLANS[language]} ${typed} ${legacy} talkwalker brandwatch prometheus listening data-breach`),
    ).toEqual([]);
  });

  it('would notice English if there were any (the check can fail)', () => {
    expect(englishWords(['Paging stage 2 now', 'Kvittera'], language, PLANS[language])).toEqual(expect.arrayContaining(['paging']));
  });
});
