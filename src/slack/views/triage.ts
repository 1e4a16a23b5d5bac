import type { KnownBlock } from '@slack/types';
import type { AlertRow, CrisisRow } from '../../store/schema.js';
import { ActionId, Labels } from '../ids.js';
import type { RenderedMessage } from './checklist.js';
import { SEVERITY_BADGE, channelLink, clip, esc, mention, slackTime } from './format.js';

function decision(alert: AlertRow, crisis: CrisisRow | undefined): string | undefined {
  const by = alert.decidedBy ? ` by ${mention(alert.decidedBy)}` : '';
  const when = alert.decidedAt ? ` ${slackTime(alert.decidedAt)}` : '';
  const where = crisis?.channelId ? `: ${channelLink(crisis.channelId)}` : '';
  switch (alert.state) {
    case 'triage':
      return undefined;
    case 'opened':
      return alert.decidedBy ? `🚨 Opened as a crisis${by}${when}${where}` : `🚨 Opened a crisis at once (${alert.severity})${when}${where}`;
    case 'customer_service':
      return `💬 Handed to customer service${by}${when}`;
    case 'dismissed':
      return `Dismissed${by}${when}`;
  }
}

/**
 * An alert in the alerts channel: what, how bad, where from, and the three decisions the seeds
 * name. Once decided, the buttons go and the decision stays, so the channel reads as a log.
 */
export function renderTriage(alert: AlertRow, crisis: CrisisRow | undefined): RenderedMessage {
  const head = [
    `🔔 *${esc(alert.title)}*`,
    `${SEVERITY_BADGE[alert.severity]} · source *${esc(alert.source)}* · received ${slackTime(alert.receivedAt)}`,
  ];
  if (alert.summary) head.push(`>${esc(alert.summary).replace(/\n/g, '\n>')}`);
  if (alert.url) head.push(`<${alert.url}|Open in ${esc(alert.source)}>`);
  const blocks: KnownBlock[] = [{ type: 'section', block_id: 'alert', text: { type: 'mrkdwn', text: clip(head.join('\n')) } }];
  const notes: string[] = [];
  if (alert.seenCount > 1) notes.push(`seen ${alert.seenCount} times, last ${slackTime(alert.lastSeenAt)}`);
  if (alert.resolvedAt) notes.push(`source reports resolved ${slackTime(alert.resolvedAt)}`);
  const decided = decision(alert, crisis);
  if (decided) notes.unshift(decided);
  if (notes.length) blocks.push({ type: 'context', block_id: 'alert-notes', elements: [{ type: 'mrkdwn', text: clip(notes.join(' · ')) }] });
  if (alert.state === 'triage') {
    const value = String(alert.id);
    blocks.push({
      type: 'actions',
      block_id: 'alert-actions',
      elements: [
        { type: 'button', action_id: ActionId.alertOpen, text: { type: 'plain_text', text: Labels.openCrisis }, style: 'danger', value },
        { type: 'button', action_id: ActionId.alertCustomerService, text: { type: 'plain_text', text: Labels.customerService }, value },
        { type: 'button', action_id: ActionId.alertDismiss, text: { type: 'plain_text', text: Labels.dismiss }, value },
      ],
    });
  }
  return { text: `Alert (${alert.severity}): ${esc(alert.title)}`, blocks };
}
