import { UNKNOWN_SOURCE } from '../../domain/alerts.js';
import { stageName } from '../../domain/escalation.js';
import type { Severity } from '../../config/severity.js';
import type { Messages } from '../../i18n/messages.js';
import type { ViewContext } from './context.js';

/** Slack treats &, < and > as markup: people's text must not become a mention or a link. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Slack sends what people type with &, < and > as entities; turn them back into characters so
 * "Q&A leak" stays "Q&A leak" (it is escaped again, once, wherever it is shown).
 */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A catalogue message for a plain-text place (a modal's error): no code marks, no escapes. */
export function plainText(mrkdwn: string): string {
  return decodeSlackEntities(mrkdwn.replace(/`/g, ''));
}

export const mention = (userId: string) => `<@${userId}>`;
export const channelLink = (channelId: string) => `<#${channelId}>`;
/** `url` must already be safe for Slack (see http/alert-bodies safeLink). */
export const link = (url: string, label: string) => `<${url}|${label}>`;

/** Quoted lines, as Slack shows a summary someone wrote. */
export const quote = (text: string) => `>${escapeMrkdwn(text).replace(/\n/g, '\n>')}`;

/** The severity as a badge: the same codes in every language. */
export const SEVERITY_BADGE: Readonly<Record<Severity, string>> = { sev1: '🔴 SEV1', sev2: '🟠 SEV2', sev3: '🟡 SEV3' };

/** The badge with the severity in words, where people read it: `🟠 SEV2 (serious)`. */
export const severityBadge = (v: ViewContext, severity: Severity): string =>
  `${SEVERITY_BADGE[severity]} (${v.m.t(`severity.${severity}`)})`;

/** A crisis type as people read it: `default` in the team's language, a plan's own `data-breach` as "Data breach". */
export function typeName(v: ViewContext, type: string): string {
  if (type === 'default') return v.m.t('common.defaultType');
  const words = type.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A time Slack shows in each reader's own time zone and language; clients that cannot get
 * the time where the team is, with its offset.
 */
export function slackTime(m: Messages, millis: number): string {
  return `<!date^${Math.floor(millis / 1000)}^{date_short_pretty} {time}|${m.stamp(millis)} ${m.offset(millis)}>`;
}

/** An alert's source as people read it: the sender's name for it, or "unknown" in their language. Not escaped. */
export function alertSource(v: ViewContext, source: string): string {
  return source === UNKNOWN_SOURCE ? v.m.t('common.unknownSource') : source;
}

/** `stage 2 (Crisis group)`, or `stage 2` when the plan no longer has it; `escape` for where it goes. */
export function stageLabel(v: ViewContext, stage: number, escape: (text: string) => string = escapeMrkdwn): string {
  const name = stageName(v.plan, stage);
  return name === undefined ? v.m.t('common.stage', { stage }) : v.m.t('common.stageNamed', { stage, name: escape(name) });
}
