import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn } from '../../domain/text.js';
import type { RenderedMessage } from './checklist.js';

const SECTION_MAX = 2900;
const MAX_BLOCKS = 45;

/**
 * The Markdown debrief as a Slack message: split into sections on line boundaries, and cut with
 * a pointer to the uploaded file if it outgrows one message.
 */
export function renderDebriefMessage(title: string, markdown: string): RenderedMessage {
  const chunks: string[] = [];
  let current = '';
  for (const rawLine of markdown.split('\n')) {
    const line = toMrkdwn(rawLine).slice(0, SECTION_MAX);
    if (current.length + line.length + 1 > SECTION_MAX) {
      chunks.push(current);
      current = '';
    }
    current += (current ? '\n' : '') + line;
  }
  if (current.trim()) chunks.push(current);
  const blocks: KnownBlock[] = chunks
    .filter((c) => c.trim())
    .slice(0, MAX_BLOCKS)
    .map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
  if (chunks.length > MAX_BLOCKS) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'The debrief continues in the attached Markdown file.' }] });
  }
  return { text: `Debrief: ${escapeMrkdwn(title)}`, blocks };
}

/** Markdown headings and tables read poorly in Slack; make them bold lines and bullets. */
function toMrkdwn(line: string): string {
  const escaped = line
    .replace(/\\([\\`*_[\]|<>])/g, '$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  if (/^#{1,6} /.test(escaped)) return `*${escaped.replace(/^#+ /, '')}*`;
  if (/^\|[-| ]+\|$/.test(escaped) || escaped === '| | |') return '';
  if (escaped.startsWith('| ')) return `• ${escaped.slice(2, -2).split(' | ').join(': ')}`;
  return escaped.replace(/^- \[x\]/, '✅').replace(/^- \[ \]/, '⬜').replace(/^- /, '• ');
}
