/** Every button in a message's blocks: section accessories and actions elements. */
export const buttonsOf = (blocks: any[] | undefined): any[] =>
  (blocks ?? []).flatMap((b) => [b.accessory, ...(b.elements ?? [])]).filter((e) => e?.type === 'button');

/** A message's blocks as one string, for "does it say …" checks. */
export const json = (v: unknown): string => JSON.stringify(v ?? null);

/**
 * What a message shows as text: its section texts, one per line, or its `text` when it has no
 * blocks. A long answer's `text` is only the notification fallback, cut to Slack's limit.
 */
export const shown = (message: { text?: string; blocks?: any[] }): string =>
  message.blocks?.length ? message.blocks.filter((b) => b.type === 'section').map((b) => b.text?.text ?? '').join('\n') : (message.text ?? '');
