import type { KnownBlock, View } from '@slack/types';
import type { MessageKey } from '../../i18n/catalogue/index.js';
import type { ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';

// The Block Kit pieces every view builds from, each cut to Slack's limits.

export const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text) } });

export const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(text) }] });

/** Plain text (titles, labels, buttons); `max` defaults to a modal title's 24. */
export const plain = (text: string, max: number = SlackLimits.viewTitle) => ({ type: 'plain_text' as const, text: clip(text, max) });

/**
 * A form: its callback, what it concerns (private metadata: an id), its title and submit label
 * from the catalogue, and Cancel.
 */
export function modal(
  v: ViewContext,
  callbackId: string,
  metadata: number,
  title: MessageKey,
  submit: MessageKey,
  blocks: KnownBlock[],
): View {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: String(metadata),
    title: plain(v.m.t(title)),
    submit: plain(v.m.t(submit)),
    close: plain(v.m.t('modal.cancel')),
    blocks,
  };
}
