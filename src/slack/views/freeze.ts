import type { KnownBlock } from '@slack/types';
import type { Crisis } from '../../domain/crisis.js';
import { accountLabel, type AccountFreeze } from '../../domain/freeze.js';
import type { HeldPost } from '../../domain/held-posts.js';
import { ActionId } from '../ids.js';
import { holdNote, resumeBlocks } from './held-posts.js';
import type { RenderedMessage, ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';
import { channelLink, escapeMrkdwn, mention, slackTime } from './mrkdwn.js';
import { section } from './blocks.js';

/** One line per account: paused (who, when) or not yet, and what the bot held back in a scheduler. */
export function freezeLines(v: ViewContext, freezes: readonly AccountFreeze[], held: readonly HeldPost[]): string[] {
  const { m } = v;
  return freezes.map((f) => {
    const account = escapeMrkdwn(accountLabel(f));
    const line =
      f.frozenAt === null
        ? m.t('freeze.boardWaiting', { account, when: slackTime(m, f.askedAt) })
        : f.frozenBy === null
          ? m.t('held.boardPausedByBot', { account, when: slackTime(m, f.frozenAt) })
          : m.t('freeze.boardPaused', { account, who: mention(f.frozenBy), when: slackTime(m, f.frozenAt) });
    const note = holdNote(
      v,
      f,
      held.filter((p) => p.freezeId === f.id),
    );
    return note ? `${line} · ${note}` : line;
  });
}

/** The board in the crisis channel, and `/crisis freeze`. */
export function renderFreezeBoard(
  v: ViewContext,
  crisis: Crisis,
  freezes: readonly AccountFreeze[],
  held: readonly HeldPost[],
): RenderedMessage {
  const { m } = v;
  const lines = freezes.length ? freezeLines(v, freezes, held) : [m.t('freeze.none')];
  const head = crisis.state === 'open' ? m.t('freeze.boardHeading') : m.t('freeze.boardHeadingClosed');
  return {
    text: clip(m.t('freeze.boardFallback', { title: escapeMrkdwn(crisis.title) }), SlackLimits.messageText),
    blocks: [section([head, ...lines].join('\n'))],
  };
}

/** The owner's DM: pause what is scheduled on this account, then press Paused. */
export function renderFreezeRequest(
  v: ViewContext,
  crisis: Crisis,
  freeze: AccountFreeze,
  reminder: boolean,
  now: number,
  viaScheduler: boolean,
): RenderedMessage {
  const { m } = v;
  const account = escapeMrkdwn(accountLabel(freeze));
  // Not the title again: the request already names it.
  const where = crisis.channelId ? channelLink(crisis.channelId) : m.t('freeze.channelComing');
  const head = reminder
    ? m.t('freeze.reminder', { account, where, ago: m.duration(now - freeze.askedAt) })
    : m.t('freeze.request', { account, title: escapeMrkdwn(crisis.title), where });
  const blocks: KnownBlock[] = [section(head)];
  if (viaScheduler && freeze.frozenAt === null)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: m.t('held.requestNote') }] });
  if (freeze.frozenAt === null) {
    blocks.push({
      type: 'actions',
      block_id: 'freeze-actions',
      elements: [
        {
          type: 'button',
          action_id: ActionId.freezePaused,
          style: 'primary',
          text: { type: 'plain_text', text: m.t('buttons.paused') },
          value: String(freeze.id),
        },
      ],
    });
  } else {
    const by =
      freeze.frozenBy === null
        ? m.t('held.pausedByBot', { when: slackTime(m, freeze.frozenAt) })
        : m.t('freeze.pausedBy', { who: mention(freeze.frozenBy), when: slackTime(m, freeze.frozenAt) });
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: by }] });
  }
  return { text: clip(m.t('freeze.requestFallback', { account }), SlackLimits.messageText), blocks };
}

/** At close: the owners may resume. */
export function renderFreezeResume(v: ViewContext, crisis: Crisis, freeze: AccountFreeze, held: readonly HeldPost[]): RenderedMessage {
  const { m } = v;
  const text = m.t('freeze.resume', { account: escapeMrkdwn(accountLabel(freeze)), title: escapeMrkdwn(crisis.title) });
  return { text: clip(text, SlackLimits.messageText), blocks: [section(text), ...resumeBlocks(v, freeze, held)] };
}
