import type { DoneWhen } from '../config/done-when.js';

export type { DoneWhen };

/** Items the bot ticks itself: no hand ticks or unticks them (the first response is ticked by hand with its link). */
export const ticksItself = (item: { readonly doneWhen: DoneWhen | null }): boolean =>
  item.doneWhen === 'all_accounts_paused' || item.doneWhen === 'qa_published';
