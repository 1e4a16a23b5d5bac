import { platformLabel } from '../../domain/statements.js';
import type { TimelineEntry } from '../../domain/timeline.js';
import type { ViewContext } from './context.js';
import { escalationReason } from './notices.js';
import { alertSource, stageLabel, typeName } from './mrkdwn.js';

/**
 * One line of the debrief's timeline, in the plan's language. `name` gives a person's name
 * (the debrief is a file: no mentions); `escape` makes a value safe where the line goes.
 */
export function renderTimelineEntry(
  v: ViewContext,
  entry: TimelineEntry,
  name: (userId: string | null) => string,
  escape: (text: string) => string,
): string {
  const { m } = v;
  const e = entry.event;
  const who = escape(name(entry.actorId));
  const stage = (n: number) => stageLabel(v, n, escape);
  switch (e.kind) {
    case 'legacy':
      return escape(e.text);
    case 'unreadable':
      return m.t('timeline.unreadable', { kind: escape(e.stored) });
    case 'opened':
      return m.t('timeline.opened', { who, severity: e.severity, type: escape(typeName(v, e.type)) });
    case 'paged':
      return m.t('timeline.paged', { member: escape(e.member), stage: stage(e.stage) });
    case 'acknowledged':
      return m.t(
        e.via === 'phone'
          ? 'timeline.acknowledgedByPhone'
          : e.via === 'text'
            ? 'timeline.acknowledgedByText'
            : e.afterClose
              ? 'timeline.acknowledgedAfterClose'
              : 'timeline.acknowledged',
        {
          member: escape(e.member),
          stage: stage(e.stage),
          after: m.duration(e.afterMs),
        },
      );
    case 'called':
      return m.t('timeline.called', { member: escape(e.member), attempt: e.attempt, cause: e.cause, who });
    case 'call_ended':
      return m.t('timeline.callEnded', { member: escape(e.member), attempt: e.attempt, outcome: e.outcome });
    case 'texted':
      return m.t('timeline.texted', { member: escape(e.member) });
    case 'phone_refused':
      return m.t('timeline.phoneRefused', { member: escape(e.member), what: e.what, reason: escape(e.reason) });
    case 'item_done':
      return e.url
        ? m.t('timeline.itemDoneLink', { who, item: escape(e.item), url: escape(e.url) })
        : m.t('timeline.itemDone', { who, item: escape(e.item) });
    case 'item_undone':
      return m.t('timeline.itemUndone', { who, item: escape(e.item) });
    case 'update':
      return m.t('timeline.update', { who });
    case 'closed':
      return m.t('timeline.closed', { who });
    case 'unanswered':
      return m.t('timeline.unanswered', { stage: stage(e.stage), timeout: m.duration(e.timeoutMs) });
    case 'escalated': {
      const why = escalationReason(v, e.cause, who, escape);
      return e.paged.length
        ? m.t('timeline.escalated', { why, stage: stage(e.to), names: m.list(e.paged.map(escape)) })
        : m.t('timeline.escalatedNobodyNew', { why, stage: stage(e.to) });
    }
    case 'severity':
      return m.t('timeline.severity', { who, from: e.from, to: e.to });
    case 'update_overdue':
      return m.t('timeline.updateOverdue', { since: m.duration(e.sinceMs) });
    case 'item_overdue':
      return m.t('timeline.itemOverdue', { item: escape(e.item) });
    case 'channel':
      return m.t('timeline.channel', { name: escape(e.name) });
    case 'invite_failed':
      return m.t('timeline.inviteFailed', { users: m.list(e.users.map((u) => escape(`${name(u.user)} (${u.reason})`))) });
    case 'alert': {
      const values = { title: escape(e.title), source: escape(alertSource(v, e.source)), severity: e.severity };
      const line = m.t(
        e.how === 'at_once' ? 'timeline.alertAtOnce' : e.how === 'added' ? 'timeline.alertAdded' : 'timeline.alertTriage',
        values,
      );
      return e.url ? `${line} ${e.url}` : line;
    }
    case 'alert_resolved':
      return m.t('timeline.alertResolved', { title: escape(e.title), source: escape(alertSource(v, e.source)) });
    case 'alert_seen':
      return m.t('timeline.alertSeen', { count: e.count, title: escape(e.title) });
    case 'informed':
      return m.t('timeline.informed', { member: escape(e.member), stage: stage(e.stage) });
    case 'chased':
      return m.t('timeline.chased', { member: escape(e.member), stage: stage(e.stage) });
    case 'retitled':
      return m.t('timeline.retitled', { who, from: escape(e.from), to: escape(e.to) });
    case 'type_changed':
      return m.t('timeline.typeChanged', { who, from: escape(typeName(v, e.from)), to: escape(typeName(v, e.to)), added: e.added });
    case 'lead':
      return m.t('timeline.lead', { who, lead: escape(name(e.leadId)) });
    case 'account_frozen':
      return m.t('timeline.accountFrozen', { who, account: escape(e.account) });
    case 'posts_held':
      return m.t('timeline.postsHeld', { count: e.count, account: escape(e.account) });
    case 'qa_published':
      return m.t('timeline.qaPublished', { who, count: e.count });
    case 'posts_resumed':
      return m.t('timeline.postsResumed', { who, account: escape(e.account), restored: e.restored, failed: e.failed });
    case 'statement_drafted':
      return m.t('timeline.statementDrafted', { who, statement: e.statement, version: e.version });
    case 'statement_approved':
      return m.t('timeline.statementApproved', { who, statement: e.statement, version: e.version });
    case 'statement_changes':
      return m.t('timeline.statementChanges', { who, statement: e.statement, version: e.version, reason: escape(e.reason) });
    case 'statement_published':
      return m.t('timeline.statementPublished', {
        who,
        statement: e.statement,
        version: e.version,
        platform: escape(platformLabel(e.platform)),
        url: e.url,
      });
  }
}
