import type { Crisis, CrisisSnapshot, Page } from '../../domain/crisis.js';
import type { ViewContext } from './context.js';

/** The severity as a call says it and a text writes it: the number of `sev1`. */
export const severityLevel = (crisis: Pick<Crisis, 'severity'>): string => crisis.severity.replace(/^sev/, '');

/** A link that opens the channel in Slack from anywhere, a phone's text messages included. */
export const channelDeepLink = (channelId: string): string => `https://slack.com/app_redirect?channel=${encodeURIComponent(channelId)}`;

/** The text message after an unanswered call (plain text: a phone shows no mrkdwn). */
export function renderPhoneText(v: ViewContext, crisis: Crisis): string {
  const link = crisis.channelId ? channelDeepLink(crisis.channelId) : '-';
  return v.m.t('phone.text', { title: crisis.title, level: severityLevel(crisis), link });
}

/**
 * How the calls and texts about a page went, for the summary and the status: "called 03:12, no
 * answer; texted 03:12; acknowledged by text 03:14". Undefined when nobody was called.
 */
export function phoneLog(v: ViewContext, snap: Pick<CrisisSnapshot, 'phone' | 'timeline'>, page: Page): string | undefined {
  const { m } = v;
  const attempts = snap.phone.filter((a) => a.pageId === page.id && a.outcome !== 'canceled');
  if (attempts.length === 0) return undefined;
  const parts = attempts.map((a) => {
    const time = m.clock(a.decidedAt);
    if (a.kind === 'text') return a.outcome === 'refused' ? m.t('phoneLog.textRefused') : m.t('phoneLog.texted', { time });
    if (a.outcome === 'acknowledged') return m.t('phoneLog.calledAcked', { time, at: m.clock(a.endedAt ?? a.decidedAt) });
    if (a.outcome === null && a.sid === null) return m.t('phoneLog.calling', { time });
    return m.t('phoneLog.called', { time, outcome: a.outcome ?? 'ringing' });
  });
  const byText = snap.timeline.find(
    (e) => e.event.kind === 'acknowledged' && e.event.via === 'text' && e.event.member === page.memberName && page.ackedAt !== null,
  );
  if (byText) parts.push(m.t('phoneLog.ackedByText', { at: m.clock(byText.at) }));
  return parts.join('; ');
}
