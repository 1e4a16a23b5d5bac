import type { View } from '@slack/types';
import { SEVERITIES, type Severity } from '../../config/severity.js';
import { MAX_TITLE, MAX_UPDATE } from '../../domain/text.js';
import { CallbackId, OpenModalField as F } from '../ids.js';
import type { ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';
import { SEVERITY_BADGE, typeName } from './mrkdwn.js';

/** An option showing `text` (the value itself unless given): severities and types in words, the codes as values. */
const option = (value: string, text = value) => ({
  text: { type: 'plain_text' as const, text: clip(text, SlackLimits.optionText) },
  value,
});

/** The form `/crisis open` shows when no title is given. */
export function renderOpenModal(v: ViewContext, types: readonly string[]): View {
  const { m } = v;
  const plain = (text: string, max: number = SlackLimits.viewTitle) => ({ type: 'plain_text' as const, text: clip(text, max) });
  const severity = (sev: Severity) => option(sev, `${SEVERITY_BADGE[sev]} (${m.t(`severity.${sev}`)})`);
  const type = (name: string) => option(name, typeName(v, name));
  return {
    type: 'modal',
    callback_id: CallbackId.openModal,
    title: plain(m.t('modal.title')),
    submit: plain(m.t('modal.submit')),
    close: plain(m.t('modal.cancel')),
    blocks: [
      {
        type: 'input',
        block_id: F.title.block,
        label: plain(m.t('modal.titleLabel'), SlackLimits.inputLabel),
        element: {
          type: 'plain_text_input',
          action_id: F.title.action,
          max_length: MAX_TITLE,
          placeholder: plain(m.t('modal.titlePlaceholder'), SlackLimits.placeholder),
        },
      },
      {
        type: 'input',
        block_id: F.severity.block,
        label: plain(m.t('modal.severityLabel'), SlackLimits.inputLabel),
        element: {
          type: 'static_select',
          action_id: F.severity.action,
          initial_option: severity('sev2'),
          options: SEVERITIES.map(severity),
        },
      },
      {
        type: 'input',
        block_id: F.type.block,
        label: plain(m.t('modal.typeLabel'), SlackLimits.inputLabel),
        element: {
          type: 'static_select',
          action_id: F.type.action,
          initial_option: type('default'),
          options: types.slice(0, SlackLimits.selectOptions).map(type),
        },
      },
      {
        type: 'input',
        block_id: F.summary.block,
        optional: true,
        label: plain(m.t('modal.summaryLabel'), SlackLimits.inputLabel),
        element: { type: 'plain_text_input', action_id: F.summary.action, multiline: true, max_length: MAX_UPDATE },
      },
    ],
  };
}
