import type { KnownBlock } from '@slack/types';
import type { Crisis, Page } from '../../domain/crisis.js';
import { ActionId } from '../ids.js';
import type { RenderedMessage, ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';
import { SEVERITY_BADGE, channelLink, escapeMrkdwn, mention, quote, slackTime, stageLabel } from './mrkdwn.js';

/**
 * The page a member gets in a DM. Sent before the channel may exist (paging comes first), then
 * updated in place with the channel link and, later, with the acknowledgement.
 */
export function renderPage(v: ViewContext, crisis: Crisis, page: Page): RenderedMessage {
  const { m } = v;
  const title = escapeMrkdwn(crisis.title);
  const where = crisis.channelId ? m.t('page.join', { channel: channelLink(crisis.channelId) }) : m.t('page.channelComing');
  const lines = [
    m.t('page.title', { title }),
    m.t('page.meta', { badge: SEVERITY_BADGE[crisis.severity], type: escapeMrkdwn(crisis.type), stage: stageLabel(v, page.stage) }),
    m.t('page.opened', { opener: mention(crisis.openerId), when: slackTime(m, crisis.openedAt), where }),
  ];
  if (crisis.summary) lines.push(quote(crisis.summary));
  const blocks: KnownBlock[] = [{ type: 'section', block_id: 'page', text: { type: 'mrkdwn', text: clip(lines.join('\n')) } }];
  if (page.ackedAt === null) {
    blocks.push({
      type: 'actions',
      block_id: 'page-actions',
      elements: [{ type: 'button', action_id: ActionId.pageAck, text: { type: 'plain_text', text: m.t('buttons.acknowledge') }, style: 'danger', value: String(page.id) }],
    });
  } else {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: m.t('page.acknowledged', { who: mention(page.userId), when: slackTime(m, page.ackedAt) }) }] });
  }
  const fallback = page.ackedAt === null ? 'page.fallback' : 'page.fallbackAcknowledged';
  return { text: clip(m.t(fallback, { title, severity: crisis.severity }), SlackLimits.messageText), blocks };
}
