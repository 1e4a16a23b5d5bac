import type { KnownBlock } from '@slack/types';
import type { CrisisSnapshot } from '../../domain/crisis.js';
import { ActionId } from '../ids.js';
import { firstResponse, nextUpdateDue, overdueItems } from '../../domain/escalation.js';
import { progress } from '../../domain/progress.js';
import { publishedOf } from '../../domain/statements.js';
import type { PaceWait } from '../pacer.js';
import { phoneLog } from './phone.js';
import type { RenderedMessage, ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';
import { freezeLines } from './freeze.js';
import { queueLine } from './responses.js';
import { severityBadge, typeName, escapeMrkdwn, mention, stageLabel } from './mrkdwn.js';

export interface Backlog {
  pending: number;
  failed: number;
}

/** Waits for Slack's rate limits status mentions: the longest few, when they are long. */
export const PACED_SHOWN = 3;

/** What status shows besides the crisis's own records: the bot's timers and Slack as it is now. */
export interface StatusLive {
  /** When the next stage is paged unless someone acknowledges. */
  nextEscalationAt?: number | undefined;
  /** Calls waiting for Slack's rate limits, longest first. */
  paced?: readonly PaceWait[];
  /** Roster members whose email is not matched to a Slack user yet, so not paged. */
  unmatched?: readonly { readonly name: string; readonly email: string | undefined }[];
}

/**
 * `/crisis status`, as mrkdwn for the caller alone. Times are where the team works (the plan's
 * time zone, named at the end), so "paged 03:12" means the same to everyone on the call.
 */
export function renderStatus(v: ViewContext, snap: CrisisSnapshot, backlog: Backlog, now: number, live: StatusLive = {}): string {
  const { m, plan } = v;
  const { crisis } = snap;
  const p = progress(snap, now);
  const when = (at: number) => m.when(at, now);
  const lines = [
    m.t('status.head', {
      title: escapeMrkdwn(crisis.title),
      state: crisis.state,
      badge: severityBadge(v, crisis.severity),
      type: escapeMrkdwn(typeName(v, crisis.type)),
    }),
    m.t('status.openFor', { duration: m.duration(p.openForMs), when: when(crisis.openedAt), stage: stageLabel(v, crisis.stage) }),
    m.t('status.checklist', { done: p.done, total: p.total }),
    p.timeToFirstAckMs === undefined ? m.t('status.firstAckNone') : m.t('status.firstAck', { duration: m.duration(p.timeToFirstAckMs) }),
    m.t('status.pagedHeading'),
    ...snap.pages.flatMap((page) => {
      const line =
        page.ackedAt === null
          ? m.t('status.pageWaiting', {
              who: mention(page.userId),
              stage: page.stage,
              paged: when(page.pagedAt),
              ago: m.duration(now - page.pagedAt),
            })
          : m.t('status.pageAcked', { who: mention(page.userId), stage: page.stage, paged: when(page.pagedAt), acked: when(page.ackedAt) });
      const log = phoneLog(v, snap, page);
      return log ? [line, m.t('status.phoneLog', { log })] : [line];
    }),
  ];
  // Pages still silent after their stage's time ran out (and the one reminder): call them.
  const silent = snap.pages.filter((p) => p.ackedAt === null && p.chasedAt !== null);
  if (silent.length && crisis.state === 'open') {
    const phone = (userId: string) => plan.roster.find((r) => r.slackId === userId)?.phone;
    const who = silent.map((p) => {
      const number = phone(p.userId);
      return number
        ? m.t('status.callOn', { who: mention(p.userId), phone: escapeMrkdwn(number) })
        : m.t('status.noPhone', { who: mention(p.userId) });
    });
    lines.push(m.t('status.neverAnswered', { who: m.list(who) }));
  }
  const pagedIds = new Set(snap.pages.map((p) => p.userId));
  const informed = snap.informs.filter((i) => !pagedIds.has(i.userId));
  if (informed.length) lines.push(m.t('status.informed', { who: m.list(informed.map((i) => mention(i.userId))) }));
  if (live.nextEscalationAt !== undefined && crisis.state === 'open') {
    lines.push(
      m.t('status.nextEscalation', {
        stage: crisis.stage,
        next: stageLabel(v, crisis.stage + 1),
        when: when(live.nextEscalationAt),
        duration: m.duration(live.nextEscalationAt - now),
      }),
    );
  }
  const first = firstResponse(snap.items, crisis.openedAt, now, publishedOf(snap));
  if (first) {
    const values = { item: escapeMrkdwn(first.text), duration: m.duration(first.elapsedMs) };
    lines.push(first.done ? m.t('status.firstResponse', values) : m.t('status.firstResponseWaiting', values));
  }
  if (snap.freezes.length) lines.push(m.t('freeze.boardHeading'), ...freezeLines(v, snap.freezes, snap.held));
  const queue = queueLine(v, snap.responses);
  if (queue) lines.push(queue);
  const overdue = overdueItems(snap.items, now);
  if (overdue.length) {
    const items = overdue.map((i) => m.t('status.overdueItem', { item: escapeMrkdwn(i.text), when: when(i.dueAt!) }));
    lines.push(m.t('status.overdue', { items: items.join('; ') }));
  }
  const open = snap.items.filter((i) => i.doneAt === null);
  if (open.length) lines.push(m.t('status.toDo', { items: open.map((i) => escapeMrkdwn(i.text)).join('; ') }));
  const last = snap.updates.at(-1);
  lines.push(last ? m.t('status.lastUpdate', { when: when(last.postedAt), ago: m.duration(now - last.postedAt) }) : m.t('status.noUpdate'));
  const due = nextUpdateDue(plan, crisis, snap.updates);
  if (due !== undefined) lines.push(due <= now ? m.t('status.updateOverdue') : m.t('status.updateDue', { when: when(due) }));
  if (backlog.failed) lines.push(m.t('status.undelivered', { count: backlog.failed }));
  else if (backlog.pending) lines.push(m.t('status.delivering', { count: backlog.pending }));
  const unmatched = live.unmatched ?? [];
  if (unmatched.length > 0 && crisis.state === 'open') {
    const names = unmatched.map((u) => escapeMrkdwn(u.email ? `${u.name} (${u.email})` : u.name));
    lines.push(m.t('status.unmatched', { count: unmatched.length, names: m.list(names) }));
  }
  for (const wait of (live.paced ?? []).slice(0, PACED_SHOWN)) {
    const values = { count: wait.waiting, when: when(wait.until), duration: m.duration(Math.max(0, wait.until - now)) };
    lines.push(
      wait.conversation === undefined
        ? m.t('status.pacedCalls', { ...values, method: `\`${wait.method}\`` })
        : m.t('status.pacedPosts', { ...values, where: conversationRef(wait.conversation) }),
    );
  }
  lines.push(m.t('status.zone', { zone: escapeMrkdwn(`${m.timeZone} (${m.offset(now)})`) }));
  return lines.join('\n');
}

/** A person's direct messages are addressed by their user id; anything else is a channel. */
const conversationRef = (id: string) => (/^[UW]/.test(id) ? mention(id) : `<#${id}>`);

/** `/crisis status` as the caller sees it: the text, and a button to share it with the channel. */
export function renderStatusMessage(v: ViewContext, crisisId: number, text: string): { text: string; blocks: KnownBlock[] } {
  return {
    text: clip(text, SlackLimits.messageText),
    blocks: [
      ...sections(text),
      {
        type: 'actions',
        block_id: 'status-actions',
        elements: [
          {
            type: 'button',
            action_id: ActionId.statusShare,
            text: { type: 'plain_text', text: v.m.t('buttons.shareInChannel') },
            value: String(crisisId),
          },
        ],
      },
    ],
  };
}

/** A status someone shared, as the channel sees it. */
export function renderSharedStatus(v: ViewContext, by: string, text: string): RenderedMessage {
  const full = `${v.m.t('status.sharedBy', { who: mention(by) })}\n${text}`;
  return { text: clip(full, SlackLimits.messageText), blocks: sections(full) };
}

/** Section blocks of at most Slack's 3000 characters, cut between lines. */
function sections(text: string): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (current && current.length + 1 + line.length > SlackLimits.sectionText) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
      current = '';
    }
    current = current ? `${current}\n${line}` : clip(line);
  }
  if (current) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
  return blocks;
}
