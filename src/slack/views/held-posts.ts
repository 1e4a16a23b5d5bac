import type { KnownBlock, View } from '@slack/types';
import type { Crisis } from '../../domain/crisis.js';
import { accountLabel, type AccountFreeze } from '../../domain/freeze.js';
import { RESUME_LEAD_MS, overdue, resumable, tally, type HeldPost } from '../../domain/held-posts.js';
import { ActionId, CallbackId, ResumeField } from '../ids.js';
import type { RenderedMessage, ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';
import { escapeMrkdwn, mention, slackTime } from './mrkdwn.js';
import { modal, plain, section } from './blocks.js';

// The freeze through Hootsuite as people see it: the list of what the bot held back, the board's
// word on it, Resume posts and its form, and the report of what was scheduled again.

/** A post's first line, enough to recognise it in a list. */
const EXCERPT = 120;
/** Posts listed one per line in a message; the rest are counted (the debrief has them all). */
const LISTED = 25;

/** Text cut into pieces of at most `max`, at a line break or space where there is one. */
function pieces(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = Math.max(rest.lastIndexOf('\n', max), rest.lastIndexOf(' ', max));
    const at = cut > max / 2 ? cut : max;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^[ \n]/, '');
  }
  return [...out, rest];
}

const excerpt = (text: string) => escapeMrkdwn(clip(text.replace(/\s+/g, ' ').trim(), EXCERPT));

/** What the board adds to an account's line while the bot holds its posts back. */
export function holdNote(v: ViewContext, freeze: AccountFreeze, posts: readonly HeldPost[]): string | undefined {
  const { m } = v;
  if (freeze.holdStartedAt === null) return undefined;
  if (freeze.holdFailure !== null) return m.t('held.boardFailed', { reason: escapeMrkdwn(freeze.holdFailure) });
  if (freeze.heldAt === null || tally(posts).saved > 0) return m.t('held.boardHolding');
  const t = tally(posts);
  const refused =
    (t.refused ? ` · ${m.t('held.boardRefused', { count: t.refused })}` : '') +
    (freeze.holdIncomplete !== null ? ` · ${m.t('held.boardIncomplete')}` : '');
  if (freeze.resumedAt !== null)
    return m.t('held.boardResumed', { restored: t.restored, count: t.restored + t.failed + t.restoring }) + refused;
  return m.t('held.boardHeld', { count: t.held }) + refused;
}

function postLine(v: ViewContext, p: HeldPost): string {
  const { m } = v;
  const when = slackTime(m, p.scheduledAt);
  const text = excerpt(p.text);
  switch (p.state) {
    case 'saved':
    case 'held':
      // No words to translate: the time and the post.
      return `• ${when}: ${text}`;
    case 'gone':
      return m.t('held.lineGone', { when, text });
    case 'refused':
      return m.t('held.lineRefused', { when, text, reason: escapeMrkdwn(p.failure ?? '') });
    case 'restoring':
      return m.t('held.lineRestoring', { when, text });
    case 'restored':
      return m.t('held.lineRestored', { when: slackTime(m, p.restoreAt!), text });
    case 'failed':
      return m.t('held.lineFailed', { when, text });
  }
}

/** In the crisis channel: every post held back, and later what became of each. */
export function renderHeldList(v: ViewContext, crisis: Crisis, freeze: AccountFreeze, posts: readonly HeldPost[]): RenderedMessage {
  const { m } = v;
  const account = escapeMrkdwn(accountLabel(freeze));
  const t = tally(posts);
  const head =
    t.total === 0
      ? m.t('held.listNothing', { account })
      : m.t('held.listHeading', {
          account,
          count: t.held + t.restoring + t.restored + t.failed,
          when: slackTime(m, freeze.heldAt ?? freeze.holdStartedAt!),
        });
  const lines = posts.slice(0, LISTED).map((p) => postLine(v, p));
  if (posts.length > LISTED) lines.push(m.t('held.more', { count: posts.length - LISTED }));
  const blocks: KnownBlock[] = [section(head)];
  if (lines.length) blocks.push(section(lines.join('\n')));
  if (t.gone) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: m.t('held.goneNote', { count: t.gone }) }] });
  const foot =
    freeze.resumedAt !== null
      ? m.t('held.resumedBy', { who: mention(freeze.resumedBy!), when: slackTime(m, freeze.resumedAt) })
      : crisis.state === 'open'
        ? m.t('held.untilClose')
        : undefined;
  if (foot) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: foot }] });
  if (crisis.state !== 'open' && freeze.resumedAt === null && t.held > 0) blocks.push(resumeActions(v, freeze));
  return { text: clip(m.t('held.listFallback', { account }), SlackLimits.messageText), blocks };
}

function resumeActions(v: ViewContext, freeze: AccountFreeze): KnownBlock {
  return {
    type: 'actions',
    block_id: 'resume-actions',
    elements: [
      {
        type: 'button',
        action_id: ActionId.freezeResume,
        style: 'primary',
        text: plain(v.m.t('buttons.resumePosts'), SlackLimits.buttonText),
        value: String(freeze.id),
      },
    ],
  };
}

/** At close, to the owners: they may resume, and with Hootsuite the bot does it for them. */
export function resumeBlocks(v: ViewContext, freeze: AccountFreeze, posts: readonly HeldPost[]): KnownBlock[] {
  const held = tally(posts).held;
  if (freeze.holdStartedAt === null || held === 0 || freeze.resumedAt !== null) return [];
  return [section(v.m.t('held.resumeOffer', { count: held, account: escapeMrkdwn(accountLabel(freeze)) })), resumeActions(v, freeze)];
}

/** Resume posts: the posts ahead keep their time; the overdue ones need a new one. */
export function renderResumeModal(v: ViewContext, freeze: AccountFreeze, posts: readonly HeldPost[], now: number): View {
  const { m } = v;
  const account = escapeMrkdwn(accountLabel(freeze));
  const all = resumable(posts);
  const late = overdue(posts, now);
  const blocks: KnownBlock[] = [section(m.t('held.modalIntro', { count: all.length, ahead: all.length - late.length, account }))];
  if (late.length) {
    blocks.push(section([m.t('held.modalLate', { count: late.length }), ...late.slice(0, LISTED).map((p) => postLine(v, p))].join('\n')));
    // A quarter past the next full hour at the earliest: a sensible default nobody has to type.
    const suggested = Math.ceil((now + RESUME_LEAD_MS + 3_600_000) / 900_000) * 900_000;
    blocks.push({
      type: 'input',
      block_id: ResumeField.at.block,
      label: plain(m.t('held.modalAtLabel'), SlackLimits.inputLabel),
      hint: plain(m.t('held.modalAtHint'), SlackLimits.inputLabel),
      element: { type: 'datetimepicker', action_id: ResumeField.at.action, initial_date_time: Math.floor(suggested / 1000) },
    });
  }
  return modal(v, CallbackId.resumePosts, freeze.id, 'held.modalTitle', 'held.modalSubmit', blocks);
}

/**
 * A post with media uploaded to Hootsuite that Hootsuite would not take back because the media
 * is gone ("Resource not found": it keeps media 90 days after use) or not ready.
 */
function lostMedia(p: HeldPost): boolean {
  const media = (p.message as { media?: unknown[] } | null)?.media;
  return Array.isArray(media) && media.length > 0 && /· (4001|40021) ·/.test(p.failure ?? '');
}

/** To whoever pressed Resume posts: how it went, and the full saved content of every post not scheduled again. */
export function renderRestoreReport(v: ViewContext, crisis: Crisis, freeze: AccountFreeze, posts: readonly HeldPost[]): RenderedMessage {
  const { m } = v;
  const account = escapeMrkdwn(accountLabel(freeze));
  const t = tally(posts);
  const count = t.restored + t.failed;
  const blocks: KnownBlock[] = [
    section(m.t('held.reportHeading', { account, restored: t.restored, count, title: escapeMrkdwn(crisis.title) })),
  ];
  // Scheduled again by a member who publishes with approval: nothing goes out until someone approves it.
  const waiting = posts.filter((p) => p.state === 'restored' && p.restoredPending);
  if (waiting.length)
    blocks.push(
      section([m.t('held.reportPending', { count: waiting.length }), ...waiting.slice(0, LISTED).map((p) => postLine(v, p))].join('\n')),
    );
  const failed = posts.filter((p) => p.state === 'failed');
  if (failed.length) {
    blocks.push(section(m.t('held.reportFailedHeading', { count: failed.length })));
    // A post longer than a section goes in several: its content must arrive whole.
    let shown = 0;
    for (const p of failed) {
      // Cut before escaping, so no piece ends inside an escape; room is left for what escaping adds.
      const parts = pieces(p.text, 2400).map(escapeMrkdwn);
      if (p.mediaUrls.length) parts.push(m.t('held.reportMedia', { urls: p.mediaUrls.join(' ') }));
      if (lostMedia(p)) parts.push(m.t('held.reportMediaGone'));
      if (blocks.length + 1 + parts.length > SlackLimits.messageBlocks - 1) break;
      blocks.push(
        section(
          m.t('held.reportFailedPost', {
            when: slackTime(m, p.scheduledAt),
            reason: p.failure ? m.t('held.refused', { detail: escapeMrkdwn(clip(p.failure, 300)) }) : m.t('held.noAnswer'),
          }),
        ),
      );
      blocks.push(...parts.map(section));
      shown++;
    }
    if (failed.length > shown) blocks.push(section(m.t('held.reportMore', { count: failed.length - shown })));
  }
  return { text: clip(m.t('held.reportFallback', { account, restored: t.restored, count }), SlackLimits.messageText), blocks };
}

/** To the owners: Hootsuite refused, so posts on the account still go out unless paused by hand. */
export function renderHoldProblem(v: ViewContext, crisis: Crisis, freeze: AccountFreeze, posts: readonly HeldPost[]): RenderedMessage {
  const { m } = v;
  const account = escapeMrkdwn(accountLabel(freeze));
  const refused = posts.filter((p) => p.state === 'refused');
  const title = escapeMrkdwn(crisis.title);
  const head =
    freeze.holdFailure !== null
      ? m.t('held.problemFailed', { account, reason: escapeMrkdwn(freeze.holdFailure), title })
      : refused.length === 0 && freeze.holdIncomplete !== null
        ? m.t('held.problemIncomplete', { account, reason: escapeMrkdwn(clip(freeze.holdIncomplete, 500)), title })
        : m.t('held.problemRefused', { account, count: refused.length, title });
  const blocks: KnownBlock[] = [section(head)];
  if (refused.length) {
    const lines = refused.slice(0, LISTED).map((p) => postLine(v, p));
    if (refused.length > LISTED) lines.push(m.t('held.more', { count: refused.length - LISTED }));
    blocks.push(section(lines.join('\n')));
  }
  return { text: clip(m.t('held.problemFallback', { account }), SlackLimits.messageText), blocks };
}

/** To the leads and the owners: Hootsuite no longer takes the bot's token, so posts are paused by hand until someone authorises it again. */
export function renderSchedulerRefused(v: ViewContext, refusal: string): RenderedMessage {
  const { m } = v;
  return {
    text: clip(m.t('held.tokenRefusedFallback'), SlackLimits.messageText),
    blocks: [section(m.t('held.tokenRefused', { reason: escapeMrkdwn(clip(refusal, 300)) }))],
  };
}

/** To the owners: a later look caught posts scheduled since the freeze began and held them back too. */
export function renderHeldCaught(v: ViewContext, crisis: Crisis, freeze: AccountFreeze, caught: readonly HeldPost[]): RenderedMessage {
  const { m } = v;
  const account = escapeMrkdwn(accountLabel(freeze));
  const lines = caught.slice(0, LISTED).map((p) => postLine(v, p));
  if (caught.length > LISTED) lines.push(m.t('held.more', { count: caught.length - LISTED }));
  return {
    text: clip(m.t('held.caughtFallback', { account, count: caught.length }), SlackLimits.messageText),
    blocks: [section(m.t('held.caught', { account, count: caught.length, title: escapeMrkdwn(crisis.title) })), section(lines.join('\n'))],
  };
}
