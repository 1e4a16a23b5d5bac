import type { KnownBlock, View } from '@slack/types';
import type { Crisis } from '../../domain/crisis.js';
import type { FollowUp, QaEntry } from '../../domain/learning.js';
import { ActionId, CallbackId, FeedbackField as F } from '../ids.js';
import type { RenderedMessage, ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';
import { channelLink, escapeMrkdwn, mention, slackTime } from './mrkdwn.js';
import { modal, plain, section } from './blocks.js';

// The internal Q&A as staff read it, the feedback asked at close, and follow-up actions.

/** Entries in one message: one section each, under Slack's 50 blocks with room for the heading. */
export const QA_PER_MESSAGE = 40;

/** The Q&A in messages: the first in the staff channel, the rest in its thread. */
export function renderQaPages(v: ViewContext, crisis: Crisis, entries: readonly QaEntry[], now: number): RenderedMessage[] {
  const { m } = v;
  const title = escapeMrkdwn(crisis.title);
  const pages: RenderedMessage[] = [];
  for (let from = 0; from === 0 || from < entries.length; from += QA_PER_MESSAGE) {
    const chunk = entries.slice(from, from + QA_PER_MESSAGE);
    const head =
      from === 0
        ? m.t('qa.heading', { title, count: entries.length, when: slackTime(m, now) })
        : m.t('qa.continued', { title, from: from + 1, to: from + chunk.length });
    const blocks = [section(head), ...chunk.map((e) => section(`*${escapeMrkdwn(e.question)}*\n${escapeMrkdwn(e.answer)}`))];
    if (from === 0 && entries.length > QA_PER_MESSAGE)
      blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: m.t('qa.moreInThread', { count: entries.length - QA_PER_MESSAGE }) }],
      });
    pages.push({ text: clip(m.t('qa.fallback', { title }), SlackLimits.messageText), blocks });
  }
  return pages;
}

/** At close, to everyone paged. */
export function renderFeedbackRequest(v: ViewContext, crisis: Crisis): RenderedMessage {
  const { m } = v;
  const where = crisis.channelId ? channelLink(crisis.channelId) : escapeMrkdwn(crisis.title);
  const text = m.t('feedback.request', { title: escapeMrkdwn(crisis.title), where });
  return {
    text: clip(m.t('feedback.fallback', { title: escapeMrkdwn(crisis.title) }), SlackLimits.messageText),
    blocks: [
      section(text),
      {
        type: 'actions',
        block_id: 'feedback',
        elements: [
          {
            type: 'button',
            action_id: ActionId.feedback,
            style: 'primary',
            value: String(crisis.id),
            text: plain(m.t('buttons.shareFeedback'), SlackLimits.buttonText),
          },
        ],
      },
    ],
  };
}

export function renderFeedbackModal(v: ViewContext, crisis: Crisis): View {
  const { m } = v;
  const input = (f: { block: string; action: string }, label: string): KnownBlock => ({
    type: 'input',
    block_id: f.block,
    optional: true,
    label: plain(label, SlackLimits.inputLabel),
    element: { type: 'plain_text_input', action_id: f.action, multiline: true, max_length: 2500 },
  });
  return modal(v, CallbackId.feedback, crisis.id, 'feedback.title', 'feedback.submit', [
    section(m.t('feedback.intro', { title: escapeMrkdwn(crisis.title) })),
    input(F.wentWell, m.t('feedback.wentWell')),
    input(F.improve, m.t('feedback.improve')),
    input(F.planChange, m.t('feedback.planChange')),
  ]);
}

/** The owner's DM: the action, and Done (or who did it). */
export function renderAction(v: ViewContext, crisis: Crisis, action: FollowUp): RenderedMessage {
  const { m } = v;
  const values = { who: mention(action.createdBy), title: escapeMrkdwn(crisis.title), text: escapeMrkdwn(action.text) };
  const text = action.dueOn ? m.t('actions.assignedDue', { ...values, date: action.dueOn }) : m.t('actions.assigned', values);
  const blocks: KnownBlock[] = [section(text)];
  if (action.doneAt === null) {
    blocks.push(doneButton(v, action));
  } else {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: m.t('actions.doneBy', { who: mention(action.doneBy!), when: slackTime(m, action.doneAt) }) }],
    });
  }
  return { text: clip(m.t('actions.fallback', { text: escapeMrkdwn(action.text) }), SlackLimits.messageText), blocks };
}

export function renderActionReminder(v: ViewContext, crisis: Crisis, action: FollowUp, now: number): RenderedMessage {
  const { m } = v;
  const values = { text: escapeMrkdwn(action.text), title: escapeMrkdwn(crisis.title), ago: m.duration(now - action.createdAt) };
  const text = action.dueOn ? m.t('actions.reminderDue', { ...values, date: action.dueOn }) : m.t('actions.reminder', values);
  return {
    text: clip(m.t('actions.reminderFallback', { text: escapeMrkdwn(action.text) }), SlackLimits.messageText),
    blocks: [section(text), doneButton(v, action)],
  };
}

/** Done, on the owner's DM and on its reminders. */
function doneButton({ m }: ViewContext, action: FollowUp): KnownBlock {
  return {
    type: 'actions',
    block_id: 'action',
    elements: [
      {
        type: 'button',
        action_id: ActionId.actionDone,
        style: 'primary',
        value: String(action.id),
        text: plain(m.t('buttons.done'), SlackLimits.buttonText),
      },
    ],
  };
}
