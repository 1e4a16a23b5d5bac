import type { Button, KnownBlock } from '@slack/types';
import type { ChecklistItemRow } from '../../store/schema.js';
import { ActionId, Labels } from '../ids.js';
import { clip, esc, mention, slackTime } from './format.js';

/** Slack allows 50 blocks a message; one goes to the heading. */
export const ITEMS_PER_MESSAGE = 49;

export interface RenderedMessage {
  text: string;
  blocks: KnownBlock[];
}

function itemBlock(item: ChecklistItemRow, closed: boolean): KnownBlock {
  const owner = item.role ? ` · _${esc(item.role)}_` : '';
  const due = item.dueAt !== null && item.doneAt === null ? ` · due ${slackTime(item.dueAt)}` : '';
  const text =
    item.doneAt === null
      ? `⬜ ${esc(item.text)}${owner}${due}`
      : `✅ ~${esc(item.text)}~${owner}\n_done by ${mention(item.doneBy ?? '')} ${slackTime(item.doneAt)}_`;
  const button: Button =
    item.doneAt === null
      ? { type: 'button', action_id: ActionId.checklistDone, text: { type: 'plain_text', text: Labels.done }, value: String(item.id), style: 'primary' }
      : { type: 'button', action_id: ActionId.checklistUndo, text: { type: 'plain_text', text: Labels.undo }, value: String(item.id) };
  const block: KnownBlock = { type: 'section', block_id: `item-${item.id}`, text: { type: 'mrkdwn', text: clip(text) } };
  return closed ? block : { ...block, accessory: button };
}

/**
 * The checklist as one or more messages of at most 50 blocks. Always rendered whole from the
 * database, so concurrent ticks cannot overwrite one another's state in Slack.
 */
export function renderChecklist(title: string, items: readonly ChecklistItemRow[], closed = false): RenderedMessage[] {
  const done = items.filter((i) => i.doneAt !== null).length;
  const parts = Math.max(1, Math.ceil(items.length / ITEMS_PER_MESSAGE));
  const messages: RenderedMessage[] = [];
  for (let part = 0; part < parts; part++) {
    const slice = items.slice(part * ITEMS_PER_MESSAGE, (part + 1) * ITEMS_PER_MESSAGE);
    const heading =
      part === 0
        ? `*Checklist: ${esc(title)}* · ${done}/${items.length} done${closed ? ' · crisis closed' : ''}`
        : `*Checklist: ${esc(title)}* (continued, ${part + 1}/${parts})`;
    const blocks: KnownBlock[] = [{ type: 'section', block_id: `heading-${part}`, text: { type: 'mrkdwn', text: clip(heading) } }];
    if (items.length === 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'This crisis type has no checklist.' }] });
    blocks.push(...slice.map((item) => itemBlock(item, closed)));
    messages.push({ text: `Checklist: ${esc(title)} (${done}/${items.length} done)`, blocks });
  }
  return messages;
}
