import type { CommandProblem } from '../../domain/command.js';
import type { Crisis } from '../../domain/crisis.js';
import { stageName } from '../../domain/escalation.js';
import type { Refusal } from '../../domain/refusals.js';
import type { ViewContext } from './context.js';
import type { KnownBlock } from '@slack/types';
import { ActionId } from '../ids.js';
import { channelLink, escapeMrkdwn, mention, stageLabel } from './mrkdwn.js';
import { clip } from './limits.js';

// The answers only the caller sees (ephemeral): what the bot did, or why it did nothing.

export function renderRefusal(v: ViewContext, refusal: Refusal): string {
  const { m } = v;
  switch (refusal.code) {
    case 'unknown_type':
      return m.t('refusal.unknownType', { type: escapeMrkdwn(refusal.type) });
    case 'unknown_page':
      return m.t('refusal.unknownPage');
    case 'not_your_page':
      return m.t('refusal.notYourPage', { owner: mention(refusal.owner) });
    case 'unknown_item':
      return m.t('refusal.unknownItem');
    case 'checklist_closed':
      return m.t('refusal.checklistClosed');
    case 'not_mandated':
      return m.t('refusal.notMandated', { mandate: refusal.mandate, who: holders(v, refusal) });
    case 'already_closed':
      return m.t('refusal.alreadyClosed');
    case 'crisis_closed':
      return m.t('refusal.crisisClosed');
    case 'last_stage':
      return m.t('refusal.lastStage', { name: escapeMrkdwn(stageName(v.plan, refusal.stage) ?? String(refusal.stage)) });
    case 'same_severity':
      return m.t('refusal.sameSeverity', { severity: refusal.severity });
    case 'unknown_alert':
      return m.t('refusal.unknownAlert');
    case 'already_decided':
      return refusal.by ? m.t('refusal.alreadyDecidedBy', { who: mention(refusal.by) }) : m.t('refusal.alreadyDecided');
    case 'unknown_digest':
      return m.t('refusal.unknownDigest');
    case 'nothing_to_dismiss':
      return m.t('refusal.nothingToDismiss');
    case 'not_in_crisis_channel':
      return m.t('refusal.notInCrisisChannel', { verb: refusal.verb });
    case 'stale_button':
      return m.t('refusal.staleButton');
    case 'unknown_action':
      return m.t('refusal.unknownAction');
    case 'form_failed':
      return m.t('refusal.formFailed');
    case 'not_amender': {
      const who = holders(v, refusal);
      return refusal.lead ? m.t('refusal.notAmenderOrLead', { who, lead: mention(refusal.lead) }) : m.t('refusal.notAmender', { who });
    }
    case 'same_type':
      return m.t('refusal.sameType', { type: escapeMrkdwn(refusal.type) });
    case 'same_lead':
      return m.t('refusal.sameLead');
    case 'lead_is_bot':
      return m.t('refusal.leadIsBot');
    case 'has_channel':
      return m.t('refusal.hasChannel', { channel: channelLink(refusal.channel) });
    case 'statement_empty':
      return m.t('refusal.statementEmpty');
    case 'statement_too_long':
      return m.t('refusal.statementTooLong', { length: refusal.length, max: refusal.max });
    case 'statement_unchanged':
      return m.t('refusal.statementUnchanged');
    case 'statement_decided':
      return m.t('refusal.statementDecided');
    case 'statement_not_approved':
      return m.t('refusal.statementNotApproved');
    case 'statement_superseded':
      return m.t('refusal.statementSuperseded', { version: refusal.version });
    case 'bad_url':
      return m.t('refusal.badUrl');
    case 'reason_empty':
      return m.t('refusal.reasonEmpty');
    case 'not_resumer':
      return m.t('refusal.notResumer', { who: m.list(refusal.holders.map(escapeMrkdwn)), account: escapeMrkdwn(refusal.account) });
    case 'resume_while_open':
      return m.t('refusal.resumeWhileOpen');
    case 'already_resumed':
      return m.t('refusal.alreadyResumed', { who: mention(refusal.by) });
    case 'still_holding':
      return m.t('refusal.stillHolding');
    case 'resume_time_needed':
      return m.t('refusal.resumeTimeNeeded');
    case 'bad_post_url':
      return m.t('refusal.badPostUrl');
    case 'not_a_removal_reason':
      return m.t('refusal.notARemovalReason', { reasons: m.list(refusal.reasons.map(escapeMrkdwn)) });
    case 'evidence_missing':
      return m.t('refusal.evidenceMissing');
    case 'response_handled':
      return m.t('refusal.responseHandled', { who: mention(refusal.by) });
    case 'no_link_in_message':
      return m.t('refusal.noLinkInMessage');
    case 'which_crisis':
      return m.t('refusal.whichCrisis');
    case 'no_open_crisis':
      return m.t('refusal.noOpenCrisis');
    case 'no_staff_channel':
      return m.t('refusal.noStaffChannel');
    case 'qa_empty':
      return m.t('refusal.qaEmpty');
    case 'not_action_owner':
      return m.t('refusal.notActionOwner', { who: mention(refusal.owner) });
    case 'action_done':
      return m.t('refusal.actionDone', { who: mention(refusal.by) });
    case 'feedback_empty':
      return m.t('refusal.feedbackEmpty');
    case 'no_cs_channel':
      return m.t('refusal.noCsChannel');
  }
}

/** Who holds a mandate: roster names with the plan's roles for it, or everyone on the roster. */
function holders(v: ViewContext, r: { holders: readonly string[]; refs: readonly string[] | undefined }): string {
  const { m } = v;
  return r.refs ? m.t('refusal.holders', { names: m.list(r.holders.map(escapeMrkdwn)), refs: m.list(r.refs.map(escapeMrkdwn)) }) : m.t('refusal.rosterMembers');
}

export function renderProblem(v: ViewContext, problem: CommandProblem): string {
  const { m } = v;
  switch (problem.code) {
    case 'update_empty':
      return m.t('problem.updateEmpty');
    case 'update_too_long':
      return m.t('problem.updateTooLong', { length: problem.length, max: problem.max });
    case 'severity_usage':
      return m.t('problem.severityUsage');
    case 'close_summary_too_long':
      return m.t('problem.closeSummaryTooLong', { length: problem.length, max: problem.max });
    case 'unknown_severity':
      return m.t('problem.unknownSeverity', { word: escapeMrkdwn(problem.word) });
    case 'unknown_type':
      return m.t('problem.unknownType', { type: escapeMrkdwn(problem.type), known: m.list(problem.known.map(escapeMrkdwn)) });
    case 'title_missing':
      return m.t('problem.titleMissing');
    case 'title_too_long':
      return m.t('problem.titleTooLong', { length: problem.length, max: problem.max });
    case 'retitle_usage':
      return m.t('problem.retitleUsage');
    case 'type_usage':
      return m.t('problem.typeUsage', { known: m.list(problem.known.map(escapeMrkdwn)) });
    case 'lead_usage':
      return m.t('problem.leadUsage');
    case 'respond_usage':
      return m.t('problem.respondUsage');
    case 'qa_usage':
      return m.t('problem.qaUsage');
    case 'lesson_usage':
      return m.t('problem.lessonUsage');
    case 'action_usage':
      return m.t('problem.actionUsage');
    case 'text_too_long':
      return m.t('problem.textTooLong', { length: problem.length, max: problem.max });
  }
}

export const renderSomethingWentWrong = (v: ViewContext) => v.m.t('answer.somethingWentWrong');

/** `/crisis open …` was accepted, or had already been (Slack retried the request). */
export function renderOpening(v: ViewContext, crisis: Crisis, created: boolean): string {
  const title = escapeMrkdwn(crisis.title);
  if (!created) return v.m.t('answer.alreadyOpening', { title });
  const name = escapeMrkdwn(stageName(v.plan, crisis.stage) ?? String(crisis.stage));
  return v.m.t('answer.opening', { title, severity: crisis.severity, stages: crisis.stage, name });
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
  v.m.t(v.plan.staffChannel ? 'answer.qaAdded' : 'answer.qaAddedNoChannel', { count, channel: v.plan.staffChannel ? channelLink(v.plan.staffChannel) : '' });
export const renderQaPublished = (v: ViewContext, count: number) => v.m.t('answer.qaPublished', { count, channel: channelLink(v.plan.staffChannel ?? '') });
export const renderLessonAdded = (v: ViewContext, closed: boolean) => v.m.t(closed ? 'answer.lessonAddedClosed' : 'answer.lessonAdded');
export const renderChartComing = (v: ViewContext) => v.m.t('answer.chartComing');
export const renderActionAdded = (v: ViewContext, owner: string) => v.m.t('answer.actionAdded', { who: mention(owner) });

export const renderUpdateRecorded = (v: ViewContext) => v.m.t('answer.updateRecorded');
export const renderClosed = (v: ViewContext) => v.m.t('answer.closed');

/** `/crisis escalate` paged `stage`. */
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
export function renderOpenCrises(v: ViewContext, open: readonly Crisis[], failed: (crisis: Crisis) => boolean): { text: string; blocks?: KnownBlock[] } {
  const { m } = v;
  if (open.length === 0) return { text: m.t('answer.noCrisis') };
  const where = (c: Crisis) => (c.channelId ? channelLink(c.channelId) : failed(c) ? m.t('answer.channelFailed') : m.t('answer.channelComing'));
  const line = (c: Crisis) => m.t('answer.openCrisis', { where: where(c), title: escapeMrkdwn(c.title), severity: c.severity });
  const text = [m.t('answer.openCrises', { count: open.length }), ...open.map(line)].join('\n');
  const stranded = open.filter((c) => !c.channelId && failed(c));
  // A list longer than one message holds stays text: the buttons are for the rare stranded crisis.
  if (stranded.length === 0 || open.length > 40) return { text };
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: m.t('answer.openCrises', { count: open.length }) } }];
  for (const c of open) {
    const section: KnownBlock = { type: 'section', text: { type: 'mrkdwn', text: clip(line(c)) } };
    if (stranded.includes(c)) {
      section.accessory = { type: 'button', action_id: ActionId.closeStranded, text: { type: 'plain_text', text: m.t('buttons.close') }, value: String(c.id), confirm: closeConfirm(v, c) };
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
