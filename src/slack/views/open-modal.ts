import type { View } from '@slack/types';
import { SEVERITIES } from '../../config/plan-schema.js';
import { MAX_TITLE } from '../../domain/text.js';
import { CallbackId, OpenModalField as F } from '../ids.js';

const option = (value: string) => ({ text: { type: 'plain_text' as const, text: value }, value });

/** The form `/crisis open` shows when no title is given. */
export function renderOpenModal(types: readonly string[]): View {
  return {
    type: 'modal',
    callback_id: CallbackId.openModal,
    title: { type: 'plain_text', text: 'Open a crisis' },
    submit: { type: 'plain_text', text: 'Open' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: F.title.block,
        label: { type: 'plain_text', text: 'Title' },
        element: { type: 'plain_text_input', action_id: F.title.action, max_length: MAX_TITLE, placeholder: { type: 'plain_text', text: 'Boycott call trending on Instagram' } },
      },
      {
        type: 'input',
        block_id: F.severity.block,
        label: { type: 'plain_text', text: 'Severity' },
        element: { type: 'static_select', action_id: F.severity.action, initial_option: option('sev2'), options: SEVERITIES.map(option) },
      },
      {
        type: 'input',
        block_id: F.type.block,
        label: { type: 'plain_text', text: 'Type' },
        element: { type: 'static_select', action_id: F.type.action, initial_option: option('default'), options: types.slice(0, 100).map(option) },
      },
      {
        type: 'input',
        block_id: F.summary.block,
        optional: true,
        label: { type: 'plain_text', text: 'What is happening' },
        element: { type: 'plain_text_input', action_id: F.summary.action, multiline: true, max_length: 2500 },
      },
    ],
  };
}
