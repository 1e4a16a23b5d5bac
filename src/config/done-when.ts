/**
 * What ticks a checklist item besides a hand, so the checklist and the rest of the record never
 * disagree: the first published statement (or a hand tick that gives the link to the public
 * response), every plan account confirmed paused, the internal Q&A published to the staff.
 */
export const DONE_WHEN = ['first_response', 'all_accounts_paused', 'qa_published'] as const;
export type DoneWhen = (typeof DONE_WHEN)[number];
