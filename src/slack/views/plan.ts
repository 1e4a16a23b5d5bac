import type { KnownBlock } from '@slack/types';
import type { PagedMember, PlanCheck, PlanGap } from '../../domain/plan-check.js';
import { isWarning } from '../../domain/plan-check.js';
import type { Crisis } from '../../domain/crisis.js';
import type { PlanChange, PlanReview } from '../../domain/plan-review.js';
import { ActionId } from '../ids.js';
import type { RenderedMessage, ViewContext } from './context.js';
import { context, plain, section } from './blocks.js';
import { SlackLimits, clip } from './limits.js';
import { channelLink, escapeMrkdwn, mention, plainText, slackTime } from './mrkdwn.js';

// The crisis plan as it stands: who each stage would page, its gaps, and its upkeep by its owner.

/** Changes listed in /crisis plan, each a section with its button: the rest are counted. */
export const CHANGES_SHOWN = 20;
/** Beside someone whose Do Not Disturb covers the night (plan.quietKey explains it). */
const QUIET = '🌙';
/** Room in one section's text (Slack's 3000 characters), with some to spare for escapes. */
const SECTION_ROOM = 2800;

/** Lines joined into texts that each fit a section, so a long list is split, never cut off. */
function byLength(lines: readonly string[]): string[] {
  const texts: string[] = [];
  for (const line of lines) {
    const last = texts.at(-1);
    if (last !== undefined && last.length + 1 + line.length <= SECTION_ROOM) texts[texts.length - 1] = `${last}\n${line}`;
    else texts.push(line);
  }
  return texts;
}

/** What /crisis plan shows beside the check: the plan's upkeep (see PlanService.upkeep). */
export interface PlanUpkeepView {
  readonly lastConfirmed: PlanReview | undefined;
  readonly reviewDueAt: number | undefined;
  readonly changes: readonly PlanChange[];
  readonly lastDrill: Crisis | undefined;
}

/** How a person is named: a mention in Slack, their roster name where mentions mean nothing (a terminal). */
export type NamePerson = (member: PagedMember) => string;

export const mentionOrName: NamePerson = (p) => (p.slackId ? mention(p.slackId) : escapeMrkdwn(p.name));

/** The stages and the gaps, as mrkdwn lines: shared by /crisis plan and `npm run plan:check`. */
export function planCheckLines(v: ViewContext, check: PlanCheck, name: NamePerson, slackAsked: boolean): string[] {
  const { m } = v;
  const lines = [m.t('plan.heading')];
  for (const s of check.stages) {
    const people = s.paged.length ? m.list(s.paged.map((p) => (p.quietAtNight ? `${name(p)} ${QUIET}` : name(p)))) : m.t('plan.nobody');
    lines.push(
      m.t('plan.stage', {
        number: s.number,
        name: escapeMrkdwn(s.name),
        timeout: m.duration(s.ackTimeoutMs),
        phone: s.phoneAfterMs === undefined ? 'none' : m.duration(s.phoneAfterMs),
        people,
      }),
    );
  }
  if (check.stages.some((s) => s.paged.some((p) => p.quietAtNight))) lines.push(m.t('plan.quietKey'));
  const warnings = check.gaps.filter(isWarning).length;
  if (check.gaps.length === 0) lines.push(m.t('plan.noGaps'));
  else
    lines.push([m.t('plan.gaps', { errors: check.gaps.length - warnings, warnings }), ...check.gaps.map((g) => gapLine(v, g))].join('\n'));
  if (!slackAsked) lines.push(m.t('plan.slackNotAsked'));
  return lines;
}

function gapLine({ m }: ViewContext, gap: PlanGap): string {
  const e = escapeMrkdwn;
  switch (gap.kind) {
    case 'stage_empty':
      return m.t('plan.stageEmpty', { stage: gap.stage, name: e(gap.name) });
    case 'role_empty':
      return m.t('plan.roleEmpty', { role: e(gap.role) });
    case 'email_unknown':
      return m.t('plan.emailUnknown', { member: e(gap.member), email: e(gap.email) });
    case 'matching':
      return m.t('plan.matching', { member: e(gap.member), email: e(gap.email) });
    case 'deactivated':
      return m.t('plan.deactivated', { member: e(gap.member) });
    case 'user_unknown':
      return m.t('plan.userUnknown', { member: e(gap.member), user: e(gap.slackId) });
    case 'night_dnd':
      return m.t('plan.nightDnd', { member: e(gap.member), from: m.clock(gap.from), to: m.clock(gap.to), phone: gap.phone ? 'yes' : 'no' });
    case 'checklist_role_empty':
      return m.t('plan.checklistRoleEmpty', { type: e(gap.type), item: e(gap.item), role: e(gap.role) });
    case 'mandate_empty':
      return m.t('plan.mandateEmpty', { mandate: gap.mandate });
    case 'account_owner_empty':
      return m.t('plan.accountOwnerEmpty', { account: e(gap.account), owner: e(gap.owner) });
    case 'phone_off':
      return m.t('plan.phoneOff', { stages: m.list(gap.stages.map(e)) });
  }
}

/** `/crisis plan`: the check, when the roster was last confirmed, and the changes lessons asked for, each with its button. */
export function renderPlanCheck(v: ViewContext, check: PlanCheck, upkeep: PlanUpkeepView): RenderedMessage {
  const { m, plan } = v;
  const blocks: KnownBlock[] = planCheckLines(v, check, mentionOrName, true).map(section);
  const review: string[] = [];
  if (!plan.owner) review.push(m.t('plan.noOwner'));
  review.push(
    upkeep.lastConfirmed
      ? m.t('plan.confirmed', { when: slackTime(m, upkeep.lastConfirmed.at), who: mention(upkeep.lastConfirmed.by ?? '') })
      : m.t('plan.neverConfirmed'),
  );
  if (upkeep.reviewDueAt !== undefined) review.push(m.t('plan.reviewDue', { when: slackTime(m, upkeep.reviewDueAt) }));
  review.push(upkeep.lastDrill ? m.t('plan.lastDrill', { when: slackTime(m, upkeep.lastDrill.openedAt) }) : m.t('plan.noDrill'));
  blocks.push(context(review.join(' ')));
  const owner = plan.owner ? escapeMrkdwn(plan.owner) : m.t('plan.leads');
  if (upkeep.changes.length === 0) blocks.push(context(m.t('plan.noChanges')));
  else {
    blocks.push(section(m.t('plan.changes', { count: upkeep.changes.length, owner })));
    for (const change of upkeep.changes.slice(0, CHANGES_SHOWN)) blocks.push(changeBlock(v, change));
    if (upkeep.changes.length > CHANGES_SHOWN)
      blocks.push(context(m.t('plan.moreChanges', { count: upkeep.changes.length - CHANGES_SHOWN })));
  }
  return { text: clip(m.t('plan.heading'), SlackLimits.messageText), blocks };
}

function changeBlock({ m }: ViewContext, change: PlanChange): KnownBlock {
  const crisis = change.channelId ? channelLink(change.channelId) : escapeMrkdwn(change.crisisTitle);
  return {
    type: 'section',
    block_id: `plan-change-${change.id}`,
    text: {
      type: 'mrkdwn',
      text: clip(m.t('plan.change', { text: escapeMrkdwn(change.text), crisis, when: slackTime(m, change.at), who: mention(change.by) })),
    },
    accessory: {
      type: 'button',
      action_id: ActionId.planChangeApplied,
      value: String(change.id),
      text: plain(m.t('buttons.planChangeApplied'), SlackLimits.buttonText),
    },
  };
}

/** The owner's press on "Made in the plan": the line, struck through, with who confirmed it. */
export const renderChangeApplied = ({ m }: ViewContext, text: string, by: string): string =>
  m.t('plan.changeApplied', { text: escapeMrkdwn(text), who: mention(by) });

/** To the plan's owner, every review_every: the roster and contacts as the plan has them, with Confirmed. */
export function renderPlanReview(v: ViewContext, last: PlanReview | undefined, askedAt: number): RenderedMessage {
  const { m, plan } = v;
  const lastLine = last ? m.t('plan.lastConfirmed', { when: slackTime(m, last.at) }) : m.t('plan.notConfirmed');
  const lines = plan.roster.map((member) =>
    m.t('plan.member', {
      name: escapeMrkdwn(member.name),
      roles: member.roles.length ? escapeMrkdwn(member.roles.join(', ')) : m.t('plan.noRoles'),
      contacts: [
        mention(member.slackId),
        member.phone ? escapeMrkdwn(member.phone) : m.t('plan.noPhone'),
        ...(member.email ? [escapeMrkdwn(member.email)] : []),
      ].join(' · '),
    }),
  );
  const blocks: KnownBlock[] = [section(m.t('plan.reviewAsk', { last: lastLine }))];
  blocks.push(...byLength(lines).map(section));
  blocks.push(context(m.t('plan.reviewHint')), {
    type: 'actions',
    block_id: 'plan-review',
    elements: [
      {
        type: 'button',
        action_id: ActionId.planConfirmed,
        style: 'primary',
        value: String(askedAt),
        text: plain(m.t('buttons.planConfirmed'), SlackLimits.buttonText),
      },
    ],
  });
  return { text: clip(m.t('plan.reviewFallback'), SlackLimits.messageText), blocks };
}

/** The review DM once confirmed: its list stays, the button gives way to who confirmed and when. */
export function renderPlanReviewed(v: ViewContext, review: PlanReview, everyMs: number | undefined): RenderedMessage {
  const { m } = v;
  const asked = renderPlanReview(v, undefined, review.askedAt ?? review.at);
  const blocks = asked.blocks.filter((b) => b.type !== 'actions' && b.type !== 'context');
  const done = m.t('plan.reviewConfirmed', {
    who: mention(review.by ?? ''),
    when: slackTime(m, review.at),
    every: m.duration(everyMs ?? 0),
  });
  return { text: asked.text, blocks: [...blocks.slice(1), context(done)] };
}

/** The check for a terminal (`npm run plan:check`): mrkdwn's marks and escapes taken out. */
export function terminalText(lines: readonly string[]): string {
  const unmarked = lines.map((line) =>
    plainText(line)
      .replace(/\*([^*\n]+)\*/g, '$1')
      .replace(/(^|[\s(])_([^_\n]+)_(?=[\s).,:;]|$)/gm, '$1$2'),
  );
  return `${unmarked.join('\n\n')}\n`;
}
