/** Longest title a crisis may have: it must fit a channel topic, a DM and a debrief heading. */
export const MAX_TITLE = 150;
export const MAX_UPDATE = 2500;

// Control characters would break Slack formatting and log lines; tabs and newlines become spaces.
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are removed
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
    .map((line) =>
      line
        .replace(CONTROL, ' ')
        .replace(/[ \t]+/g, ' ')
        .trimEnd(),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// Made on first use: most texts are short enough never to need it.
let segmenter: Intl.Segmenter | undefined;

/** The text's characters as people see them: an emoji with its skin tone or flag is one. */
export function graphemes(text: string): Iterable<string> {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return (function* () {
    for (const { segment } of segmenter.segment(text)) yield segment;
  })();
}

/**
 * At most `max` UTF-16 units (what `.length` counts, never fewer than the code points Slack
 * counts), cut between characters: never half a surrogate pair or half an emoji sequence.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const g of graphemes(text)) {
    if (out.length + g.length > max) break;
    out += g;
  }
  return out;
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

/**
 * `<prefix>-<yyyymmdd>-<slug>`, with `-2`, `-3`… when the name is taken (attempt ≥ 2). The date
 * is the opening day where the team is (see `dateStamp`).
 */
export function channelName(prefix: string, date: string, title: string, attempt = 1): string {
  const suffix = attempt > 1 ? `-${attempt}` : '';
  const head = `${prefix}-${date}-`;
  return head + slugify(title, SLACK_CHANNEL_NAME_MAX - head.length - suffix.length) + suffix;
}

/**
 * What someone typed after a slash command, as they meant it: Slack sends mentions, channels and
 * links as references (<@U123|omar>, <#C123|general>, <https://…|…>) and &, < and > as entities.
 * A reference becomes what it showed (@omar, #general, the link); entities become characters.
 */
export function typedText(raw: string): string {
  return raw
    .replace(/<([@#])([A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, sigil: string, id: string, label: string | undefined) => `${sigil}${label || id}`)
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<([^<>|]+)(?:\|([^>]*))?>/g, (_m, url: string) => url)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
