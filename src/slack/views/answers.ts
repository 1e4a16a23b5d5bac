import type { CommandProblem } from '../../domain/command.js';
import type { Crisis } from '../../domain/crisis.js';
import { stageName } from '../../domain/escalation.js';
import type { Refusal } from '../../domain/refusals.js';
import type { ViewContext } from './context.js';
import { channelLink, escapeMrkdwn, mention, stageLabel } from './mrkdwn.js';

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
    case 'not_mandated': {
      const who = refusal.refs
        ? m.t('refusal.holders', { names: m.list(refusal.holders.map(escapeMrkdwn)), refs: m.list(refusal.refs.map(escapeMrkdwn)) })
        : m.t('refusal.rosterMembers');
      return m.t('refusal.notMandated', { mandate: refusal.mandate, who });
    }
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
  }
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

/** `/crisis list`; `failed(crisis)` says whether its channel could not be created. */
export function renderOpenCrises(v: ViewContext, open: readonly Crisis[], failed: (crisis: Crisis) => boolean): string {
  const { m } = v;
  if (open.length === 0) return m.t('answer.noCrisis');
  const where = (c: Crisis) => (c.channelId ? channelLink(c.channelId) : failed(c) ? m.t('answer.channelFailed') : m.t('answer.channelComing'));
  return [m.t('answer.openCrises', { count: open.length }), ...open.map((c) => m.t('answer.openCrisis', { where: where(c), title: escapeMrkdwn(c.title), severity: c.severity }))].join('\n');
}
