/** The languages the bot speaks: every message, button, modal, reminder and debrief. */
export const LANGUAGES = ['en', 'sv', 'pl'] as const;
export type Language = (typeof LANGUAGES)[number];
