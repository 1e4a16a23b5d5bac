import { crisisFileStem, type CrisisSnapshot } from '../../domain/crisis.js';
import { debriefFacts } from '../../domain/debrief.js';
import { stageName } from '../../domain/escalation.js';
import { personName } from '../../domain/roster.js';
import { PLATFORMS, type Platform } from '../../domain/statements.js';
import { accountLabel, frozenFor, type AccountFreeze } from '../../domain/freeze.js';
import { tally, type HeldPost } from '../../domain/held-posts.js';
import type { ViewContext } from './context.js';
import { queueFigures } from '../../domain/responses.js';
import { platformName } from './responses.js';
import { renderTimelineEntry } from './timeline.js';

/** Markdown's own markup in people's text, escaped so a title cannot make a table or a link. */
export const escapeMarkdown = (s: string) => s.replace(/([\\`*_[\]|<>])/g, '\\$1');

/**
 * The debrief as Markdown, in the plan's language, with times where the team works (the zone is
 * named in the table). Compiled from the database alone, so it can be rebuilt after a restart.
 * People appear by their roster names: a file shows no Slack mentions.
 */
export function renderDebriefFile(v: ViewContext, snap: CrisisSnapshot, now: number): string {
  const { m, plan } = v;
  const { crisis } = snap;
  const md = escapeMarkdown;
  const f = debriefFacts(snap, now);
  const name = (id: string | null) => (id === null || id === v.botUserId ? m.t('common.theBot') : personName(plan, snap.people, id));
  const stage = (n: number) => {
    const name = stageName(plan, n);
    return name === undefined ? String(n) : `${n} (${md(name)})`;
  };
  const at = (millis: number) => m.stamp(millis);
  const row = (label: string, value: string) => `| ${md(label)} | ${value} |`;
  const out: string[] = [];

  out.push(m.t('debrief.title', { title: md(crisis.title) }), '');
  out.push('| | |', '|---|---|');
  out.push(row(m.t('debrief.severity'), crisis.severity), row(m.t('debrief.type'), md(crisis.type)));
  out.push(row(m.t('debrief.opened'), m.t('debrief.by', { when: at(crisis.openedAt), who: md(name(crisis.openerId)) })));
  out.push(row(m.t('debrief.closed'), m.t('debrief.by', { when: at(f.closedAt), who: md(name(crisis.closedBy)) })));
  out.push(row(m.t('debrief.timeZone'), md(`${m.timeZone} (${m.offset(crisis.openedAt)})`)));
  out.push(row(m.t('debrief.duration'), m.duration(f.durationMs)));
  out.push(row(m.t('debrief.channel'), crisis.channelName ? `#${md(crisis.channelName)}` : m.t('debrief.noChannel')));
  out.push(row(m.t('debrief.highestStage'), stage(crisis.stage)));
  const firstAck = f.progress.timeToFirstAckMs;
  out.push(row(m.t('debrief.timeToFirstAck'), firstAck === undefined ? m.t('debrief.nobodyAcknowledged') : m.duration(firstAck)));
  if (f.firstResponse) {
    const value = f.firstResponse.done ? m.duration(f.firstResponse.elapsedMs) : m.t('debrief.noFirstResponse', { item: md(f.firstResponse.text) });
    out.push(row(m.t('debrief.timeToFirstResponse'), value));
  }
  out.push(row(m.t('debrief.checklist'), m.t('debrief.checklistDone', { done: f.progress.done, total: f.progress.total })), '');
  // The chart is uploaded beside this file, under this name (jobs/chart).
  out.push(m.t('debrief.chart', { file: `\`chart-${crisisFileStem(plan.channelPrefix, crisis)}.png\`` }), '');
  if (crisis.summary) out.push(m.t('debrief.summaryAtOpening'), '', md(crisis.summary), '');
  if (crisis.closeSummary) out.push(m.t('debrief.summaryAtClose'), '', md(crisis.closeSummary), '');

  out.push(m.t('debrief.whoWasPaged'), '');
  if (snap.pages.length === 0) out.push(m.t('debrief.nobodyPaged'));
  else {
    const head = [m.t('debrief.person'), m.t('debrief.stage'), m.t('debrief.paged'), m.t('debrief.acknowledged')].map(md);
    out.push(`| ${head.join(' | ')} |`, '|---|---|---|---|');
    for (const page of snap.pages) {
      const ack =
        page.ackedAt === null ? m.t('debrief.didNotAcknowledge') : m.t('debrief.acknowledgedAfter', { when: at(page.ackedAt), duration: m.duration(page.ackedAt - page.pagedAt) });
      out.push(`| ${md(page.memberName)} | ${stage(page.stage)} | ${at(page.pagedAt)} | ${ack} |`);
    }
  }
  out.push('');

  out.push(m.t('debrief.statementsHeading'), '');
  if (snap.statements.length === 0) out.push(m.t('debrief.noStatements'), '');
  for (const [i, record] of snap.statements.entries()) {
    out.push(m.t('debrief.statementHeading', { n: i + 1 }), '');
    for (const version of record.versions) {
      out.push(m.t('debrief.versionWritten', { version: version.version, who: md(name(version.authorId)), when: at(version.createdAt) }));
      out.push(...version.text.split('\n').map((l) => `  > ${md(l)}`));
      if (version.approvedAt !== null) out.push(m.t('debrief.versionApproved', { who: md(name(version.approvedBy)), when: at(version.approvedAt), hash: `\`${version.approvedHash ?? ''}\`` }));
      if (version.changesAt !== null) out.push(m.t('debrief.versionChanges', { who: md(name(version.changesBy)), when: at(version.changesAt), reason: md(version.changesReason ?? '') }));
      for (const p of record.publications.filter((x) => x.versionId === version.id)) {
        out.push(m.t('debrief.versionPublished', { platform: md(PLATFORMS[p.platform as Platform]?.name ?? p.platform), who: md(name(p.publishedBy)), when: at(p.publishedAt), url: p.url }));
      }
    }
    out.push('');
  }

  /** What the bot held back in the scheduler, each post's fate, and the whole text of any not scheduled again. */
  const heldLines = (f: AccountFreeze, posts: readonly HeldPost[]): string[] => {
    if (f.holdFailure !== null) return [m.t('debrief.heldFailedToList', { reason: md(f.holdFailure) })];
    const t = tally(posts);
    const lines = [m.t('debrief.heldSummary', { count: t.total - t.gone - t.refused, restored: t.restored, failed: t.failed, gone: t.gone })];
    if (f.resumedAt !== null) lines.push(m.t('debrief.heldResumedBy', { who: md(name(f.resumedBy)), when: at(f.resumedAt) }));
    for (const p of posts) {
      const values = { when: at(p.scheduledAt), text: md(p.text.replace(/\s+/g, ' ').trim().slice(0, 100)) };
      if (p.state === 'restored') lines.push(m.t('debrief.heldRestored', { ...values, at: at(p.restoreAt!) }));
      else if (p.state === 'gone') lines.push(m.t('debrief.heldGone', values));
      else if (p.state === 'refused') lines.push(m.t('debrief.heldRefused', { ...values, reason: md(p.failure ?? '') }));
      else {
        // Not back in the scheduler: its whole text, so it can be posted by hand.
        lines.push(m.t(p.state === 'failed' ? 'debrief.heldFailed' : 'debrief.heldNotResumed', { when: at(p.scheduledAt), reason: p.failure ? m.t('held.refused', { detail: md(p.failure) }) : m.t('held.noAnswer') }));
        lines.push(...p.text.split('\n').map((l) => `    > ${md(l)}`));
        if (p.mediaUrls.length) lines.push(`    > ${p.mediaUrls.join(' ')}`);
      }
    }
    return lines;
  };

  if (snap.freezes.length) {
    out.push(m.t('debrief.freezeHeading'), '');
    for (const f of snap.freezes) {
      const account = md(accountLabel(f));
      const duration = frozenFor(f, now);
      out.push(
        f.frozenAt === null || duration === undefined
          ? m.t('debrief.freezeNever', { account })
          : f.frozenBy === null
            ? m.t('debrief.freezePausedByBot', { account, when: at(f.frozenAt), duration: m.duration(duration) })
            : m.t('debrief.freezePaused', { account, who: md(name(f.frozenBy)), when: at(f.frozenAt), duration: m.duration(duration) }),
      );
      if (f.holdStartedAt !== null) out.push(...heldLines(f, snap.held.filter((p) => p.freezeId === f.id)));
    }
    out.push('');
  }

  if (snap.responses.length) {
    const q = queueFigures(snap.responses);
    out.push(m.t('debrief.queueHeading'), '');
    out.push(m.t('debrief.queueFigures', { total: q.total, open: q.open, answered: q.answered, moved: q.moved, removed: q.removed }));
    if (q.medianAnswerMs !== undefined) out.push(m.t('debrief.queueMedian', { median: m.duration(q.medianAnswerMs) }));
    out.push('');
    for (const item of snap.responses) {
      const head = `- ${md(platformName(v, item))} ${item.url}${item.note ? ` (${md(item.note)})` : ''}, ${m.t('debrief.queueAdded', { who: md(name(item.addedBy)), when: at(item.addedAt) })}: `;
      const who = md(name(item.handledBy)), when = item.handledAt === null ? '' : at(item.handledAt);
      if (item.state === 'open') out.push(head + m.t('debrief.queueOpen'));
      else if (item.state === 'answered') out.push(head + m.t('debrief.queueAnswered', { who, when, url: item.replyUrl ?? '' }));
      else if (item.state === 'moved') out.push(head + m.t('debrief.queueMoved', { who, when }));
      else out.push(head + m.t('debrief.queueRemoved', { who, when }));
      if (item.escalatedBy && item.escalatedAt) out.push(`  - ${m.t('debrief.queueEscalated', { who: md(name(item.escalatedBy)), when: at(item.escalatedAt) })}`);
      // The evidence, whole: what was removed, why, and its fingerprint.
      for (const e of snap.evidence.filter((x) => x.responseId === item.id)) {
        out.push(`  - ${m.t('debrief.evidence', { reason: md(e.reason), author: md(e.author), when: at(e.postedAt), who: md(name(e.recordedBy)), recorded: at(e.recordedAt), hash: `\`${e.textHash}\`` })}`);
        out.push(...e.text.split('\n').map((l) => `    > ${md(l)}`));
        if (e.screenshotUrl) out.push(`    ${m.t('debrief.evidenceScreenshot', { url: e.screenshotUrl })}`);
      }
    }
    out.push('');
  }

  if (snap.qa.length) {
    out.push(m.t('debrief.qaHeading'), '');
    for (const e of snap.qa) out.push(`- **${md(e.question)}**`, ...e.answer.split('\n').map((l) => `  ${md(l)}`));
    out.push('');
  }

  out.push(m.t('debrief.checklistHeading'), '');
  for (const item of snap.items) {
    const text = md(item.text) + (item.role ? ` (${md(item.role)})` : '');
    out.push(item.doneAt === null ? `- [ ] ${text}` : `- [x] ${m.t('debrief.doneBy', { item: text, who: md(name(item.doneBy)), when: at(item.doneAt) })}`);
  }
  if (f.late.length) {
    out.push('', m.t('debrief.overdue'));
    for (const { item, lateMs } of f.late) {
      const values = { item: md(item.text), when: at(item.dueAt!) };
      out.push(`- ${lateMs === undefined ? m.t('debrief.overdueNotDone', values) : m.t('debrief.overdueLate', { ...values, late: m.duration(lateMs) })}`);
    }
  }
  out.push('', f.left.length ? m.t('debrief.leftOpen', { count: f.left.length, items: f.left.map((i) => md(i.text)).join('; ') }) : m.t('debrief.nothingLeftOpen'), '');

  out.push(m.t('debrief.updatesHeading'), '');
  if (snap.updates.length === 0) out.push(m.t('debrief.noUpdates'));
  for (const u of snap.updates) out.push(`- ${at(u.postedAt)}, ${md(name(u.authorId))}: ${md(u.text).replace(/\n/g, ' ')}`);
  out.push('');

  out.push(m.t('debrief.timelineHeading'), '');
  for (const entry of snap.timeline) out.push(`- ${m.stamp(entry.at, true)} ${renderTimelineEntry(v, entry, name, md)}`);
  out.push('');

  // What everyone paged said at close, lessons, and follow-up actions with their owners.
  const said = (kind: 'went_well' | 'improve' | 'lesson') =>
    snap.lessons.filter((l) => l.kind === kind).map((l) => `  - ${md(l.text).replace(/\n/g, ' ')} (${md(name(l.by))}, ${at(l.at)})`);
  out.push(m.t('debrief.reviewHeading'), '', m.t('debrief.wentWell'), ...said('went_well'), m.t('debrief.toImprove'), ...said('improve'));
  const lessons = said('lesson');
  if (lessons.length) out.push(m.t('debrief.lessons'), ...lessons);
  out.push(m.t('debrief.planChanges'), '');
  if (snap.actions.length) {
    out.push(m.t('debrief.actionsHeading'), '');
    for (const a of snap.actions) {
      const values = { text: md(a.text), owner: md(name(a.ownerId)), when: at(a.createdAt) };
      out.push(a.doneAt === null ? `- [ ] ${m.t('debrief.actionOpen', values)}` : `- [x] ${m.t('debrief.actionDone', { ...values, who: md(name(a.doneBy)), done: at(a.doneAt) })}`);
    }
    out.push('');
  }
  return out.join('\n');
}
