import type { KnownBlock } from '@slack/types';
import type { RenderedMessage, ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';
import { escapeMrkdwn } from './mrkdwn.js';
import type { DebriefVersion } from '../../store/debrief-repo.js';

/** A section's share of Slack's 3000 characters, leaving room for a line that does not split. */
const SECTION_MAX = SlackLimits.sectionText - 100;
/** Blocks of debrief text in one message, leaving room for the pointer to the file. */
const MAX_BLOCKS = SlackLimits.messageBlocks - 5;

/**
 * The Markdown debrief as a Slack message: split into sections on line boundaries, and cut with
 * a pointer to the uploaded file if it outgrows one message.
 */
export function renderDebriefMessage(v: ViewContext, title: string, markdown: string): RenderedMessage {
  const chunks: string[] = [];
  let current = '';
  for (const rawLine of markdown.split('\n')) {
    const line = clip(toMrkdwn(rawLine), SECTION_MAX);
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
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: v.m.t('debrief.continues') }] });
  }
  return { text: clip(v.m.t('debrief.fallback', { title: escapeMrkdwn(title) }), SlackLimits.messageText), blocks };
}

/** Markdown headings and tables read poorly in Slack; make them bold lines and bullets. */
function toMrkdwn(line: string): string {
  const escaped = escapeMrkdwn(line.replace(/\\([\\`*_[\]|<>])/g, '$1'));
  if (/^#{1,6} /.test(escaped)) return `*${escaped.replace(/^#+ /, '')}*`;
  if (/^\|[-| ]+\|$/.test(escaped) || escaped === '| | |') return '';
  if (escaped.startsWith('| ')) return `• ${escaped.slice(2, -2).split(' | ').join(': ')}`;
  return escaped
    .replace(/^- \[x\]/, '✅')
    .replace(/^- \[ \]/, '⬜')
    .replace(/^- /, '• ');
}

/** The comment on a later version of the debrief file: which version, and what changed. */
export function renderDebriefRevised(v: ViewContext, version: Pick<DebriefVersion, 'version' | 'reason'>): string {
  const { m } = v;
  const r = version.reason;
  const why =
    r.kind === 'posts_resumed'
      ? m.t('debrief.revisedPostsResumed', { account: escapeMrkdwn(r.account) })
      : m.t('debrief.revisedLearning', { kind: r.kind });
  return m.t('debrief.revised', { version: version.version, why });
}
