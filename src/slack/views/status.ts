import type { Plan } from '../../config/plan.js';
import { since, progress } from '../../domain/progress.js';
import type { CrisisSnapshot } from '../../store/crisis-repo.js';
import { formatDuration } from '../../config/duration.js';
import { firstResponse, overdueItems } from '../../domain/escalation.js';
import { SEVERITY_BADGE, esc, mention, slackTime } from './format.js';

export interface Backlog {
  pending: number;
  failed: number;
}

/** `/crisis status`, as mrkdwn for the caller alone. */
export interface Timers {
  /** When the next stage is paged unless someone acknowledges. */
  nextEscalationAt?: number | undefined;
}

export function renderStatus(plan: Plan, snap: CrisisSnapshot, backlog: Backlog, now: number, timers: Timers = {}): string {
  const { crisis } = snap;
  const p = progress(snap, now);
  const stage = plan.stages[crisis.stage - 1];
  const lines = [
    `*${esc(crisis.title)}* · ${crisis.state === 'open' ? 'open' : 'closed'} · ${SEVERITY_BADGE[crisis.severity]} · type ${esc(crisis.type)}`,
    `Open for ${formatDuration(p.openForMs)} (since ${slackTime(crisis.openedAt)}) · stage ${crisis.stage}${stage ? ` (${esc(stage.name)})` : ''}`,
    `Checklist: ${p.done}/${p.total} done`,
    `First acknowledgement: ${p.timeToFirstAckMs === undefined ? '*nobody has acknowledged yet*' : `after ${formatDuration(p.timeToFirstAckMs)}`}`,
    '*Paged*',
    ...snap.pages.map((page) => {
      const ack = page.ackedAt === null ? `not acknowledged (${since(page.pagedAt, now)} ago)` : `acknowledged ${slackTime(page.ackedAt)}`;
      return `• ${mention(page.userId)} stage ${page.stage}: paged ${slackTime(page.pagedAt)}, ${ack}`;
    }),
  ];
  if (timers.nextEscalationAt !== undefined && crisis.state === 'open') {
    const next = plan.stages[crisis.stage];
    lines.push(`⏳ Nobody in stage ${crisis.stage} has acknowledged: stage ${crisis.stage + 1}${next ? ` (${esc(next.name)})` : ''} is paged ${slackTime(timers.nextEscalationAt)} (in ${formatDuration(timers.nextEscalationAt - now)}).`);
  }
  const first = firstResponse(snap.items, crisis.openedAt, now);
  if (first) {
    lines.push(
      first.done
        ? `First public response (${esc(first.text)}): after ${formatDuration(first.elapsedMs)}`
        : `*First public response (${esc(first.text)}): not yet, ${formatDuration(first.elapsedMs)} since opening*`,
    );
  }
  const overdue = overdueItems(snap.items, now);
  if (overdue.length) lines.push(`⚠️ *Overdue*: ${overdue.map((i) => `${esc(i.text)} (due ${slackTime(i.dueAt!)})`).join('; ')}`);
  const open = snap.items.filter((i) => i.doneAt === null);
  if (open.length) lines.push(`*Still to do*: ${open.map((i) => esc(i.text)).join('; ')}`);
  const last = snap.updates.at(-1);
  lines.push(last ? `Last update ${slackTime(last.postedAt)} (${since(last.postedAt, now)} ago)` : 'No status update yet.');
  if (plan.statusUpdateEveryMs !== undefined && crisis.state === 'open') {
    const due = (last?.postedAt ?? crisis.openedAt) + plan.statusUpdateEveryMs;
    lines.push(due <= now ? '*A status update is overdue.*' : `Next status update due ${slackTime(due)}.`);
  }
  if (backlog.failed) lines.push(`⚠️ ${backlog.failed} Slack message(s) could not be delivered; see the logs.`);
  else if (backlog.pending) lines.push(`⏳ ${backlog.pending} Slack message(s) still being delivered.`);
  return lines.join('\n');
}
