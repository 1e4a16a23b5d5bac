import type { KnownBlock } from '@slack/types';
import type { Alert } from '../../domain/alerts.js';
import type { Crisis } from '../../domain/crisis.js';
import { triageNotified } from '../../domain/roster.js';
import { ActionId } from '../ids.js';
import type { RenderedMessage, ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';
import { severityBadge, alertSource, channelLink, escapeMrkdwn, link, mention, quote, slackTime } from './mrkdwn.js';

/** Undecided after the plan's `alerts.remind_after`: once more, in the alerts channel, to the same people. */
export function renderTriageReminder(
  v: ViewContext,
  r: { title: string; undecided: number; waitedMs: number; permalink: string | undefined },
): RenderedMessage {
  const { m } = v;
  const who = m.list(triageNotified(v.plan).map(mention));
  const title = r.permalink ? link(r.permalink, escapeMrkdwn(r.title)) : escapeMrkdwn(r.title);
  const text = m.t('triage.reminder', { count: r.undecided, title, waited: m.duration(r.waitedMs), who });
  return {
    text: clip(m.t('triage.reminderFallback', { count: r.undecided }), SlackLimits.messageText),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clip(text) } }],
  };
}

/** What was decided about an alert, by whom and when, and where its crisis is; nothing while in triage. */
export function decision(v: ViewContext, alert: Alert, crisis: Crisis | undefined): string | undefined {
  const { m } = v;
  const who = alert.decidedBy ? mention(alert.decidedBy) : '';
  const when = alert.decidedAt ? slackTime(m, alert.decidedAt) : '';
  const where = crisis?.channelId ? `: ${channelLink(crisis.channelId)}` : '';
  switch (alert.state) {
    case 'triage':
      return undefined;
    case 'opened':
      return (
        (alert.decidedBy ? m.t('triage.openedBy', { who, when }) : m.t('triage.openedAtOnce', { severity: alert.severity, when })) + where
      );
    case 'added':
      return m.t('triage.addedBy', { who, when }) + where;
    case 'customer_service':
      return (
        m.t('triage.customerService', { who, when }) + (alert.handoffLink ? `: ${link(alert.handoffLink, m.t('triage.handoffLink'))}` : '')
      );
    case 'dismissed':
      return m.t('triage.dismissed', { who, when });
  }
}

/**
 * An alert in the alerts channel: what, how bad, where from, and the three decisions the seeds
 * name. Once decided, the buttons go and the decision stays, so the channel reads as a log.
 */
export function renderTriage(v: ViewContext, alert: Alert, crisis: Crisis | undefined, open?: Crisis): RenderedMessage {
  const { m } = v;
  const source = escapeMrkdwn(alertSource(v, alert.source));
  const head = [
    `🔔 *${escapeMrkdwn(alert.title)}*`,
    m.t('triage.meta', { badge: severityBadge(v, alert.severity), source, when: slackTime(m, alert.receivedAt) }),
  ];
  if (alert.summary) head.push(quote(alert.summary));
  if (alert.url) head.push(link(alert.url, m.t('triage.link', { source })));
  const blocks: KnownBlock[] = [{ type: 'section', block_id: 'alert', text: { type: 'mrkdwn', text: clip(head.join('\n')) } }];
  const notes: string[] = [];
  const decided = decision(v, alert, crisis);
  if (decided) notes.push(decided);
  if (alert.seenCount > 1) notes.push(m.t('triage.seen', { count: alert.seenCount, when: slackTime(m, alert.lastSeenAt) }));
  if (alert.resolvedAt) notes.push(m.t('triage.resolved', { when: slackTime(m, alert.resolvedAt) }));
  if (notes.length)
    blocks.push({ type: 'context', block_id: 'alert-notes', elements: [{ type: 'mrkdwn', text: clip(notes.join(' · ')) }] });
  if (alert.state === 'triage') {
    const notify = triageNotified(v.plan);
    if (notify.length)
      blocks.push({
        type: 'context',
        block_id: 'alert-notify',
        elements: [{ type: 'mrkdwn', text: clip(m.t('triage.notify', { who: m.list(notify.map(mention)) })) }],
      });
    const value = String(alert.id);
    // A crisis is already open: this alert most likely belongs to it, not to a second one.
    if (open)
      blocks.push({
        type: 'context',
        block_id: 'alert-open-crisis',
        elements: [
          {
            type: 'mrkdwn',
            text: clip(m.t('triage.crisisOpen', { where: open.channelId ? channelLink(open.channelId) : escapeMrkdwn(open.title) })),
          },
        ],
      });
    blocks.push({
      type: 'actions',
      block_id: 'alert-actions',
      elements: [
        open
          ? {
              type: 'button',
              action_id: ActionId.alertAddToCrisis,
              text: { type: 'plain_text', text: m.t('buttons.addToCrisis') },
              style: 'primary',
              value: `${alert.id}:${open.id}`,
            }
          : {
              type: 'button',
              action_id: ActionId.alertOpen,
              text: { type: 'plain_text', text: m.t('buttons.openCrisis') },
              style: 'danger',
              value,
            },
        {
          type: 'button',
          action_id: ActionId.alertCustomerService,
          text: { type: 'plain_text', text: m.t('buttons.customerService') },
          value,
        },
        { type: 'button', action_id: ActionId.alertDismiss, text: { type: 'plain_text', text: m.t('buttons.dismiss') }, value },
      ],
    });
  }
  return {
    text: clip(m.t('triage.fallback', { severity: alert.severity, title: escapeMrkdwn(alert.title) }), SlackLimits.messageText),
    blocks,
  };
}

/** In the customer-service channel: the alert, where it came from, and who handed it over. */
export function renderHandoff(v: ViewContext, alert: Alert, by: string): RenderedMessage {
  const { m } = v;
  const source = escapeMrkdwn(alertSource(v, alert.source));
  const lines = [m.t('triage.handoff', { who: mention(by), title: escapeMrkdwn(alert.title), source })];
  if (alert.url) lines.push(alert.url);
  if (alert.summary) lines.push(quote(alert.summary));
  return {
    text: clip(m.t('triage.handoffFallback', { title: escapeMrkdwn(alert.title) }), SlackLimits.messageText),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clip(lines.join('\n')) } }],
  };
}
