/** Longest title a crisis may have: it must fit a channel topic, a DM and a debrief heading. */
export const MAX_TITLE = 150;
export const MAX_UPDATE = 2500;

// Control characters would break Slack formatting and log lines; tabs and newlines become spaces.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g;

/** Trims, turns control characters into spaces and collapses runs of whitespace. */
export function cleanLine(text: string): string {
  return text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

/** Keeps line breaks (status updates are prose) but drops other control characters. */
export function cleanProse(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(CONTROL, ' ').replace(/[ \t]+/g, ' ').trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Slack sends what people type with &, < and > as entities; turn them back into characters so
 * "Q&A leak" stays "Q&A leak" (it is escaped again, once, wherever it is shown).
 */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Slack treats &, < and > as markup: user text must not become a mention or a link. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const FOLD: Record<string, string> = { ł: 'l', Ł: 'l', ø: 'o', Ø: 'o', æ: 'ae', Æ: 'ae', ß: 'ss', đ: 'd', þ: 'th' };

/** `Bojkott på Instagram!` → `bojkott-pa-instagram`, cut at a word boundary to `max`. */
export function slugify(title: string, max: number): string {
  const ascii = title
    .replace(/[łŁøØæÆßđþ]/g, (c) => FOLD[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (ascii.length <= max) return ascii || 'untitled';
  const cut = ascii.slice(0, max + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > max / 2 ? cut.slice(0, boundary) : ascii.slice(0, max)).replace(/-+$/g, '');
}

const SLACK_CHANNEL_NAME_MAX = 80;

/** `<prefix>-<yyyymmdd>-<slug>`, with `-2`, `-3`… when the name is taken (attempt ≥ 2). */
export function channelName(prefix: string, openedAt: Date, title: string, attempt = 1): string {
  const y = openedAt.getFullYear();
  const m = String(openedAt.getMonth() + 1).padStart(2, '0');
  const d = String(openedAt.getDate()).padStart(2, '0');
  const suffix = attempt > 1 ? `-${attempt}` : '';
  const head = `${prefix}-${y}${m}${d}-`;
  return head + slugify(title, SLACK_CHANNEL_NAME_MAX - head.length - suffix.length) + suffix;
}
