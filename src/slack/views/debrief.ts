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
 * The Markdown debrief as a Slack message: text split into sections on line boundaries, tables
 * as Slack shows them (a two-column table as fields, a wider one as a line per row that names
 * each column), and cut with a pointer to the uploaded file if it outgrows one message. A later
 * version (`revised`) is the same message edited in place, saying first what changed.
 */
export function renderDebriefMessage(
  v: ViewContext,
  title: string,
  markdown: string,
  revised?: Pick<DebriefVersion, 'version' | 'reason'>,
): RenderedMessage {
  const blocks: KnownBlock[] = [];
  if (revised)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: v.m.t('debrief.updatedNote', { version: revised.version, why: whatChanged(v, revised) }) }],
    });
  let current = '';
  const flush = () => {
    if (current.trim()) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
    current = '';
  };
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith('| ')) {
      let end = i;
      while (end < lines.length && lines[end]!.startsWith('|')) end++;
      flush();
      blocks.push(...tableBlocks(lines.slice(i, end).map(cells)));
      i = end - 1;
      continue;
    }
    const line = clip(toMrkdwn(lines[i]!), SECTION_MAX);
    if (current.length + line.length + 1 > SECTION_MAX) flush();
    current += (current ? '\n' : '') + line;
  }
  flush();
  const shown = blocks.slice(0, MAX_BLOCKS);
  if (blocks.length > MAX_BLOCKS) shown.push({ type: 'context', elements: [{ type: 'mrkdwn', text: v.m.t('debrief.continues') }] });
  return { text: clip(v.m.t('debrief.fallback', { title: escapeMrkdwn(title) }), SlackLimits.messageText), blocks: shown };
}

/** A table row's cells, as mrkdwn; the separator row (|---|) is none. */
function cells(row: string): string[] {
  if (/^\|[-| ]+\|$/.test(row)) return [];
  return row
    .split(/(?<!\\)\|/) // an escaped pipe (\\|) in a cell is not one
    .slice(1, -1)
    .map((cell) => escapeMrkdwn(cell.trim().replace(/\\([\\`*_[\]|<>])/g, '$1')));
}

/** Fields for a table of two columns (label, value); a line per row naming each column for a wider one. */
function tableBlocks(rows: string[][]): KnownBlock[] {
  const [head, ...body] = rows.filter((r) => r.length);
  if (!head) return [];
  if (head.length === 2) {
    const pairs = (head.every((h) => h === '') ? body : [head, ...body]).map(([label, value]) => [label ?? '', value ?? '']);
    const out: KnownBlock[] = [];
    // Slack shows ten fields a section: five rows of label and value.
    for (let i = 0; i < pairs.length; i += 5)
      out.push({
        type: 'section',
        fields: pairs.slice(i, i + 5).flatMap(([label, value]) => [
          { type: 'mrkdwn' as const, text: clip(`*${label}*`, SlackLimits.fieldText) },
          { type: 'mrkdwn' as const, text: clip(value || ' ', SlackLimits.fieldText) },
        ]),
      });
    return out;
  }
  const lines = body.map(
    (row) =>
      `• *${row[0] ?? ''}*: ${row
        .slice(1)
        .map((cell, i) => `${head[i + 1] ?? ''}: ${cell}`)
        .join(' · ')}`,
  );
  const out: KnownBlock[] = [];
  let text = '';
  for (const line of lines.map((l) => clip(l, SECTION_MAX))) {
    if (text.length + line.length + 1 > SECTION_MAX) {
      out.push({ type: 'section', text: { type: 'mrkdwn', text } });
      text = '';
    }
    text += (text ? '\n' : '') + line;
  }
  if (text) out.push({ type: 'section', text: { type: 'mrkdwn', text } });
  return out;
}

/** Markdown headings, checkboxes and images read poorly in Slack; make them bold lines, ticks and the file's name. */
function toMrkdwn(line: string): string {
  const image = /^!\[(.*)\]\((.+)\)$/.exec(line);
  if (image) return `📈 ${escapeMrkdwn(image[1]!.replace(/\\(.)/g, '$1'))}: \`${escapeMrkdwn(image[2]!)}\``;
  const escaped = escapeMrkdwn(line.replace(/\\([\\`*_[\]|<>])/g, '$1'));
  if (/^#{1,6} /.test(escaped)) return `*${escaped.replace(/^#+ /, '')}*`;
  return escaped
    .replace(/\*\*([^*]+)\*\*/g, '*$1*')
    .replace(/^- \[x\]/, '✅')
    .replace(/^- \[ \]/, '⬜')
    .replace(/^- /, '• ');
}

/** The comment on a later version of the debrief file: which version, and what changed. */
export function renderDebriefRevised(v: ViewContext, version: Pick<DebriefVersion, 'version' | 'reason'>): string {
  return v.m.t('debrief.revised', { version: version.version, why: whatChanged(v, version) });
}

function whatChanged(v: ViewContext, version: Pick<DebriefVersion, 'reason'>): string {
  const r = version.reason;
  return r.kind === 'posts_resumed'
    ? v.m.t('debrief.revisedPostsResumed', { account: escapeMrkdwn(r.account) })
    : v.m.t('debrief.revisedLearning', { kind: r.kind });
}
