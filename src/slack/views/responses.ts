import type { KnownBlock, View } from '@slack/types';
import type { Crisis } from '../../domain/crisis.js';
import { RESPONSE_PLATFORMS, queueFigures, type Evidence, type ResponseItem } from '../../domain/responses.js';
import { ActionId, CallbackId, ResponseField as F } from '../ids.js';
import type { RenderedMessage, ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';
import { channelLink, escapeMrkdwn, mention, quote, slackTime } from './mrkdwn.js';
import { context, modal, plain, section } from './blocks.js';

// The response queue as people see it: one message per post, the forms of Answered and Remove,
// the reminder, the escalation DM, and the queue's figures for status, summary and debrief.

/** "Instagram", or the site's own name for a post elsewhere. */
export function platformName(v: ViewContext, item: Pick<ResponseItem, 'platform' | 'url'>): string {
  // Elsewhere, the site's own address says where it is better than any word for "web".
  return RESPONSE_PLATFORMS[item.platform]?.name ?? new URL(item.url).hostname.replace(/^www\./, '');
}

/** What became of it, in one line. */
function stateLine(v: ViewContext, item: ResponseItem, evidence: readonly Evidence[]): string {
  const { m } = v;
  const who = item.handledBy ? mention(item.handledBy) : '';
  const when = item.handledAt ? slackTime(m, item.handledAt) : '';
  switch (item.state) {
    case 'open':
      return m.t('responses.stateOpen');
    case 'answered':
      return m.t('responses.stateAnswered', { who, when, url: item.replyUrl ?? '' });
    case 'moved':
      return m.t('responses.stateMoved', { who, when });
    case 'removed': {
      const kept = evidence[evidence.length - 1];
      return m.t('responses.stateRemoved', {
        who,
        when,
        reason: escapeMrkdwn(kept?.reason ?? ''),
        hash: kept ? kept.textHash.slice(0, 12) : '',
      });
    }
  }
}

export function renderResponse(v: ViewContext, crisis: Crisis, item: ResponseItem, evidence: readonly Evidence[]): RenderedMessage {
  const { m } = v;
  const platform = escapeMrkdwn(platformName(v, item));
  const lines = [m.t('responses.head', { platform, url: item.url })];
  if (item.note) lines.push(quote(item.note));
  const blocks: KnownBlock[] = [
    section(lines.join('\n')),
    context(m.t('responses.added', { who: mention(item.addedBy), when: slackTime(m, item.addedAt) })),
  ];
  const notes = [stateLine(v, item, evidence)];
  if (item.escalatedBy && item.escalatedAt)
    notes.push(m.t('responses.escalatedBy', { who: mention(item.escalatedBy), when: slackTime(m, item.escalatedAt) }));
  blocks.push(context(notes.join('  ·  ')));
  if (item.state === 'open' && crisis.state === 'open') {
    const value = String(item.id);
    const button = (action_id: string, label: string, style?: 'primary' | 'danger') => ({
      type: 'button' as const,
      action_id,
      value,
      text: plain(label, SlackLimits.buttonText),
      ...(style ? { style } : {}),
    });
    blocks.push({
      type: 'actions',
      block_id: `response-${item.id}`,
      elements: [
        button(ActionId.responseAnswered, m.t('buttons.answered'), 'primary'),
        button(ActionId.responseMoved, m.t('buttons.movedToPrivate')),
        button(ActionId.responseEscalate, m.t('buttons.escalate')),
        button(ActionId.responseRemove, m.t('buttons.remove'), 'danger'),
      ],
    });
  }
  return { text: clip(m.t('responses.fallback', { platform, url: item.url }), SlackLimits.messageText), blocks };
}

export function renderResponseReminder(v: ViewContext, item: ResponseItem, now: number): RenderedMessage {
  const { m } = v;
  const text = m.t('responses.reminder', { ago: m.duration(now - item.addedAt), url: item.url, who: mention(item.addedBy) });
  return { text: clip(text, SlackLimits.messageText), blocks: [section(text)] };
}

export function renderResponseEscalation(v: ViewContext, crisis: Crisis, item: ResponseItem): RenderedMessage {
  const { m } = v;
  const where = crisis.channelId ? channelLink(crisis.channelId) : escapeMrkdwn(crisis.title);
  const lines = [
    m.t('responses.escalation', {
      title: escapeMrkdwn(crisis.title),
      where,
      url: item.url,
      who: mention(item.escalatedBy ?? item.addedBy),
    }),
  ];
  if (item.note) lines.push(quote(item.note));
  return {
    text: clip(m.t('responses.escalationFallback', { url: item.url }), SlackLimits.messageText),
    blocks: [section(lines.join('\n'))],
  };
}

/** Answered: the link to the reply. */
export function renderAnsweredModal(v: ViewContext, item: ResponseItem): View {
  const { m } = v;
  return modal(v, CallbackId.responseAnswered, item.id, 'responses.answeredTitle', 'responses.answeredSubmit', [
    section(m.t('responses.answeredIntro', { url: item.url })),
    {
      type: 'input',
      block_id: F.reply.block,
      label: plain(m.t('responses.replyLabel'), SlackLimits.inputLabel),
      element: { type: 'url_text_input', action_id: F.reply.action },
    },
  ]);
}

/** Remove: never for criticism; a reason from the plan and the post as seen, kept as evidence first. */
export function renderRemoveModal(v: ViewContext, item: ResponseItem, now: number): View {
  const { m, plan } = v;
  const input = (block: { block: string; action: string }, label: string, element: Record<string, unknown>, optional = false): KnownBlock =>
    ({
      type: 'input',
      block_id: block.block,
      optional,
      label: plain(label, SlackLimits.inputLabel),
      element: { action_id: block.action, ...element },
    }) as KnownBlock;
  return modal(v, CallbackId.responseRemove, item.id, 'responses.removeTitle', 'responses.removeSubmit', [
    section(m.t('responses.removeIntro', { url: item.url, reasons: m.list(plan.removalReasons.map(escapeMrkdwn)) })),
    input(F.reason, m.t('responses.reasonLabel'), {
      type: 'static_select',
      options: plan.removalReasons.slice(0, SlackLimits.selectOptions).map((r) => ({ text: plain(r, SlackLimits.optionText), value: r })),
    }),
    input(F.author, m.t('responses.authorLabel'), { type: 'plain_text_input', max_length: 200 }),
    input(F.postedAt, m.t('responses.postedAtLabel'), { type: 'datetimepicker', initial_date_time: Math.floor(now / 1000) }),
    input(F.text, m.t('responses.textLabel'), { type: 'plain_text_input', multiline: true, max_length: 3000 }),
    input(F.screenshot, m.t('responses.screenshotLabel'), { type: 'url_text_input' }, true),
  ]);
}

/** "Response queue: 3 open, 2 answered …", for status and the summary; nothing without posts. */
export function queueLine(v: ViewContext, items: readonly ResponseItem[]): string | undefined {
  if (items.length === 0) return undefined;
  const f = queueFigures(items);
  const median = f.medianAnswerMs === undefined ? '' : v.m.t('responses.median', { median: v.m.duration(f.medianAnswerMs) });
  return v.m.t('responses.figures', { open: f.open, answered: f.answered, moved: f.moved, removed: f.removed }) + median;
}
