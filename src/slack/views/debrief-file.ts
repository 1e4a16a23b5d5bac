import type { CrisisSnapshot } from '../../domain/crisis.js';
import type { LessonKind } from '../../domain/learning.js';
import type { ViewContext } from './context.js';
import { freezeSection, qaSection, queueSection, statementsSection } from './debrief-file-comms.js';
import { glanceSection } from './debrief-file-glance.js';
import type { ChartReading } from '../../domain/chart.js';
import { escapeMarkdown, fileContext, type DebriefFileContext } from './debrief-file-context.js';

const md = escapeMarkdown;
import { renderTimelineEntry } from './timeline.js';
import { typeName } from './mrkdwn.js';

/**
 * The debrief as Markdown, in the plan's language, with times where the team works (the zone is
 * named in the table). Compiled from the database alone, so it can be rebuilt after a restart.
 * People appear by their roster names: a file shows no Slack mentions.
 */
export function renderDebriefFile(v: ViewContext, snap: CrisisSnapshot, now: number, readings: readonly ChartReading[] = []): string {
  const c = fileContext(v, snap, now, readings);
  return [
    c.m.t('debrief.title', { title: md(snap.crisis.title) }),
    '',
    ...glanceSection(c),
    ...headerSection(c),
    ...pagedSection(c),
    ...statementsSection(c),
    ...freezeSection(c),
    ...queueSection(c),
    ...qaSection(c),
    ...checklistSection(c),
    ...updatesSection(c),
    ...reviewSection(c),
    ...actionsSection(c),
    // What a review may need to check, after everything people read.
    c.m.t('debrief.appendixHeading'),
    '',
    ...timelineSection(c),
    ...fingerprintsSection(c),
  ].join('\n');
}

/** The table of facts (times, duration, stage, first acknowledgement and response, checklist), the summaries. */
function headerSection({ v, m, snap: { crisis }, facts: f, name, stage, at }: DebriefFileContext): string[] {
  const row = (label: string, value: string) => `| ${md(label)} | ${value} |`;
  const out: string[] = [];
  out.push('| | |', '|---|---|');
  out.push(
    row(m.t('debrief.severity'), `${m.t(`severity.${crisis.severity}`)} (${crisis.severity})`),
    row(m.t('debrief.type'), md(typeName(v, crisis.type))),
  );
  out.push(row(m.t('debrief.opened'), m.t('debrief.by', { when: at(crisis.openedAt), who: md(name(crisis.openerId)) })));
  out.push(row(m.t('debrief.closed'), m.t('debrief.by', { when: at(f.closedAt), who: md(name(crisis.closedBy)) })));
  out.push(row(m.t('debrief.timeZone'), md(`${m.timeZone} (${m.offset(crisis.openedAt)})`)));
  out.push(row(m.t('debrief.duration'), m.duration(f.durationMs)));
  out.push(row(m.t('debrief.channel'), crisis.channelName ? `#${md(crisis.channelName)}` : m.t('debrief.noChannel')));
  out.push(row(m.t('debrief.highestStage'), stage(crisis.stage)));
  const firstAck = f.progress.timeToFirstAckMs;
  out.push(row(m.t('debrief.timeToFirstAck'), firstAck === undefined ? m.t('debrief.nobodyAcknowledged') : m.duration(firstAck)));
  if (f.firstResponse) {
    const value = f.firstResponse.done
      ? m.duration(f.firstResponse.elapsedMs)
      : m.t('debrief.noFirstResponse', { item: md(f.firstResponse.text) });
    out.push(row(m.t('debrief.timeToFirstResponse'), value));
  }
  out.push(row(m.t('debrief.checklist'), m.t('debrief.checklistDone', { done: f.progress.done, total: f.progress.total })), '');
  if (crisis.summary) out.push(m.t('debrief.summaryAtOpening'), '', md(crisis.summary), '');
  if (crisis.closeSummary) out.push(m.t('debrief.summaryAtClose'), '', md(crisis.closeSummary), '');
  return out;
}

/** Everyone paged: their stage, when they were paged, and when (or whether) they acknowledged. */
function pagedSection({ m, snap, stage, at }: DebriefFileContext): string[] {
  const out = [m.t('debrief.whoWasPaged'), ''];
  if (snap.pages.length === 0) out.push(m.t('debrief.nobodyPaged'));
  else {
    const head = [m.t('debrief.person'), m.t('debrief.stage'), m.t('debrief.paged'), m.t('debrief.acknowledged')].map(md);
    out.push(`| ${head.join(' | ')} |`, '|---|---|---|---|');
    for (const page of snap.pages) {
      const ack =
        page.ackedAt === null
          ? m.t('debrief.didNotAcknowledge')
          : m.t('debrief.acknowledgedAfter', { when: at(page.ackedAt), duration: m.duration(page.ackedAt - page.pagedAt) });
      out.push(`| ${md(page.memberName)} | ${stage(page.stage)} | ${at(page.pagedAt)} | ${ack} |`);
    }
  }
  out.push('');
  return out;
}

/** Every item, who did it and when; the items done late or not by their due time; what was left open. */
function checklistSection({ m, snap, facts: f, name, at }: DebriefFileContext): string[] {
  const out = [m.t('debrief.checklistHeading'), ''];
  for (const item of snap.items) {
    const text = md(item.text) + (item.role ? ` (${md(item.role)})` : '');
    out.push(
      item.doneAt === null
        ? `- [ ] ${text}`
        : `- [x] ${m.t('debrief.doneBy', { item: text, who: md(name(item.doneBy)), when: at(item.doneAt) })}`,
    );
  }
  if (f.late.length) {
    out.push('', m.t('debrief.overdue'));
    for (const { item, lateMs } of f.late) {
      const values = { item: md(item.text), when: at(item.dueAt!) };
      out.push(
        `- ${lateMs === undefined ? m.t('debrief.overdueNotDone', values) : m.t('debrief.overdueLate', { ...values, late: m.duration(lateMs) })}`,
      );
    }
  }
  out.push(
    '',
    f.left.length
      ? m.t('debrief.leftOpen', { count: f.left.length, items: f.left.map((i) => md(i.text)).join('; ') })
      : m.t('debrief.nothingLeftOpen'),
    '',
  );
  return out;
}

function updatesSection({ m, snap, name, at }: DebriefFileContext): string[] {
  const out = [m.t('debrief.updatesHeading'), ''];
  if (snap.updates.length === 0) out.push(m.t('debrief.noUpdates'));
  for (const u of snap.updates) out.push(`- ${at(u.postedAt)}, ${md(name(u.authorId))}: ${md(u.text).replace(/\n/g, ' ')}`);
  out.push('');
  return out;
}

/** The fingerprint of every approved text and every piece of evidence, to show later that nothing was changed. */
function fingerprintsSection({ m, snap, md }: DebriefFileContext): string[] {
  const statements = snap.statements.flatMap((record, i) =>
    record.versions.flatMap((version) =>
      version.approvedHash === null
        ? []
        : [m.t('debrief.fingerprintStatement', { n: i + 1, version: version.version, hash: `\`${version.approvedHash}\`` })],
    ),
  );
  const urls = new Map(snap.responses.map((r) => [r.id, r.url]));
  const evidence = snap.evidence.map((e) =>
    m.t('debrief.fingerprintEvidence', { url: md(urls.get(e.responseId) ?? ''), hash: `\`${e.textHash}\`` }),
  );
  if (!statements.length && !evidence.length) return [];
  return [m.t('debrief.fingerprintsHeading'), '', ...[...statements, ...evidence].map((line) => `- ${line}`), ''];
}

function timelineSection({ v, m, snap, name }: DebriefFileContext): string[] {
  return [
    m.t('debrief.timelineHeading'),
    '',
    ...snap.timeline.map((entry) => `- ${m.stamp(entry.at, true)} ${renderTimelineEntry(v, entry, name, md)}`),
    '',
  ];
}

/** What everyone who took part said at close (went well, to improve), the lessons, and the changes to the crisis plan. */
function reviewSection({ m, snap, name, at }: DebriefFileContext): string[] {
  const said = (kind: LessonKind) =>
    snap.lessons.filter((l) => l.kind === kind).map((l) => `  - ${md(l.text).replace(/\n/g, ' ')} (${md(name(l.by))}, ${at(l.at)})`);
  const out = [
    m.t('debrief.reviewHeading'),
    '',
    m.t('debrief.wentWell'),
    ...said('went_well'),
    m.t('debrief.toImprove'),
    ...said('improve'),
  ];
  const lessons = said('lesson');
  if (lessons.length) out.push(m.t('debrief.lessons'), ...lessons);
  out.push(m.t('debrief.planChanges'), ...said('plan_change'), '');
  return out;
}

/** Follow-up actions with their owners, done or open. */
function actionsSection({ m, snap, name, at }: DebriefFileContext): string[] {
  if (!snap.actions.length) return [];
  const out = [m.t('debrief.actionsHeading'), ''];
  for (const a of snap.actions) {
    const values = { text: md(a.text), owner: md(name(a.ownerId)), when: at(a.createdAt) };
    out.push(
      a.doneAt === null
        ? `- [ ] ${a.dueOn ? m.t('debrief.actionOpenDue', { ...values, date: a.dueOn }) : m.t('debrief.actionOpen', values)}`
        : `- [x] ${m.t('debrief.actionDone', { ...values, who: md(name(a.doneBy)), done: at(a.doneAt) })}`,
    );
  }
  out.push('');
  return out;
}
