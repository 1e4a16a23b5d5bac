import type { Button, KnownBlock } from '@slack/types';
import type { ChecklistItem } from '../../domain/crisis.js';
import { ActionId } from '../ids.js';
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
  const line =
    item.doneAt === null
      ? `⬜ ${text}${owner}${due}`
      : `✅ ~${text}~${owner}\n${m.t('checklist.doneBy', { who: mention(item.doneBy ?? ''), when: slackTime(m, item.doneAt) })}`;
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
  const block: KnownBlock = { type: 'section', block_id: `item-${item.id}`, text: { type: 'mrkdwn', text: clip(line) } };
  return closed ? block : { ...block, accessory: button };
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
