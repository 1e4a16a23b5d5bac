import type { KnownBlock, View } from '@slack/types';
import type { Crisis, CrisisMessage } from '../../domain/crisis.js';
import {
  LISTENING,
  RESPONSE_PLATFORMS,
  claims,
  openItems,
  queueFigures,
  type ApprovedAnswer,
  type Evidence,
  type ResponseItem,
} from '../../domain/responses.js';
import { ActionId, CallbackId, ResponseField as F } from '../ids.js';
import type { RenderedMessage, ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';
import { channelLink, escapeMrkdwn, mention, quote, slackTime } from './mrkdwn.js';
import { context, modal, plain, section } from './blocks.js';

// The response queue as people see it: the board, one message per post, the forms of Answered and
// Remove, the reminders, the escalation DM, and the queue's figures for status, summary and debrief.

/** "Instagram", the listening tool's name for the site, or the site's own address. */
export function platformName(v: ViewContext, item: Pick<ResponseItem, 'platform' | 'url'>): string {
  // A listening tool's own word for a site the bot does not know by its address.
  if (item.platform !== 'web') return RESPONSE_PLATFORMS[item.platform]?.name ?? item.platform;
  // Elsewhere, the site's own address says where it is better than any word for "web".
  return new URL(item.url).hostname.replace(/^www\./, '');
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

/** Who added it and when: a person, or the listening tool. */
function addedLine(v: ViewContext, item: ResponseItem): string {
  const when = slackTime(v.m, item.addedAt);
  return item.addedBy === LISTENING
    ? v.m.t('responses.fromListening', { when })
    : v.m.t('responses.added', { who: mention(item.addedBy), when });
}

export function renderResponse(v: ViewContext, crisis: Crisis, item: ResponseItem, evidence: readonly Evidence[]): RenderedMessage {
  const { m } = v;
  const platform = escapeMrkdwn(platformName(v, item));
  const lines = [m.t('responses.head', { platform, url: item.url })];
  if (item.text) lines.push(quote(clip(item.text, 2000)));
  if (item.note) lines.push(quote(item.note));
  const about = [addedLine(v, item)];
  if (item.author) {
    const author = escapeMrkdwn(clip(item.author, 200));
    about.unshift(
      item.postedAt === null
        ? m.t('responses.postedBy', { author })
        : m.t('responses.postedByAt', { author, when: slackTime(m, item.postedAt) }),
    );
  }
  const blocks: KnownBlock[] = [section(lines.join('\n')), context(about.join('  ·  '))];
  const notes = [stateLine(v, item, evidence)];
  if (item.state === 'open' && item.claimedBy && item.claimedAt)
    notes.push(m.t('responses.claimedBy', { who: mention(item.claimedBy), when: slackTime(m, item.claimedAt) }));
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
        ...(item.claimedBy ? [] : [button(ActionId.responseClaim, m.t('buttons.claim'))]),
        button(ActionId.responseAnswered, m.t('buttons.answered'), 'primary'),
        button(ActionId.responseMoved, m.t('buttons.movedToPrivate')),
        button(ActionId.responseEscalate, m.t('buttons.escalate')),
        button(ActionId.responseRemove, m.t('buttons.remove'), 'danger'),
      ],
    });
  }
  return { text: clip(m.t('responses.fallback', { platform, url: item.url }), SlackLimits.messageText), blocks };
}

/** One post still without an answer (reminders filed before the digest, and a digest of one). */
export function renderResponseReminder(v: ViewContext, item: ResponseItem, now: number): RenderedMessage {
  const { m } = v;
  const ago = m.duration(now - item.addedAt);
  const text =
    item.addedBy === LISTENING
      ? m.t('responses.reminderListened', { ago, url: item.url })
      : m.t('responses.reminder', { ago, url: item.url, who: mention(item.addedBy) });
  return { text: clip(text, SlackLimits.messageText), blocks: [section(text)] };
}

/** Every post a digest names, in one message: how many, the oldest, how many nobody has taken, and where they are. */
export function renderQueueReminder(
  v: ViewContext,
  crisis: Crisis,
  items: readonly ResponseItem[],
  board: CrisisMessage | undefined,
  elsewhere: string | undefined,
  now: number,
): RenderedMessage {
  const { m } = v;
  const open = openItems(items);
  const oldest = open[0]!;
  if (open.length === 1) return renderResponseReminder(v, oldest, now);
  const where = elsewhere
    ? m.t('responses.reminderInChannel', { channel: channelLink(elsewhere) })
    : board
      ? m.t('responses.reminderInThread')
      : '';
  const text = [
    m.t('responses.reminderMany', {
      count: open.length,
      after: m.duration(v.plan.responseRemindAfterMs),
      ago: m.duration(now - oldest.addedAt),
      url: oldest.url,
      unclaimed: open.filter((i) => !i.claimedBy).length,
    }),
    where,
  ]
    .filter(Boolean)
    .join(' ');
  return { text: clip(text, SlackLimits.messageText), blocks: [section(clip(text, SlackLimits.sectionText))] };
}

/** The board: what the queue holds now, kept up to date in place. */
export function renderQueueBoard(
  v: ViewContext,
  crisis: Crisis,
  items: readonly ResponseItem[],
  elsewhere: string | undefined,
  now: number,
): RenderedMessage {
  const { m } = v;
  const open = openItems(items);
  const blocks: KnownBlock[] = [section(m.t('responses.boardHead', { open: open.length }))];
  const figures = queueLine(v, items);
  if (figures) blocks.push(context(figures));
  const oldest = open[0];
  if (oldest) {
    const lines = [
      m.t('responses.boardOldest', {
        url: oldest.url,
        platform: escapeMrkdwn(platformName(v, oldest)),
        ago: m.duration(now - oldest.addedAt),
      }),
    ];
    const { byPerson, unclaimed } = claims(items);
    // The first few by name: a board is read at a glance.
    if (byPerson.length)
      lines.push(
        m.t('responses.boardTaken', {
          owners: m.list(byPerson.slice(0, 10).map(([who, count]) => `${mention(who)} (${count})`)),
        }),
      );
    if (unclaimed) lines.push(m.t('responses.boardUntaken', { count: unclaimed }));
    blocks.push(section(clip(lines.join('\n'), SlackLimits.sectionText)));
  }
  if (crisis.state === 'open')
    blocks.push(context(elsewhere ? m.t('responses.boardInChannel', { channel: channelLink(elsewhere) }) : m.t('responses.boardInThread')));
  return { text: clip(m.t('responses.boardFallback', { open: open.length }), SlackLimits.messageText), blocks };
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

/**
 * Answered: the link to the reply. With approved answers (published statements, the Q&A), one
 * may be chosen to start from; its text is then shown in a field, ready to copy into the reply.
 */
export function renderAnsweredModal(v: ViewContext, item: ResponseItem, answers: readonly ApprovedAnswer[] = [], chosen?: string): View {
  const { m } = v;
  const blocks: KnownBlock[] = [section(m.t('responses.answeredIntro', { url: item.url }))];
  const offered = answers.slice(0, SlackLimits.selectOptions);
  if (offered.length) {
    const option = (a: ApprovedAnswer) => ({
      text: plain(`${a.kind === 'statement' ? '📢' : '❓'} ${a.label.replace(/\s+/g, ' ')}`, SlackLimits.optionText),
      value: a.id,
    });
    const picked = offered.find((a) => a.id === chosen);
    blocks.push({
      type: 'input',
      block_id: F.answer.block,
      optional: true,
      dispatch_action: true,
      label: plain(m.t('responses.answerLabel'), SlackLimits.inputLabel),
      element: {
        type: 'static_select',
        action_id: F.answer.action,
        options: offered.map(option),
        ...(picked ? { initial_option: option(picked) } : {}),
      },
    });
    if (picked)
      blocks.push({
        type: 'input',
        // A new id for each choice: Slack keeps what an input holds while its id stays the same.
        block_id: `${F.answerText.block}-${picked.id}`,
        optional: true,
        label: plain(m.t('responses.answerTextLabel'), SlackLimits.inputLabel),
        hint: plain(m.t('responses.answerTextHint'), SlackLimits.inputLabel),
        element: { type: 'plain_text_input', action_id: F.answerText.action, multiline: true, initial_value: clip(picked.text, 3000) },
      });
  }
  blocks.push({
    type: 'input',
    block_id: F.reply.block,
    label: plain(m.t('responses.replyLabel'), SlackLimits.inputLabel),
    element: { type: 'url_text_input', action_id: F.reply.action },
  });
  return modal(v, CallbackId.responseAnswered, item.id, 'responses.answeredTitle', 'responses.answeredSubmit', blocks);
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
