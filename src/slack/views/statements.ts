import type { KnownBlock, View } from '@slack/types';
import type { Crisis } from '../../domain/crisis.js';
import { approversOf } from '../../domain/roster.js';
import {
  MAX_STATEMENT,
  PLATFORMS,
  PLATFORM_IDS,
  current,
  isApproved,
  length,
  publishTargets,
  type Platform,
  type StatementRecord,
  type StatementVersion,
  TOPIC,
  platformLabel,
} from '../../domain/statements.js';
import type { MessageKey } from '../../i18n/catalogue/index.js';
import { ActionId, CallbackId, StatementField as F } from '../ids.js';
import type { RenderedMessage, ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';
import { channelLink, escapeMrkdwn, link, mention, quote, slackTime } from './mrkdwn.js';
import { modal, plain } from './blocks.js';

const button = (v: ViewContext, actionId: string, label: MessageKey, value: number, style?: 'primary' | 'danger') => ({
  type: 'button' as const,
  action_id: actionId,
  text: { type: 'plain_text' as const, text: clip(v.m.t(label), SlackLimits.buttonText) },
  value: String(value),
  ...(style ? { style } : {}),
});

/** "X 143/280 · Instagram 143/2200", the limit passed marked, for the platforms chosen (all when none). */
export function countsLine(v: ViewContext, text: string, platforms: readonly Platform[]): string {
  const n = length(text);
  const shown = platforms.length ? platforms : PLATFORM_IDS;
  return shown
    .map((p) =>
      n > PLATFORMS[p].max
        ? v.m.t('statement.countOver', { platform: PLATFORMS[p].name, count: n, max: PLATFORMS[p].max })
        : `${PLATFORMS[p].name} ${n}/${PLATFORMS[p].max}`,
    )
    .join(' · ');
}

/** Where a version stands: waiting, sent back with the reason, approved (by whom, when), published. */
function stateLines(v: ViewContext, record: StatementRecord, version: StatementVersion): string[] {
  const { m } = v;
  const lines: string[] = [];
  if (isApproved(version))
    lines.push(m.t('statement.approved', { who: mention(version.approvedBy!), when: slackTime(m, version.approvedAt!) }));
  else if (version.changesAt !== null)
    lines.push(
      m.t('statement.changesRequested', {
        who: mention(version.changesBy!),
        when: slackTime(m, version.changesAt),
        reason: escapeMrkdwn(version.changesReason ?? ''),
      }),
    );
  // Any one approver will do: "A or B", not "A and B".
  else lines.push(m.t('statement.waiting', { who: m.either(approversOf(v.plan).map(mention)) }));
  for (const p of record.publications.filter((x) => x.versionId === version.id)) {
    lines.push(
      p.via === 'hootsuite'
        ? m.t('statement.publishedHootsuite', {
            account: escapeMrkdwn(p.platform),
            who: mention(p.publishedBy),
            when: slackTime(m, p.publishedAt),
            url: p.url ? link(p.url, escapeMrkdwn(p.url)) : 'none',
          })
        : m.t('statement.publishedByHand', {
            platform: escapeMrkdwn(platformLabel(p.platform)),
            who: mention(p.publishedBy),
            when: slackTime(m, p.publishedAt),
            link: link(p.url, escapeMrkdwn(p.url)),
          }),
    );
  }
  // Sends through the scheduler not out yet: on their way, waiting for approval there, or refused.
  for (const send of record.sends.filter((x) => x.versionId === version.id && x.state !== 'sent')) {
    const account = escapeMrkdwn(send.handle ? `${send.account} ${send.handle}` : send.account);
    if (send.state === 'sending') lines.push(m.t('statement.sending', { account, who: mention(send.requestedBy) }));
    else if (send.state === 'waiting') lines.push(m.t('statement.sendWaiting', { account }));
    else {
      const reason = send.failure === 'text_changed' ? m.t('refusal.statementTextChanged') : escapeMrkdwn(clip(send.failure ?? '', 300));
      lines.push(m.t('statement.sendFailed', { account, reason }));
    }
  }
  return lines;
}

/** The statement in the crisis channel: its current version, its state and the buttons that decide it. */
export function renderStatement(v: ViewContext, crisis: Crisis, record: StatementRecord): RenderedMessage {
  const { m } = v;
  const version = current(record);
  const head = m.t('statement.heading', {
    version: version.version,
    author: mention(version.authorId),
    when: slackTime(m, version.createdAt),
  });
  const blocks: KnownBlock[] = [
    { type: 'section', block_id: 'statement', text: { type: 'mrkdwn', text: clip(`${head}\n${quote(version.text)}`) } },
    {
      type: 'context',
      block_id: 'statement-counts',
      elements: [{ type: 'mrkdwn', text: clip(countsLine(v, version.text, record.statement.platforms)) }],
    },
    { type: 'section', block_id: 'statement-state', text: { type: 'mrkdwn', text: clip(stateLines(v, record, version).join('\n')) } },
  ];
  if (record.versions.length > 1) {
    blocks.push({
      type: 'context',
      block_id: 'statement-earlier',
      elements: [{ type: 'mrkdwn', text: clip(m.t('statement.earlier', { count: record.versions.length - 1 })) }],
    });
  }
  if (crisis.state === 'open') {
    // Publish when the plan has an account the bot may publish on; Mark published for posts made by hand.
    const publishes = !crisis.drill && publishTargets(v.plan.accounts, version.text).length > 0;
    const elements = isApproved(version)
      ? [
          ...(publishes ? [button(v, ActionId.statementSend, 'buttons.publish', version.id, 'primary')] : []),
          button(v, ActionId.statementPublish, 'buttons.markPublished', version.id, publishes ? undefined : 'primary'),
          button(v, ActionId.statementEdit, 'buttons.edit', record.statement.id),
        ]
      : [
          button(v, ActionId.statementApprove, 'buttons.approve', version.id, 'primary'),
          button(v, ActionId.statementChanges, 'buttons.requestChanges', version.id),
          button(v, ActionId.statementEdit, 'buttons.edit', record.statement.id),
        ];
    blocks.push({ type: 'actions', block_id: 'statement-actions', elements });
  }
  return {
    text: clip(m.t('statement.fallback', { version: version.version, title: escapeMrkdwn(crisis.title) }), SlackLimits.messageText),
    blocks,
  };
}

/** The DM to an approver: the draft, where it is, and the same buttons. */
export function renderApprovalRequest(
  v: ViewContext,
  crisis: Crisis,
  record: StatementRecord,
  reminder: boolean,
  now: number,
): RenderedMessage {
  const { m } = v;
  const version = current(record);
  const where = crisis.channelId ? channelLink(crisis.channelId) : escapeMrkdwn(crisis.title);
  const head = reminder
    ? m.t('statement.approvalReminder', { where, ago: m.duration(now - version.createdAt) })
    : m.t('statement.approvalRequest', { where, author: mention(version.authorId) });
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: clip(`${head}\n${quote(version.text)}`) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: clip(countsLine(v, version.text, record.statement.platforms)) }] },
    {
      type: 'actions',
      elements: [
        button(v, ActionId.statementApprove, 'buttons.approve', version.id, 'primary'),
        button(v, ActionId.statementChanges, 'buttons.requestChanges', version.id),
      ],
    },
  ];
  return { text: clip(m.t('statement.approvalFallback', { title: escapeMrkdwn(crisis.title) }), SlackLimits.messageText), blocks };
}

/** The DM to the author when changes are asked for. */
export function renderChangesRequested(
  v: ViewContext,
  crisis: Crisis,
  record: StatementRecord,
  version: StatementVersion,
): RenderedMessage {
  const { m } = v;
  const where = crisis.channelId ? channelLink(crisis.channelId) : escapeMrkdwn(crisis.title);
  const text = m.t('statement.changesDm', {
    who: mention(version.changesBy!),
    version: version.version,
    where,
    reason: escapeMrkdwn(version.changesReason ?? ''),
  });
  return {
    text: clip(text, SlackLimits.messageText),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: clip(text) } },
      { type: 'actions', elements: [button(v, ActionId.statementEdit, 'buttons.edit', record.statement.id)] },
    ],
  };
}

const option = (text: string, value: string) => ({ text: plain(text, SlackLimits.optionText), value });

/**
 * `/crisis statement`: a plan statement or blank, the platforms, the text. The text input
 * dispatches as it is typed, so the counts per platform below it follow (see the listener).
 */
export function renderStatementModal(
  v: ViewContext,
  crisisId: number,
  o: { text?: string; platforms?: readonly Platform[]; revision?: number } = {},
): View {
  const { m, plan } = v;
  const text = o.text ?? '';
  const blocks: KnownBlock[] = [];
  if (plan.statements.length) {
    blocks.push({
      type: 'input',
      block_id: F.template.block,
      optional: true,
      dispatch_action: true,
      label: plain(m.t('statementModal.templateLabel'), SlackLimits.inputLabel),
      element: {
        type: 'static_select',
        action_id: F.template.action,
        placeholder: plain(m.t('statementModal.blank'), SlackLimits.placeholder),
        options: plan.statements.slice(0, SlackLimits.selectOptions).map((s) => option(s.title, s.id)),
      },
    });
  }
  blocks.push(
    {
      type: 'input',
      block_id: F.platforms.block,
      optional: true,
      label: plain(m.t('statementModal.platformsLabel'), SlackLimits.inputLabel),
      element: {
        type: 'checkboxes',
        action_id: F.platforms.action,
        options: PLATFORM_IDS.map((p) => option(PLATFORMS[p].name, p)),
        ...(o.platforms?.length ? { initial_options: o.platforms.map((p) => option(PLATFORMS[p].name, p)) } : {}),
      },
    },
    {
      type: 'input',
      // A new block id when the text is replaced (a template chosen): Slack keeps what was typed otherwise.
      block_id: `${F.text.block}-${o.revision ?? 0}`,
      dispatch_action: true,
      label: plain(m.t('statementModal.textLabel'), SlackLimits.inputLabel),
      element: {
        type: 'plain_text_input',
        action_id: F.text.action,
        multiline: true,
        max_length: MAX_STATEMENT,
        dispatch_action_config: { trigger_actions_on: ['on_character_entered'] },
        ...(text ? { initial_value: text } : {}),
      },
    },
    // A plan statement with {topic}: the subject in public words, put in at submission.
    ...(text.includes(TOPIC)
      ? [
          {
            type: 'input',
            block_id: F.topic.block,
            label: plain(m.t('statementModal.topicLabel'), SlackLimits.inputLabel),
            hint: plain(m.t('statementModal.topicHint', { marker: TOPIC }), SlackLimits.inputLabel),
            element: { type: 'plain_text_input', action_id: F.topic.action, max_length: 200 },
          } satisfies KnownBlock,
        ]
      : []),
    {
      type: 'context',
      block_id: 'counts',
      elements: [{ type: 'mrkdwn', text: clip(text ? countsLine(v, text, o.platforms ?? []) : m.t('statementModal.countsHint')) }],
    },
  );
  return modal(v, CallbackId.statementModal, crisisId, 'statementModal.title', 'statementModal.submit', blocks);
}

/** Edit: the current text, for a new version. */
export function renderEditModal(v: ViewContext, record: StatementRecord): View {
  const { m } = v;
  return modal(v, CallbackId.statementEdit, record.statement.id, 'statementModal.editTitle', 'statementModal.editSubmit', [
    {
      type: 'input',
      block_id: F.text.block,
      label: plain(m.t('statementModal.textLabel'), SlackLimits.inputLabel),
      element: {
        type: 'plain_text_input',
        action_id: F.text.action,
        multiline: true,
        max_length: MAX_STATEMENT,
        initial_value: current(record).text,
      },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: m.t('statementModal.editHint') }] },
  ]);
}

/** Request changes: why. */
export function renderChangesModal(v: ViewContext, versionId: number): View {
  const { m } = v;
  return modal(v, CallbackId.statementChanges, versionId, 'statementModal.changesTitle', 'statementModal.changesSubmit', [
    {
      type: 'input',
      block_id: F.reason.block,
      label: plain(m.t('statementModal.reasonLabel'), SlackLimits.inputLabel),
      element: { type: 'plain_text_input', action_id: F.reason.action, multiline: true, max_length: 1000 },
    },
  ]);
}

/** Mark published: where, and the link to the post. */
export function renderPublishModal(v: ViewContext, record: StatementRecord): View {
  const { m } = v;
  const platforms = record.statement.platforms.length ? record.statement.platforms : PLATFORM_IDS;
  return modal(v, CallbackId.statementPublish, current(record).id, 'statementModal.publishTitle', 'statementModal.publishSubmit', [
    { type: 'context', elements: [{ type: 'mrkdwn', text: m.t('statementModal.publishHint') }] },
    {
      type: 'input',
      block_id: F.platform.block,
      label: plain(m.t('statementModal.platformLabel'), SlackLimits.inputLabel),
      element: {
        type: 'static_select',
        action_id: F.platform.action,
        initial_option: option(PLATFORMS[platforms[0]!].name, platforms[0]!),
        options: platforms.map((p) => option(PLATFORMS[p].name, p)),
      },
    },
    {
      type: 'input',
      block_id: F.url.block,
      label: plain(m.t('statementModal.urlLabel'), SlackLimits.inputLabel),
      element: { type: 'url_text_input', action_id: F.url.action },
    },
  ]);
}

/** Publish's confirmation: the accounts the approved text goes to now, and any it cannot (too long, sent already). */
export function renderSendModal(v: ViewContext, record: StatementRecord): View {
  const { m } = v;
  const version = current(record);
  const sent = new Set(record.sends.filter((x) => x.versionId === version.id && x.state !== 'failed').map((x) => x.profileId));
  const lines = publishTargets(v.plan.accounts, version.text).map(({ account, tooLong }) => {
    const name = escapeMrkdwn(account.handle ? `${account.name} ${account.handle}` : account.name);
    if (tooLong)
      return `• ${m.t('statementModal.sendTooLong', { account: name, count: tooLong.count, platform: PLATFORMS[tooLong.platform].name, max: tooLong.max })}`;
    if (sent.has(account.scheduler!.profileId)) return `• ${m.t('statementModal.sendAlready', { account: name })}`;
    return `• *${name}*`;
  });
  return modal(v, CallbackId.statementSend, version.id, 'statementModal.sendTitle', 'statementModal.sendSubmit', [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: clip(`${m.t('statementModal.sendIntro', { version: version.version })}\n${lines.join('\n')}`) },
    },
    { type: 'section', text: { type: 'mrkdwn', text: clip(quote(version.text)) } },
  ]);
}

/** Publish refused after the confirmation (another press was first, a mandate, the text): said in the same modal. */
export function renderSendRefused(v: ViewContext, versionId: number, refusal: string): View {
  const { m } = v;
  return {
    type: 'modal',
    callback_id: CallbackId.statementSend,
    private_metadata: String(versionId),
    title: plain(m.t('statementModal.sendTitle')),
    close: plain(m.t('modal.cancel')),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clip(refusal) } }],
  };
}
