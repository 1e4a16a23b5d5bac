import type { CommandProblem } from '../../domain/command.js';
import type { Crisis } from '../../domain/crisis.js';
import { stageName } from '../../domain/escalation.js';
import type { Refusal } from '../../domain/refusals.js';
import { TOPIC } from '../../domain/statements.js';
import type { ViewContext } from './context.js';
import type { KnownBlock } from '@slack/types';
import { ActionId } from '../ids.js';
import { channelLink, escapeMrkdwn, mention, stageLabel } from './mrkdwn.js';
import { clip } from './limits.js';

// The answers only the caller sees (ephemeral): what the bot did, or why it did nothing.

/** A refusal's own fields, by its code. */
type RefusalOf<C extends Refusal['code']> = Extract<Refusal, { readonly code: C }>;

/**
 * How each refusal is said, by its code. The type asks for every code of `Refusal`: a new
 * refusal without its words here does not compile.
 */
const REFUSAL_TEXTS: { readonly [C in Refusal['code']]: (v: ViewContext, refusal: RefusalOf<C>) => string } = {
  unknown_type: ({ m }, r) => m.t('refusal.unknownType', { type: escapeMrkdwn(r.type) }),
  unknown_page: ({ m }) => m.t('refusal.unknownPage'),
  not_your_page: ({ m }, r) => m.t('refusal.notYourPage', { owner: mention(r.owner) }),
  unknown_item: ({ m }) => m.t('refusal.unknownItem'),
  checklist_closed: ({ m }) => m.t('refusal.checklistClosed'),
  action_past_due: ({ m }, r) => m.t('refusal.actionPastDue', { date: r.date }),
  topic_missing: ({ m }) => m.t('refusal.topicMissing', { marker: TOPIC }),
  item_ticks_itself: ({ m }, r) => m.t(`refusal.ticksItself.${r.when}`),
  // Answered with the form, not words (listeners/actions/buttons); said only if the form cannot open.
  first_response_link: ({ m }) => m.t('checklist.ticksWhen.first_response'),
  not_mandated: (v, r) => v.m.t('refusal.notMandated', { mandate: r.mandate, who: holders(v, r) }),
  already_closed: ({ m }) => m.t('refusal.alreadyClosed'),
  crisis_closed: ({ m }) => m.t('refusal.crisisClosed'),
  last_stage: (v, r) => v.m.t('refusal.lastStage', { name: escapeMrkdwn(stageName(v.plan, r.stage) ?? String(r.stage)) }),
  same_severity: ({ m }, r) => m.t('refusal.sameSeverity', { severity: r.severity }),
  unknown_alert: ({ m }) => m.t('refusal.unknownAlert'),
  already_decided: ({ m }, r) => (r.by ? m.t('refusal.alreadyDecidedBy', { who: mention(r.by) }) : m.t('refusal.alreadyDecided')),
  unknown_digest: ({ m }) => m.t('refusal.unknownDigest'),
  nothing_to_dismiss: ({ m }) => m.t('refusal.nothingToDismiss'),
  not_in_crisis_channel: ({ m }, r) => m.t('refusal.notInCrisisChannel', { verb: r.verb }),
  stale_button: ({ m }) => m.t('refusal.staleButton'),
  unknown_action: ({ m }) => m.t('refusal.unknownAction'),
  form_failed: ({ m }) => m.t('refusal.formFailed'),
  not_amender: (v, r) => {
    const who = holders(v, r);
    return r.lead ? v.m.t('refusal.notAmenderOrLead', { who, lead: mention(r.lead) }) : v.m.t('refusal.notAmender', { who });
  },
  same_type: ({ m }, r) => m.t('refusal.sameType', { type: escapeMrkdwn(r.type) }),
  same_lead: ({ m }) => m.t('refusal.sameLead'),
  lead_is_bot: ({ m }) => m.t('refusal.leadIsBot'),
  has_channel: ({ m }, r) => m.t('refusal.hasChannel', { channel: channelLink(r.channel) }),
  statement_empty: ({ m }) => m.t('refusal.statementEmpty'),
  statement_too_long: ({ m }, r) => m.t('refusal.statementTooLong', { length: r.length, max: r.max }),
  statement_unchanged: ({ m }) => m.t('refusal.statementUnchanged'),
  statement_decided: ({ m }) => m.t('refusal.statementDecided'),
  statement_not_approved: ({ m }) => m.t('refusal.statementNotApproved'),
  statement_text_changed: ({ m }) => m.t('refusal.statementTextChanged'),
  publish_nowhere: ({ m }) => m.t('refusal.publishNowhere'),
  publish_already: ({ m }) => m.t('refusal.publishAlready'),
  statement_superseded: ({ m }, r) => m.t('refusal.statementSuperseded', { version: r.version }),
  bad_url: ({ m }) => m.t('refusal.badUrl'),
  reason_empty: ({ m }) => m.t('refusal.reasonEmpty'),
  not_resumer: ({ m }, r) => m.t('refusal.notResumer', { who: m.list(r.holders.map(escapeMrkdwn)), account: escapeMrkdwn(r.account) }),
  resume_while_open: ({ m }) => m.t('refusal.resumeWhileOpen'),
  already_resumed: ({ m }, r) => m.t('refusal.alreadyResumed', { who: mention(r.by) }),
  still_holding: ({ m }) => m.t('refusal.stillHolding'),
  resume_time_needed: ({ m }) => m.t('refusal.resumeTimeNeeded'),
  bad_post_url: ({ m }) => m.t('refusal.badPostUrl'),
  not_a_removal_reason: ({ m }, r) => m.t('refusal.notARemovalReason', { reasons: m.list(r.reasons.map(escapeMrkdwn)) }),
  evidence_missing: ({ m }) => m.t('refusal.evidenceMissing'),
  response_handled: ({ m }, r) => m.t('refusal.responseHandled', { who: mention(r.by) }),
  response_claimed: ({ m }, r) => m.t('refusal.responseClaimed', { who: mention(r.by) }),
  no_link_in_message: ({ m }) => m.t('refusal.noLinkInMessage'),
  which_crisis: ({ m }) => m.t('refusal.whichCrisis'),
  no_open_crisis: ({ m }) => m.t('refusal.noOpenCrisis'),
  no_staff_channel: ({ m }) => m.t('refusal.noStaffChannel'),
  qa_empty: ({ m }) => m.t('refusal.qaEmpty'),
  not_action_owner: ({ m }, r) => m.t('refusal.notActionOwner', { who: mention(r.owner) }),
  action_done: ({ m }, r) => m.t('refusal.actionDone', { who: mention(r.by) }),
  feedback_empty: ({ m }) => m.t('refusal.feedbackEmpty'),
  not_plan_keeper: ({ m }, r) => m.t('refusal.notPlanKeeper', { who: m.either(r.holders.map(escapeMrkdwn)) }),
  not_plan_owner: ({ m }, r) =>
    m.t('refusal.notPlanOwner', { who: r.holders.length ? m.either(r.holders.map(escapeMrkdwn)) : m.t('plan.leads') }),
  plan_change_applied: ({ m }, r) => m.t('refusal.planChangeApplied', { who: mention(r.by) }),
  drill_no_publish: ({ m }) => m.t('refusal.drillNoPublish'),
  drill_no_phone: ({ m }) => m.t('refusal.drillNoPhone'),
  unknown_scenario: ({ m }, r) =>
    r.known.length
      ? m.t('refusal.unknownScenario', {
          scenario: escapeMrkdwn(r.scenario),
          known: m.list(r.known.map((id) => `\`${escapeMrkdwn(id)}\``)),
        })
      : m.t('refusal.noScenarios', { scenario: escapeMrkdwn(r.scenario) }),
  no_cs_channel: ({ m }) => m.t('refusal.noCsChannel'),
  own_statement: ({ m }, r) =>
    r.others.length ? m.t('refusal.ownStatement', { who: m.list(r.others.map(escapeMrkdwn)) }) : m.t('refusal.ownStatementAlone'),
  phone_off: ({ m }) => m.t('refusal.phoneOff'),
  caller_not_paged: ({ m }) => m.t('refusal.callerNotPaged'),
  callee_not_paged: ({ m }, r) => m.t('refusal.calleeNotPaged', { who: mention(r.user) }),
  no_phone_number: ({ m }, r) => m.t('refusal.noPhoneNumber', { who: mention(r.user) }),
  already_acknowledged: ({ m }, r) => m.t('refusal.alreadyAcknowledged', { who: mention(r.user) }),
  already_calling: ({ m }, r) => m.t('refusal.alreadyCalling', { who: mention(r.user) }),
};

export function renderRefusal<C extends Refusal['code']>(v: ViewContext, refusal: RefusalOf<C>): string {
  return REFUSAL_TEXTS[refusal.code](v, refusal);
}

/** Who holds a mandate: roster names with the plan's roles for it, or everyone on the roster. */
function holders(v: ViewContext, r: { holders: readonly string[]; refs: readonly string[] | undefined }): string {
  const { m } = v;
  return r.refs
    ? m.t('refusal.holders', { names: m.list(r.holders.map(escapeMrkdwn)), refs: m.list(r.refs.map(escapeMrkdwn)) })
    : m.t('refusal.rosterMembers');
}

/** A command problem's own fields, by its code. */
type ProblemOf<C extends CommandProblem['code']> = Extract<CommandProblem, { readonly code: C }>;

/** How each command problem is said, by its code; as with refusals, a code without words does not compile. */
const PROBLEM_TEXTS: { readonly [C in CommandProblem['code']]: (v: ViewContext, problem: ProblemOf<C>) => string } = {
  update_empty: ({ m }) => m.t('problem.updateEmpty'),
  update_too_long: ({ m }, p) => m.t('problem.updateTooLong', { length: p.length, max: p.max }),
  severity_usage: ({ m }) => m.t('problem.severityUsage'),
  close_summary_too_long: ({ m }, p) => m.t('problem.closeSummaryTooLong', { length: p.length, max: p.max }),
  unknown_severity: ({ m }, p) => m.t('problem.unknownSeverity', { word: escapeMrkdwn(p.word) }),
  unknown_type: ({ m }, p) => m.t('problem.unknownType', { type: escapeMrkdwn(p.type), known: m.list(p.known.map(escapeMrkdwn)) }),
  title_missing: ({ m }) => m.t('problem.titleMissing'),
  title_too_long: ({ m }, p) => m.t('problem.titleTooLong', { length: p.length, max: p.max }),
  retitle_usage: ({ m }) => m.t('problem.retitleUsage'),
  type_usage: ({ m }, p) => m.t('problem.typeUsage', { known: m.list(p.known.map(escapeMrkdwn)) }),
  lead_usage: ({ m }) => m.t('problem.leadUsage'),
  respond_usage: ({ m }) => m.t('problem.respondUsage'),
  qa_usage: ({ m }) => m.t('problem.qaUsage'),
  lesson_usage: ({ m }) => m.t('problem.lessonUsage'),
  action_usage: ({ m }) => m.t('problem.actionUsage'),
  action_bad_date: ({ m }, p) => m.t('problem.actionBadDate', { date: p.date }),
  call_usage: ({ m }) => m.t('problem.callUsage'),
  drill_usage: ({ m }) => m.t('problem.drillUsage'),
  text_too_long: ({ m }, p) => m.t('problem.textTooLong', { length: p.length, max: p.max }),
};

export function renderProblem<C extends CommandProblem['code']>(v: ViewContext, problem: ProblemOf<C>): string {
  return PROBLEM_TEXTS[problem.code](v, problem);
}

export const renderSomethingWentWrong = (v: ViewContext) => v.m.t('answer.somethingWentWrong');

/** `/crisis open …` was accepted, or had already been (Slack retried the request). */
export function renderOpening(v: ViewContext, crisis: Crisis, created: boolean): string {
  const title = escapeMrkdwn(crisis.title);
  if (!created) return v.m.t('answer.alreadyOpening', { title });
  const name = escapeMrkdwn(stageName(v.plan, crisis.stage) ?? String(crisis.stage));
  return v.m.t('answer.opening', { title, severity: crisis.severity, stages: crisis.stage, name });
}

/** `/crisis drill`: what is opening, and that nothing of it reaches the public. */
export function renderDrillOpening(v: ViewContext, crisis: Crisis, created: boolean): string {
  const title = escapeMrkdwn(crisis.title);
  if (!created) return v.m.t('answer.alreadyOpening', { title });
  return v.m.t('answer.drillOpening', { title, name: escapeMrkdwn(stageName(v.plan, crisis.stage) ?? String(crisis.stage)) });
}

/** `/crisis title`, `type` or `lead` was recorded. */
export function renderAmended(v: ViewContext, change: { title: string } | { type: string; added: number } | { lead: string }): string {
  if ('title' in change) return v.m.t('answer.retitled', { title: escapeMrkdwn(change.title) });
  if ('type' in change) return v.m.t('answer.typeChanged', { type: escapeMrkdwn(change.type), added: change.added });
  return v.m.t('answer.leadSet', { lead: mention(change.lead) });
}

export const renderStatementDrafted = (v: ViewContext) => v.m.t('answer.statementDrafted');

/** A post was added to the queue (or was in it already). */
export const renderQueued = (v: ViewContext, created: boolean, crisis: Crisis) =>
  v.m.t(created ? 'answer.queued' : 'answer.alreadyQueued', { title: escapeMrkdwn(crisis.title) });

/** Escalate on a queued post paged `count` people. */
export const renderEscalatedPost = (v: ViewContext, count: number) => v.m.t('answer.escalatedPost', { count });

export const renderQaAdded = (v: ViewContext, count: number) =>
  v.m.t(v.plan.staffChannel ? 'answer.qaAdded' : 'answer.qaAddedNoChannel', {
    count,
    channel: v.plan.staffChannel ? channelLink(v.plan.staffChannel) : '',
  });
export const renderQaPublished = (v: ViewContext, count: number) =>
  v.m.t('answer.qaPublished', { count, channel: channelLink(v.plan.staffChannel ?? '') });
export const renderLessonAdded = (v: ViewContext, closed: boolean, planChange = false) =>
  v.m.t(planChange ? 'answer.planChangeAdded' : closed ? 'answer.lessonAddedClosed' : 'answer.lessonAdded');
export const renderChartComing = (v: ViewContext) => v.m.t('answer.chartComing');
export const renderActionAdded = (v: ViewContext, owner: string, dueOn?: string) =>
  dueOn ? v.m.t('answer.actionAddedDue', { who: mention(owner), date: dueOn }) : v.m.t('answer.actionAdded', { who: mention(owner) });

export const renderUpdateRecorded = (v: ViewContext) => v.m.t('answer.updateRecorded');
export const renderClosed = (v: ViewContext) => v.m.t('answer.closed');

/** `/crisis escalate` paged `stage`. */
export const renderCalling = (v: ViewContext, userId: string) => v.m.t('answer.calling', { who: mention(userId) });
export const renderEscalated = (v: ViewContext, stage: number) => v.m.t('answer.escalated', { stage: stageLabel(v, stage) });

/** `/crisis severity`: `pagedUpTo` when the new severity starts at a later stage. */
export function renderSeverityChanged(v: ViewContext, severity: string, pagedUpTo: number | undefined): string {
  return pagedUpTo === undefined
    ? v.m.t('answer.severityChanged', { severity })
    : v.m.t('answer.severityRaised', { severity, stage: stageLabel(v, pagedUpTo) });
}

/**
 * `/crisis list`; `failed(crisis)` says whether its channel could not be created. Such a crisis
 * gets a Close button: it has no channel to type `/crisis close` in.
 */
export function renderOpenCrises(
  v: ViewContext,
  open: readonly Crisis[],
  failed: (crisis: Crisis) => boolean,
): { text: string; blocks?: KnownBlock[] } {
  const { m } = v;
  const where = (c: Crisis) =>
    c.channelId ? channelLink(c.channelId) : failed(c) ? m.t('answer.channelFailed') : m.t('answer.channelComing');
  const line = (c: Crisis) => m.t('answer.openCrisis', { where: where(c), title: escapeMrkdwn(c.title), severity: c.severity });
  // Drills are listed apart and counted in no figure of real crises.
  const drills = open.filter((c) => c.drill);
  const drillLines = drills.length ? [m.t('answer.openDrills', { count: drills.length }), ...drills.map(line)] : [];
  open = open.filter((c) => !c.drill);
  if (open.length === 0) return { text: [m.t('answer.noCrisis'), ...drillLines].join('\n') };
  const text = [m.t('answer.openCrises', { count: open.length }), ...open.map(line), ...drillLines].join('\n');
  const stranded = open.filter((c) => !c.channelId && failed(c));
  // A list longer than one message holds stays text: the buttons are for the rare stranded crisis.
  if (stranded.length === 0 || open.length > 40) return { text };
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: m.t('answer.openCrises', { count: open.length }) } }];
  for (const c of open) {
    const section: KnownBlock = { type: 'section', text: { type: 'mrkdwn', text: clip(line(c)) } };
    if (stranded.includes(c)) {
      section.accessory = {
        type: 'button',
        action_id: ActionId.closeStranded,
        text: { type: 'plain_text', text: m.t('buttons.close') },
        value: String(c.id),
        confirm: closeConfirm(v, c),
      };
    }
    blocks.push(section);
  }
  return { text, blocks };
}

/** Closing is final: Slack asks once more, in the team's language. */
function closeConfirm(v: ViewContext, c: Crisis) {
  const { m } = v;
  return {
    title: { type: 'plain_text' as const, text: m.t('confirmClose.title') },
    text: { type: 'plain_text' as const, text: clip(m.t('confirmClose.text', { title: c.title }), 300) },
    confirm: { type: 'plain_text' as const, text: m.t('confirmClose.confirm') },
    deny: { type: 'plain_text' as const, text: m.t('confirmClose.deny') },
  };
}
