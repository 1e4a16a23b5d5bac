import { graphemes } from '../../domain/text.js';

/**
 * Slack's limits on what the bot posts, in one place. Lengths are UTF-16 units (JavaScript's
 * `.length`), never fewer than the characters Slack counts, so a text within them is accepted.
 */
export const SlackLimits = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  /** A section's field: ten of them at most. */
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  actionId: 255,
  blockId: 255,
  optionText: 75,
  /** Options in one static select. */
  selectOptions: 100,
  inputLabel: 2000,
  placeholder: 150,
  /** A modal's title, submit and close labels. */
  viewTitle: 24,
  topic: 250,
  /** The `text` of a message (its notification); Slack cuts longer ones. */
  messageText: 4000,
} as const;

const ELLIPSIS = '…';
/** Slack entities (`<@U1>`, `<#C1>`, `<!date^…|…>`, `<url|label>`) and escapes (`&amp;`): kept whole. */
const ENTITY = /<[^<>\n]*>|&(?:amp|lt|gt);/g;

/**
 * Cuts `text` to at most `max` with an ellipsis. Never inside a character as people see it (a
 * surrogate pair, an emoji with its skin tone), a mention, a link or an escape: half of one is
 * broken markup, and half a surrogate pair is refused by Slack's JSON parser.
 */
export function clip(text: string, max: number = SlackLimits.sectionText): string {
  if (text.length <= max) return text;
  const room = max - ELLIPSIS.length;
  let out = '';
  const fits = (piece: string) => out.length + piece.length <= room;
  let last = 0;
  for (const match of text.matchAll(ENTITY)) {
    for (const g of graphemes(text.slice(last, match.index))) {
      if (!fits(g)) return out + ELLIPSIS;
      out += g;
    }
    if (!fits(match[0])) return out + ELLIPSIS;
    out += match[0];
    last = match.index + match[0].length;
  }
  for (const g of graphemes(text.slice(last))) {
    if (!fits(g)) return out + ELLIPSIS;
    out += g;
  }
  return out + ELLIPSIS;
}
