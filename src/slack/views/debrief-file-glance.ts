import { crisisFileStem } from '../../domain/crisis.js';
import { queueFigures } from '../../domain/responses.js';
import type { DebriefFileContext } from './debrief-file-context.js';

/**
 * The debrief's first screen, for whoever reads no further (the CEO, the board): what happened,
 * how big it got, how fast the team was, what is still open and who does what by when, and the
 * chart. Everything here is said again in detail below; nothing here is said only here.
 */
export function glanceSection(c: DebriefFileContext): string[] {
  const { v, m, snap, facts: f, reach, name, at, md } = c;
  const { crisis } = snap;
  const out = [m.t('debrief.glanceHeading'), ''];
  out.push(
    m.t('debrief.glanceWhat', {
      title: md(crisis.title),
      severity: `${m.t(`severity.${crisis.severity}`)} (${crisis.severity})`,
      opened: at(crisis.openedAt),
      closed: at(f.closedAt),
      duration: m.duration(f.durationMs),
    }),
  );
  if (crisis.closeSummary) out.push('', `> ${md(crisis.closeSummary).replace(/\n/g, '\n> ')}`);
  out.push('');

  if (!reach) out.push(m.t('debrief.glanceNoReadings'));
  else {
    const peak = m.t('debrief.glancePeak', { mentions: reach.peak.mentions, source: md(reach.peak.source), when: at(reach.peak.at) });
    const negative =
      reach.negativeShare === null
        ? undefined
        : reach.peak.negativeShare === null
          ? m.t('debrief.glanceNegativeOverall', { overall: reach.negativeShare })
          : m.t('debrief.glanceNegative', { peak: reach.peak.negativeShare, overall: reach.negativeShare });
    out.push(negative ? `${peak} ${negative}` : peak);
  }
  out.push('');

  const firstAck = f.progress.timeToFirstAckMs;
  const times = [firstAck === undefined ? m.t('debrief.glanceNoAck') : m.t('debrief.glanceAck', { duration: m.duration(firstAck) })];
  if (f.freeze)
    times.push(
      'afterMs' in f.freeze ? m.t('debrief.glanceFreeze', { duration: m.duration(f.freeze.afterMs) }) : m.t('debrief.glanceFreezePartial'),
    );
  if (f.firstResponse)
    times.push(
      f.firstResponse.done
        ? m.t('debrief.glanceResponse', { duration: m.duration(f.firstResponse.elapsedMs) })
        : m.t('debrief.glanceNoResponse'),
    );
  out.push(m.t('debrief.glanceTimes', { parts: times.join('; ') }), '');

  const open: string[] = [];
  if (f.left.length) open.push(m.t('debrief.glanceOpenItems', { count: f.left.length, items: f.left.map((i) => md(i.text)).join('; ') }));
  const unanswered = queueFigures(snap.responses).open;
  if (unanswered) open.push(m.t('debrief.glanceOpenPosts', { count: unanswered }));
  const actionsOpen = snap.actions.filter((a) => a.doneAt === null).length;
  if (actionsOpen) open.push(m.t('debrief.glanceOpenActions', { count: actionsOpen }));
  out.push(open.length ? m.t('debrief.glanceOpen', { parts: open.join('; ') }) : m.t('debrief.glanceNothingOpen'), '');

  if (snap.actions.length === 0) out.push(m.t('debrief.glanceNoActions'));
  else {
    out.push(m.t('debrief.glanceActions'));
    for (const a of snap.actions) {
      const values = { text: md(a.text), owner: md(name(a.ownerId)) };
      out.push(
        `- ${
          a.doneAt !== null
            ? m.t('debrief.glanceActionDone', { ...values, when: at(a.doneAt) })
            : a.dueOn
              ? m.t('debrief.glanceAction', { ...values, date: a.dueOn })
              : m.t('debrief.glanceActionUndated', values)
        }`,
      );
    }
  }
  // The chart is uploaded beside this file under this name (jobs/chart): a viewer shows it here.
  out.push('', `![${md(m.t('debrief.chartAlt'))}](chart-${crisisFileStem(v.plan.channelPrefix, crisis)}.png)`, '');
  return out;
}
