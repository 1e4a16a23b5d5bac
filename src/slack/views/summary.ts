import type { KnownBlock } from '@slack/types';
import type { Crisis, CrisisSnapshot } from '../../domain/crisis.js';
import { queueLine } from './responses.js';
import { crisisLeads, firstResponseAt, nextUpdateDue } from '../../domain/escalation.js';
import { platformLabel, publicLine, publishedOf, waitingForApproval } from '../../domain/statements.js';
import type { EscalationCause } from '../../domain/timeline.js';
import type { SummaryInput } from '../../jobs/ports/views.js';
import { firstResponseLine } from './page.js';
import { phoneLog } from './phone.js';
import type { RenderedMessage, ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';
import {
  SEVERITY_BADGE,
  severityBadge,
  typeName,
  alertSource,
  escapeMrkdwn,
  link,
  mention,
  quote,
  slackTime,
  stageLabel,
} from './mrkdwn.js';
import { escalationReason, rosterName } from './notices.js';
import { section } from './blocks.js';

/**
 * The first message in the crisis channel, pinned and kept up to date: what happened, who
 * leads, who was called and why, how to reach them, and what is due next. It answers the
 * questions someone joining at 3 a.m. asks first.
 */
export function renderSummary(v: ViewContext, { snap, alert }: SummaryInput): RenderedMessage {
  const { m, plan } = v;
  const { crisis } = snap;
  const title = escapeMrkdwn(crisis.title);
  const head = [
    `*${title}*`,
    m.t('summary.meta', {
      badge: severityBadge(v, crisis.severity),
      type: escapeMrkdwn(typeName(v, crisis.type)),
      opener: mention(crisis.openerId),
      when: slackTime(m, crisis.openedAt),
    }),
  ];
  const meaning = plan.severityDescriptions[crisis.severity];
  // In words, as the badge above says it: "Serious: growing criticism …".
  const word = m.t(`severity.${crisis.severity}`);
  if (meaning) head.push(`_${word.charAt(0).toUpperCase()}${word.slice(1)}: ${escapeMrkdwn(meaning)}_`);
  const leads = crisisLeads(plan, crisis, v.botUserId);
  head.push(leads.length ? m.t('summary.lead', { who: m.list(leads.map((id) => person(v, id))) }) : m.t('summary.noLead'));
  if (alert) head.push(m.t('summary.fromAlert', { title: escapeMrkdwn(alert.title), source: escapeMrkdwn(alertSource(v, alert.source)) }));

  const called = pagedLines(v, snap);
  // Someone informed and later paged is listed where they were paged.
  const paged = new Set(snap.pages.map((p) => p.userId));
  const informed = snap.informs.filter((i) => !paged.has(i.userId)).map((i) => person(v, i.userId));
  if (informed.length) called.push(m.t('summary.informed', { who: m.list(informed) }));

  const next: string[] = [];
  // The clock to the first public word, where everyone looks: due by when, or how long it took.
  const responded = firstResponseAt(snap.items, publishedOf(snap));
  if (responded !== undefined || crisis.state === 'open') next.push(firstResponseLine(v, crisis, responded));
  const due = nextUpdateDue(plan, crisis, snap.updates);
  if (due !== undefined) next.push(m.t('summary.nextUpdate', { when: slackTime(m, due) }));
  if (plan.policyUrl) next.push(`📘 ${link(plan.policyUrl, m.t('summary.policyLabel'))}`);

  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(m.t('summary.header', { title: crisis.title }), SlackLimits.headerText) } },
    section(head.join('\n')),
  ];
  if (crisis.summary) blocks.push(section(quote(crisis.summary)));
  // What the brand says now, and what waits to be said.
  const said: string[] = [];
  const line = publicLine(snap.statements);
  if (line) {
    // A publication's platform is whatever was stored; one no longer in PLATFORMS shows as stored.
    const platform = platformLabel(line.publication.platform);
    said.push(
      m.t('summary.publicLine', { platform: escapeMrkdwn(platform), when: slackTime(m, line.publication.publishedAt) }),
      quote(line.version.text),
    );
  }
  const waiting = waitingForApproval(snap.statements).length;
  if (waiting) said.push(m.t('summary.waitingApproval', { count: waiting }));
  const queue = queueLine(v, snap.responses);
  if (queue) said.push(queue);
  if (said.length) blocks.push(section(said.join('\n')));
  if (called.length) blocks.push(section(`${m.t('summary.calledHeading')}\n${called.join('\n')}`));
  if (next.length) blocks.push(section(next.join('\n')));
  const contacts = plan.roster.map((member) => {
    const roles = member.roles.length ? ` · ${member.roles.map(escapeMrkdwn).join(', ')}` : '';
    const phone = member.phone ? ` · ${escapeMrkdwn(member.phone)}` : '';
    return `• ${mention(member.slackId)} (${escapeMrkdwn(member.name)})${roles}${phone}`;
  });
  blocks.push(section(`${m.t('summary.rosterHeading')}\n${contacts.join('\n')}`), {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: m.t('summary.commands') }],
  });
  return { text: clip(m.t('summary.fallback', { title, severity: crisis.severity }), SlackLimits.messageText), blocks };
}

/** A mention, with the phone number the plan has for them. */
function person(v: ViewContext, userId: string): string {
  const phone = v.plan.roster.find((m) => m.slackId === userId)?.phone;
  return phone ? `${mention(userId)} (${escapeMrkdwn(phone)})` : mention(userId);
}

/**
 * One line per stage paged: who, whether they answered, and why that stage was called (at
 * opening, or the escalation that reached it), so nobody has to know what "stage 2" means.
 */
function pagedLines(v: ViewContext, snap: CrisisSnapshot): string[] {
  const { m } = v;
  const causes = escalationCauses(v, snap);
  const stages = [...new Set(snap.pages.map((p) => p.stage))].sort((a, b) => a - b);
  return stages.map((stage) => {
    const people = snap.pages.filter((p) => p.stage === stage).map((p) => `${person(v, p.userId)} ${p.ackedAt === null ? '⏳' : '✅'}`);
    const cause = causes.get(stage);
    const why = cause ? escalationReason(v, cause.cause, cause.actor) : m.t('summary.atOpening');
    const calls = snap.pages
      .filter((p) => p.stage === stage)
      .flatMap((p) => {
        const log = phoneLog(v, snap, p);
        return log ? [m.t('summary.phoneLog', { who: mention(p.userId), log })] : [];
      });
    return [`• ${stageLabel(v, stage)}: ${m.list(people)}. ${why}.`, ...calls].join('\n');
  });
}

/** Which escalation reached each stage that was not paged at opening. */
function escalationCauses(v: ViewContext, snap: CrisisSnapshot): Map<number, { cause: EscalationCause; actor: string }> {
  const causes = new Map<number, { cause: EscalationCause; actor: string }>();
  let reached = 0;
  for (const { event, actorId } of snap.timeline) {
    if (event.kind === 'opened') reached = v.plan.startStage[event.severity];
    if (event.kind !== 'escalated') continue;
    const actor = actorId ? rosterName(v, actorId) : v.m.t('common.theBot');
    for (let stage = reached + 1; stage <= event.to; stage++) causes.set(stage, { cause: event.cause, actor });
    reached = Math.max(reached, event.to);
  }
  return causes;
}

/** The channel topic. Slack reads mentions in topics, so the title is escaped as in mrkdwn. */
export function renderTopic(v: ViewContext, crisis: Crisis): string {
  return clip(v.m.t('summary.topic', { badge: SEVERITY_BADGE[crisis.severity], title: escapeMrkdwn(crisis.title) }), SlackLimits.topic);
}
