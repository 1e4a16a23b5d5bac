/**
 * A crisis channel as a page that looks enough like Slack to show what the bot posts: used by
 * `npm run demo -- --picture <file.png>` to draw the README's picture from the stand-in's
 * messages. Understands the Block Kit and mrkdwn the bot uses, nothing more.
 */
import type { ContextBlock, HeaderBlock, SectionBlock } from '@slack/types';
import { buttonsOf, type PostedButton } from '../test/support/blocks.js';
import type { StandinMessage } from '../test/support/slack-standin.js';
import type { StandinBlock } from '../test/support/standin-types.js';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface Names {
  user(id: string): string;
  channel(id: string): string;
  /** A Slack date token as the reader would see it. */
  time(unixSeconds: number): string;
}

/** Slack mrkdwn (already entity-escaped by the bot) to HTML. */
function mrkdwn(text: string, names: Names): string {
  const tokens: string[] = [];
  const keep = (html: string) => `\u0000${tokens.push(html) - 1}\u0000`;
  let s = text
    .replace(/<@(\w+)>/g, (_, id: string) => keep(`<span class="mention">@${escapeHtml(names.user(id))}</span>`))
    .replace(/<#(\w+)>/g, (_, id: string) => keep(`<span class="mention">#${escapeHtml(names.channel(id))}</span>`))
    .replace(/<!date\^(\d+)\^[^|>]*\|[^>]*>/g, (_, ts: string) => keep(escapeHtml(names.time(Number(ts)))))
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, (_, _url: string, label: string) => keep(`<span class="link">${label}</span>`));
  s = s
    .replace(/`([^`]+)`/g, (_, code: string) => keep(`<code>${code}</code>`))
    .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^_\n]+)_/g, '$1<i>$2</i>')
    .replace(/(^|[\s(])~([^~\n]+)~/g, '$1<s>$2</s>');
  const lines = s.split('\n').map((line) => (line.startsWith('&gt;') ? `<span class="quote">${line.slice(4)}</span>` : line));
  // eslint-disable-next-line no-control-regex -- NUL marks a kept token: no Slack text contains one
  return lines.join('<br>').replace(/\u0000(\d+)\u0000/g, (_, i: string) => tokens[Number(i)]!);
}

function button(b: PostedButton): string {
  return `<span class="button ${b.style ?? ''}">${escapeHtml(b.text.text)}</span>`;
}

/** One block; `type` says which kind it is (a block the bot does not post draws nothing). */
function block(b: StandinBlock, names: Names): string {
  switch (b.type) {
    case 'header':
      return `<div class="header">${escapeHtml((b as HeaderBlock).text.text)}</div>`;
    case 'section': {
      const [accessory] = buttonsOf([b]);
      return `<div class="section"><div class="text">${mrkdwn((b as SectionBlock).text?.text ?? '', names)}</div>${accessory ? button(accessory) : ''}</div>`;
    }
    case 'context':
      return `<div class="context">${(b as ContextBlock).elements.map((e) => mrkdwn('text' in e ? e.text : '', names)).join(' ')}</div>`;
    case 'actions':
      return `<div class="actions">${buttonsOf([b]).map(button).join('')}</div>`;
    default:
      return '';
  }
}

export function channelPage(title: string, topic: string, messages: readonly StandinMessage[], names: Names, botName: string): string {
  const posts = messages
    .filter((m) => !m.deleted && !m.files)
    .map((m) => {
      const body = m.blocks?.length
        ? m.blocks.map((b) => block(b, names)).join('')
        : `<div class="text">${mrkdwn(m.text ?? '', names)}</div>`;
      return `<div class="message"><div class="avatar">🚨</div><div class="content"><div class="who">${escapeHtml(botName)} <span class="app">APP</span> <span class="when">${escapeHtml(names.time(Number(m.ts)))}</span></div>${body}</div></div>`;
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; font: 15px/1.46 "DejaVu Sans", "Noto Color Emoji", sans-serif; color: #1d1c1d; background: #fff; width: 900px; }
  .bar { padding: 12px 20px; border-bottom: 1px solid #ddd; }
  .bar .name { font-weight: bold; font-size: 18px; }
  .bar .topic { color: #616061; font-size: 13px; }
  .message { display: flex; padding: 10px 20px; }
  .avatar { width: 36px; height: 36px; border-radius: 6px; background: #9b1c1c; color: #fff; text-align: center; line-height: 36px; margin-right: 10px; flex: none; }
  .content { flex: 1; }
  .who { font-weight: bold; } .app { font-size: 10px; background: #eee; color: #616061; padding: 1px 3px; border-radius: 2px; vertical-align: middle; }
  .when { color: #616061; font-weight: normal; font-size: 12px; }
  .header { font-weight: bold; font-size: 20px; margin: 4px 0; }
  .section { display: flex; justify-content: space-between; align-items: flex-start; margin: 4px 0; }
  .section .text { flex: 1; }
  .context { color: #616061; font-size: 13px; margin: 4px 0; }
  .button { border: 1px solid #bbb; border-radius: 4px; padding: 2px 10px; font-weight: bold; font-size: 13px; margin-left: 8px; white-space: nowrap; display: inline-block; }
  .button.primary { background: #007a5a; color: #fff; border-color: #007a5a; }
  .button.danger { background: #e01e5a; color: #fff; border-color: #e01e5a; }
  .actions .button { margin: 4px 8px 4px 0; }
  .mention { background: #e8f5fa; color: #1264a3; border-radius: 3px; padding: 0 2px; }
  .link { color: #1264a3; }
  code { background: #f4f4f4; border: 1px solid #ddd; border-radius: 3px; padding: 0 3px; font-size: 13px; color: #e01e5a; }
  .quote { border-left: 4px solid #ddd; padding-left: 8px; display: inline-block; }
  </style></head><body>
  <div class="bar"><div class="name"># ${escapeHtml(title)}</div><div class="topic">${mrkdwn(topic, names)}</div></div>
  ${posts}
  </body></html>`;
}
