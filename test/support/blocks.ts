import type { StandinBlock } from './standin-types.js';

/** A button as the bot posts them: every one has an action id, a value and a label. */
export interface PostedButton {
  type: 'button';
  action_id: string;
  value: string;
  text: { type: 'plain_text'; text: string; emoji?: boolean };
  style?: 'primary' | 'danger';
  url?: string;
  confirm?: { title?: { text: string }; text: { text: string }; confirm?: { text: string }; deny?: { text: string } };
}

const isButton = (e: unknown): e is PostedButton => (e as { type?: unknown } | null | undefined)?.type === 'button';

/** Every button in a message's blocks: section accessories and actions elements. */
export const buttonsOf = (blocks: readonly StandinBlock[] | undefined): PostedButton[] =>
  (blocks ?? [])
    .flatMap((b): unknown[] => {
      const { accessory, elements } = b as { accessory?: unknown; elements?: unknown };
      return [accessory, ...(Array.isArray(elements) ? (elements as unknown[]) : [])];
    })
    .filter(isButton);

/** A message's blocks as one string, for "does it say …" checks. */
export const json = (v: unknown): string => JSON.stringify(v ?? null);

/**
 * What a message shows as text: its section texts, one per line, or its `text` when it has no
 * blocks. A long answer's `text` is only the notification fallback, cut to Slack's limit.
 */
export const shown = (message: { text?: string; blocks?: readonly StandinBlock[] }): string =>
  message.blocks?.length
    ? message.blocks
        .filter((b) => b.type === 'section')
        .map((b) => (b as { text?: { text?: string } }).text?.text ?? '')
        .join('\n')
    : (message.text ?? '');
