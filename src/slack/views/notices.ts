import type { Crisis, StatusUpdate } from '../../domain/crisis.js';
import type { Notice } from '../../domain/notices.js';
import type { EscalationCause } from '../../domain/timeline.js';
import type { RenderedMessage, ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';
import { alertSource, channelLink, escapeMrkdwn, mention, slackTime, stageLabel } from './mrkdwn.js';
import { section } from './blocks.js';

type Escape = (text: string) => string;

/** Less late than this is "due now", not "due 0s ago". */
const DUE_NOW_MS = 60_000;

/** Why a stage was paged early: the first half of a notice or a timeline line. */
export function escalationReason(v: ViewContext, cause: EscalationCause, actor: string, escape: Escape = escapeMrkdwn): string {
  switch (cause.kind) {
    case 'deadline':
      return v.m.t('notice.whyDeadline', { stage: stageLabel(v, cause.stage, escape), timeout: v.m.duration(cause.timeoutMs) });
    case 'manual':
      return v.m.t('notice.whyManual', { who: actor });
    case 'severity':
      return v.m.t('notice.whySeverity', { severity: cause.severity });
  }
}

/** A roster member by name; anyone else (the plan may have changed) by mention. */
export function rosterName(v: ViewContext, userId: string): string {
  const member = v.plan.roster.find((m) => m.slackId === userId);
  return member ? escapeMrkdwn(member.name) : mention(userId);
}

function noticeText(v: ViewContext, notice: Notice): string {
  const { m } = v;
  const mentions = (ids: readonly string[]) => m.list(ids.map(mention));
  switch (notice.kind) {
    case 'escalated': {
      // By name, not by mention: whoever escalated needs no notification of it.
      const actor = notice.actorId ? rosterName(v, notice.actorId) : m.t('common.theBot');
      const why = escalationReason(v, notice.cause, actor);
      const stage = stageLabel(v, notice.to);
      return notice.paged.length
        ? m.t('notice.escalated', { why, stage, who: mentions(notice.paged) })
        : m.t('notice.escalatedNobodyNew', { why, stage });
    }
    case 'last_stage_unanswered':
      return m.t('notice.lastStage', {
        stage: stageLabel(v, notice.stage),
        timeout: m.duration(notice.timeoutMs),
        who: mentions(notice.waiting),
      });
    case 'severity_changed':
      return m.t('notice.severityChanged', { from: notice.from, to: notice.to, who: mention(notice.by) });
    case 'alert_added': {
      const line = m.t('notice.alertAdded', {
        who: mention(notice.by),
        title: escapeMrkdwn(notice.title),
        source: escapeMrkdwn(alertSource(v, notice.source)),
      });
      return notice.url ? `${line}\n${notice.url}` : line;
    }
    case 'update_overdue':
      return m.t('notice.updateOverdue', { since: m.duration(notice.sinceMs), leads: mentions(notice.leads) });
    case 'item_overdue': {
      const values = { item: escapeMrkdwn(notice.item), ago: m.duration(notice.at - notice.dueAt), when: m.clock(notice.dueAt) };
      // A reminder decided on the due second would read "due 0s ago".
      const now = notice.at - notice.dueAt < DUE_NOW_MS;
      return notice.owners.length && notice.role
        ? m.t(now ? 'notice.itemDueNowOwners' : 'notice.itemOverdueOwners', {
            ...values,
            owners: mentions(notice.owners),
            role: escapeMrkdwn(notice.role),
          })
        : m.t(now ? 'notice.itemDueNow' : 'notice.itemOverdue', values);
    }
    case 'drill_reading':
      return m.t('notice.drillReading', {
        source: escapeMrkdwn(alertSource(v, notice.source)),
        mentions: notice.mentions,
        negative: notice.mentions ? Math.round((100 * notice.negative) / notice.mentions) : 0,
      });
    case 'drill_alert':
      return m.t('notice.drillAlert', { title: escapeMrkdwn(notice.title), source: escapeMrkdwn(alertSource(v, notice.source ?? '')) });
    case 'drill_inject':
      return m.t('notice.drillInject', { text: escapeMrkdwn(notice.text) });
  }
}

/** A line the bot posts in a crisis channel on its own (see domain/notices.ts). */
export function renderNotice(v: ViewContext, notice: Notice): RenderedMessage {
  const text = noticeText(v, notice);
  return { text: clip(text, SlackLimits.messageText), blocks: [section(text)] };
}

/** A reminder for someone the bot could not add to the crisis channel: by DM, with where it was posted. */
export function renderReminderDm(v: ViewContext, crisis: Crisis, notice: Notice): RenderedMessage {
  const where = crisis.channelId ? channelLink(crisis.channelId) : `#${escapeMrkdwn(crisis.channelName ?? '')}`;
  const text = `${v.m.t('notice.viaDm', { channel: where, title: escapeMrkdwn(crisis.title) })}\n${noticeText(v, notice)}`;
  return { text: clip(text, SlackLimits.messageText), blocks: [section(text)] };
}

/** A notice filed before notices were facts: its words are posted as they were. */
export function renderLegacyNotice(text: string): RenderedMessage {
  return { text: clip(text, SlackLimits.messageText), blocks: [section(text)] };
}

export function renderUpdate(v: ViewContext, update: StatusUpdate): RenderedMessage {
  const { m } = v;
  const text = escapeMrkdwn(update.text);
  const head = m.t('update.post', { who: mention(update.authorId), when: slackTime(m, update.postedAt) });
  return { text: clip(m.t('update.fallback', { text }), SlackLimits.messageText), blocks: [section(`${head}\n${text}`)] };
}
