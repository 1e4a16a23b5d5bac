import { escapeMrkdwn } from '../../domain/text.js';
import { utc } from '../../domain/time.js';

/** A time Slack shows in each reader's own time zone, with a UTC fallback for old clients. */
export function slackTime(millis: number): string {
  return `<!date^${Math.floor(millis / 1000)}^{date_short_pretty} {time}|${utc(millis)}>`;
}

export const mention = (userId: string) => `<@${userId}>`;
export const channelLink = (channelId: string) => `<#${channelId}>`;
export const esc = escapeMrkdwn;

export const SEVERITY_BADGE: Record<string, string> = { sev1: '🔴 SEV1', sev2: '🟠 SEV2', sev3: '🟡 SEV3' };

/** Section text may be 3000 characters; plan text is trusted but not bounded. */
export function clip(text: string, max = 2900): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
