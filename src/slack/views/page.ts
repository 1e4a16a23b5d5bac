import type { Button, KnownBlock } from '@slack/types';
import type { Crisis, Inform, Page } from '../../domain/crisis.js';
import { ActionId } from '../ids.js';
import type { RenderedMessage, ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';
import { severityBadge, typeName, channelLink, escapeMrkdwn, mention, quote, slackTime, stageLabel } from './mrkdwn.js';

/**
 * The page a member gets in a DM. Sent before the channel may exist (paging comes first), then
 * updated in place with the channel link and, later, with the acknowledgement.
 */
/**
 * A page: what, how severe, which stage, where to go, and Acknowledge. A page sent after the
 * crisis's first ones (an escalation) also says where the first public response stands.
 */
export function renderPage(v: ViewContext, crisis: Crisis, page: Page, firstResponseAt?: number): RenderedMessage {
  const { m } = v;
  const title = escapeMrkdwn(crisis.title);
  const where = crisis.channelId ? m.t('page.join', { channel: channelLink(crisis.channelId) }) : m.t('page.channelComing');
  const lines = [
    m.t('page.title', { title }),
    m.t('page.meta', {
      badge: severityBadge(v, crisis.severity),
      type: escapeMrkdwn(typeName(v, crisis.type)),
      stage: stageLabel(v, page.stage),
    }),
    m.t('page.opened', { opener: mention(crisis.openerId), when: slackTime(m, crisis.openedAt), where }),
  ];
  if (crisis.summary) lines.push(quote(crisis.summary));
  if (page.pagedAt > crisis.openedAt) lines.push(firstResponseLine(v, crisis, firstResponseAt));
  const blocks: KnownBlock[] = [{ type: 'section', block_id: 'page', text: { type: 'mrkdwn', text: clip(lines.join('\n')) } }];
  if (page.ackedAt === null) {
    blocks.push({
      type: 'actions',
      block_id: 'page-actions',
      elements: [ackButton(v, page)],
    });
  } else {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: m.t('page.acknowledged', { who: mention(page.userId), when: slackTime(m, page.ackedAt) }) }],
    });
  }
  const fallback = page.ackedAt === null ? 'page.fallback' : 'page.fallbackAcknowledged';
  return { text: clip(m.t(fallback, { title, severity: crisis.severity }), SlackLimits.messageText), blocks };
}

/** Someone told of the crisis with no acknowledgement asked (a stage's `inform`, a lead). */
export function renderInform(v: ViewContext, crisis: Crisis, inform: Inform): RenderedMessage {
  const { m } = v;
  const title = escapeMrkdwn(crisis.title);
  const lines = [
    m.t('page.informTitle', { title }),
    m.t('page.meta', {
      badge: severityBadge(v, crisis.severity),
      type: escapeMrkdwn(typeName(v, crisis.type)),
      stage: stageLabel(v, inform.stage),
    }),
    m.t('page.opened', {
      opener: mention(crisis.openerId),
      when: slackTime(m, crisis.openedAt),
      where: crisis.channelId ? m.t('page.join', { channel: channelLink(crisis.channelId) }) : m.t('page.channelComing'),
    }),
    m.t('page.informBody'),
  ];
  if (crisis.summary) lines.push(quote(crisis.summary));
  return {
    text: clip(m.t('page.informFallback', { title, severity: crisis.severity }), SlackLimits.messageText),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clip(lines.join('\n')) } }],
  };
}

/** The one reminder to someone who has not answered their page by their stage's deadline. */
export function renderChase(v: ViewContext, crisis: Crisis, page: Page, now: number): RenderedMessage {
  const { m, plan } = v;
  const title = escapeMrkdwn(crisis.title);
  const values = { ago: m.duration(now - page.pagedAt), stage: stageLabel(v, page.stage) };
  const last = page.stage >= plan.stages.length;
  const where = crisis.channelId ? m.t('page.join', { channel: channelLink(crisis.channelId) }) : m.t('page.channelComing');
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip([m.t('page.chaseTitle', { title }), m.t(last ? 'page.chaseBodyLast' : 'page.chaseBody', values), where].join('\n')),
      },
    },
    { type: 'actions', elements: [ackButton(v, page)] },
  ];
  return { text: clip(m.t('page.chaseFallback', { title, severity: crisis.severity }), SlackLimits.messageText), blocks };
}

/** Acknowledge, on a page and on its one reminder. */
function ackButton({ m }: ViewContext, page: Page): Button {
  return {
    type: 'button',
    action_id: ActionId.pageAck,
    text: { type: 'plain_text', text: m.t('buttons.acknowledge') },
    style: 'primary',
    value: String(page.id),
  };
}

/** Due by when, against the plan's target; or how long it took. */
export function firstResponseLine(v: ViewContext, crisis: Crisis, firstResponseAt: number | undefined): string {
  const { m, plan } = v;
  const target = m.duration(plan.firstResponseWithinMs);
  return firstResponseAt === undefined
    ? m.t('summary.firstResponseDue', { when: slackTime(m, crisis.openedAt + plan.firstResponseWithinMs), target })
    : m.t('summary.firstResponseAfter', { duration: m.duration(firstResponseAt - crisis.openedAt), target });
}
