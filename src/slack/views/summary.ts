import type { KnownBlock } from '@slack/types';
import type { Crisis } from '../../domain/crisis.js';
import { stageName } from '../../domain/escalation.js';
import type { RenderedMessage, ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';
import { SEVERITY_BADGE, escapeMrkdwn, mention, quote, slackTime } from './mrkdwn.js';

/** The first message in the crisis channel: what happened and who to call. */
export function renderSummary(v: ViewContext, crisis: Crisis): RenderedMessage {
  const { m, plan } = v;
  const title = escapeMrkdwn(crisis.title);
  const stage = stageName(plan, crisis.stage);
  const head = [
    `*${title}*`,
    m.t('summary.meta', { badge: SEVERITY_BADGE[crisis.severity], type: escapeMrkdwn(crisis.type), opener: mention(crisis.openerId), when: slackTime(m, crisis.openedAt) }),
    stage === undefined ? m.t('summary.paged', { stage: crisis.stage }) : m.t('summary.pagedUpTo', { stage: crisis.stage, name: escapeMrkdwn(stage) }),
  ];
  const contacts = plan.roster.map((member) => {
    const roles = member.roles.length ? ` · ${member.roles.map(escapeMrkdwn).join(', ')}` : '';
    const phone = member.phone ? ` · ${escapeMrkdwn(member.phone)}` : '';
    return `• ${mention(member.slackId)} (${escapeMrkdwn(member.name)})${roles}${phone}`;
  });
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(m.t('summary.header', { title: crisis.title }), SlackLimits.headerText) } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(head.join('\n')) } },
  ];
  if (crisis.summary) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(quote(crisis.summary)) } });
  blocks.push(
    { type: 'section', text: { type: 'mrkdwn', text: clip(`${m.t('summary.rosterHeading')}\n${contacts.join('\n')}`) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: m.t('summary.commands') }] },
  );
  return { text: clip(m.t('summary.fallback', { title, severity: crisis.severity }), SlackLimits.messageText), blocks };
}

/** The channel topic. Slack reads mentions in topics, so the title is escaped as in mrkdwn. */
export function renderTopic(v: ViewContext, crisis: Crisis): string {
  return clip(v.m.t('summary.topic', { badge: SEVERITY_BADGE[crisis.severity], title: escapeMrkdwn(crisis.title) }), SlackLimits.topic);
}
