import type { Button, KnownBlock, View } from '@slack/types';
import { ticksItself } from '../../domain/checklist.js';
import type { ChecklistItem } from '../../domain/crisis.js';
import { ActionId, CallbackId, FirstResponseField } from '../ids.js';
import { modal, plain } from './blocks.js';
import type { RenderedMessage, ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';
import { escapeMrkdwn, mention, slackTime } from './mrkdwn.js';

/** Slack allows 50 blocks a message; one goes to the heading. */
export const ITEMS_PER_MESSAGE = SlackLimits.messageBlocks - 1;

function itemBlock(v: ViewContext, item: ChecklistItem, closed: boolean): KnownBlock {
  const { m } = v;
  const text = escapeMrkdwn(item.text);
  const owner = item.role ? ` · _${escapeMrkdwn(item.role)}_` : '';
  const due = item.dueAt !== null && item.doneAt === null ? ` · ${m.t('checklist.due', { when: slackTime(m, item.dueAt) })}` : '';
  // What ticks it besides a hand, said where the button would be, so nobody waits on the wrong thing.
  const ticks = item.doneWhen && item.doneAt === null && !closed ? `\n${m.t(`checklist.ticksWhen.${item.doneWhen}`)}` : '';
  const done = () => {
    const values = { who: mention(item.doneBy ?? v.botUserId), when: slackTime(m, item.doneAt!) };
    return item.link ? m.t('checklist.doneByLink', { ...values, url: item.link }) : m.t('checklist.doneBy', values);
  };
  const line = item.doneAt === null ? `⬜ ${text}${owner}${due}${ticks}` : `✅ ~${text}~${owner}\n${done()}`;
  const block: KnownBlock = { type: 'section', block_id: `item-${item.id}`, text: { type: 'mrkdwn', text: clip(line) } };
  // A hand neither ticks nor reopens what the freeze, the statements or the Q&A tick.
  if (closed || (item.doneWhen !== null && (item.doneAt !== null || ticksItself(item)))) return block;
  const button: Button =
    item.doneAt === null
      ? {
          type: 'button',
          action_id: ActionId.checklistDone,
          text: { type: 'plain_text', text: m.t('buttons.done') },
          value: String(item.id),
          style: 'primary',
        }
      : {
          type: 'button',
          action_id: ActionId.checklistUndo,
          text: { type: 'plain_text', text: m.t('buttons.undo') },
          value: String(item.id),
        };
  return { ...block, accessory: button };
}

/**
 * The checklist as one or more messages of at most 50 blocks. Always rendered whole from the
 * database, so concurrent ticks cannot overwrite one another's state in Slack.
 */
export function renderChecklist(v: ViewContext, crisisTitle: string, items: readonly ChecklistItem[], closed = false): RenderedMessage[] {
  const { m } = v;
  const title = escapeMrkdwn(crisisTitle);
  const done = items.filter((i) => i.doneAt !== null).length;
  const total = items.length;
  const parts = Math.max(1, Math.ceil(items.length / ITEMS_PER_MESSAGE));
  const messages: RenderedMessage[] = [];
  for (let part = 0; part < parts; part++) {
    const slice = items.slice(part * ITEMS_PER_MESSAGE, (part + 1) * ITEMS_PER_MESSAGE);
    const heading =
      part === 0
        ? m.t(closed ? 'checklist.headingClosed' : 'checklist.heading', { title, done, total })
        : m.t('checklist.continued', { title, part: part + 1, parts });
    const blocks: KnownBlock[] = [{ type: 'section', block_id: `heading-${part}`, text: { type: 'mrkdwn', text: clip(heading) } }];
    if (items.length === 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: m.t('checklist.empty') }] });
    blocks.push(...slice.map((item) => itemBlock(v, item, closed)));
    messages.push({ text: clip(m.t('checklist.fallback', { title, done, total }), SlackLimits.messageText), blocks });
  }
  return messages;
}

/** Done on the first-response item: the link to what was said in public, so the clock stops where the tick is. */
export function renderFirstResponseModal(v: ViewContext, item: ChecklistItem): View {
  const { m } = v;
  return modal(v, CallbackId.firstResponse, item.id, 'checklist.linkTitle', 'checklist.linkSubmit', [
    { type: 'section', text: { type: 'mrkdwn', text: clip(m.t('checklist.linkIntro', { item: escapeMrkdwn(item.text) })) } },
    {
      type: 'input',
      block_id: FirstResponseField.url.block,
      label: plain(m.t('checklist.linkLabel'), SlackLimits.inputLabel),
      element: { type: 'url_text_input', action_id: FirstResponseField.url.action },
    },
  ]);
}
