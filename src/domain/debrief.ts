import { formatDuration } from '../config/duration.js';
import type { Plan } from '../config/plan.js';
import type { CrisisSnapshot } from '../store/crisis-repo.js';
import { firstResponse } from './escalation.js';
import { progress } from './progress.js';
import { utc, utcSeconds } from './time.js';

/**
 * The debrief as Markdown, compiled from the database alone so it can be rebuilt after a
 * restart. People appear by their roster names: a file shows no Slack mentions.
 */
export function compileDebrief(snap: CrisisSnapshot, plan: Plan, now: number): string {
  const { crisis } = snap;
  const closedAt = crisis.closedAt ?? now;
  const name = (id: string | null) =>
    id ? (plan.roster.find((m) => m.slackId === id)?.name ?? snap.people.get(id) ?? id) : 'the bot';
  const stageName = (n: number) => plan.stages[n - 1]?.name ?? `stage ${n}`;
  const p = progress(snap, now);
  const md = (s: string) => s.replace(/([\\`*_[\]|<>])/g, '\\$1');
  const out: string[] = [];

  out.push(`# Debrief: ${md(crisis.title)}`, '');
  out.push(`| | |`, `|---|---|`);
  out.push(`| Severity | ${crisis.severity} |`, `| Type | ${md(crisis.type)} |`);
  out.push(`| Opened | ${utc(crisis.openedAt)} by ${md(name(crisis.openerId))} |`);
  out.push(`| Closed | ${utc(closedAt)} by ${md(name(crisis.closedBy))} |`);
  out.push(`| Duration | ${formatDuration(closedAt - crisis.openedAt)} |`);
  out.push(`| Channel | ${crisis.channelName ? `#${crisis.channelName}` : 'not created'} |`);
  out.push(`| Highest stage paged | ${crisis.stage} (${md(stageName(crisis.stage))}) |`);
  out.push(
    `| Time to first acknowledgement | ${p.timeToFirstAckMs === undefined ? 'nobody acknowledged' : formatDuration(p.timeToFirstAckMs)} |`,
  );
  const first = firstResponse(snap.items, crisis.openedAt, closedAt);
  if (first) {
    out.push(`| Time to first public response | ${first.done ? formatDuration(first.elapsedMs) : `none before closing (${md(first.text)})`} |`);
  }
  out.push(`| Checklist | ${p.done}/${p.total} done |`, '');
  if (crisis.summary) out.push('## Summary at opening', '', md(crisis.summary), '');
  if (crisis.closeSummary) out.push('## Summary at close', '', md(crisis.closeSummary), '');

  out.push('## Who was paged', '');
  if (snap.pages.length === 0) out.push('Nobody was paged.');
  else {
    out.push('| Person | Stage | Paged | Acknowledged |', '|---|---|---|---|');
    for (const page of snap.pages) {
      const ack = page.ackedAt === null ? 'did not acknowledge' : `${utc(page.ackedAt)} (after ${formatDuration(page.ackedAt - page.pagedAt)})`;
      out.push(`| ${md(page.memberName)} | ${page.stage} (${md(stageName(page.stage))}) | ${utc(page.pagedAt)} | ${ack} |`);
    }
  }
  out.push('');

  out.push('## Checklist', '');
  for (const item of snap.items) {
    const owner = item.role ? ` (${md(item.role)})` : '';
    out.push(
      item.doneAt === null
        ? `- [ ] ${md(item.text)}${owner}`
        : `- [x] ${md(item.text)}${owner}: done by ${md(name(item.doneBy))} at ${utc(item.doneAt)}`,
    );
  }
  const left = snap.items.filter((i) => i.doneAt === null);
  const late = snap.items.filter((i) => i.dueAt !== null && (i.doneAt ?? closedAt) > i.dueAt);
  if (late.length) {
    out.push('', 'Overdue:');
    for (const i of late) {
      const when = i.doneAt === null ? 'not done' : `done ${formatDuration(i.doneAt - i.dueAt!)} late`;
      out.push(`- ${md(i.text)}: due ${utc(i.dueAt!)}, ${when}`);
    }
  }
  out.push('', left.length ? `Left open: ${left.length} item${left.length === 1 ? '' : 's'}: ${left.map((i) => md(i.text)).join('; ')}.` : 'Nothing was left open.', '');

  out.push('## Status updates', '');
  if (snap.updates.length === 0) out.push('No status update was posted.');
  for (const u of snap.updates) out.push(`- ${utc(u.postedAt)}, ${md(name(u.authorId))}: ${md(u.text).replace(/\n/g, ' ')}`);
  out.push('');

  out.push('## Timeline', '');
  for (const e of snap.events) out.push(`- ${utcSeconds(e.at)} ${md(e.detail)}`);
  out.push('');

  out.push('## For the next review', '', '- What went well:', '- What to improve:', '- Changes to the crisis plan:', '');
  return out.join('\n');
}
