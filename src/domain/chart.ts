import type { CrisisSnapshot } from './crisis.js';
import { publishedOf } from './statements.js';
import { BASELINE_WINDOW, MIN_READINGS, median } from './signals.js';

/**
 * The crisis at a glance, as data: mentions per interval for each listening source from the
 * first reading or an hour before it began, whichever is later, to its close (or now), the negative share, each source's baseline, and
 * the team's milestones. Pure: the chart's specification is built from this (views/chart-spec),
 * and rendered elsewhere.
 */

/** The hour before a crisis began belongs to it: the rise that set it off (a listening alert's reading) is there. */
export const LEAD_IN_MS = 3600_000;

export interface ChartReading {
  readonly source: string;
  readonly at: number;
  readonly mentions: number;
  readonly negative: number | null;
}

export type MilestoneKind = 'opened' | 'first_ack' | 'first_statement' | 'update' | 'escalated' | 'closed';

export interface Milestone {
  readonly at: number;
  readonly kind: MilestoneKind;
  /** The stage an escalation reached. */
  readonly stage?: number;
}

export interface ChartData {
  readonly from: number;
  readonly to: number;
  readonly points: readonly {
    readonly source: string;
    readonly at: number;
    readonly mentions: number;
    readonly negativeShare: number | null;
  }[];
  /** Each source's baseline before the crisis: the median of its latest readings, when it has enough. */
  readonly baselines: readonly { readonly source: string; readonly mentions: number }[];
  readonly milestones: readonly Milestone[];
}

/** When the crisis began: its opening, or the alert behind it if that came first. */
export function chartStart(snap: CrisisSnapshot): number {
  const alerts = snap.timeline.filter((e) => e.event.kind === 'alert').map((e) => e.at);
  return Math.min(snap.crisis.openedAt, ...alerts);
}

/** `readings`: every reading in [from, to], and those before `from` the baselines are made of. */
export function chartData(snap: CrisisSnapshot, readings: readonly ChartReading[], now: number): ChartData {
  const { crisis } = snap;
  const start = chartStart(snap);
  const to = crisis.closedAt ?? now;
  const sorted = [...readings].sort((a, b) => a.at - b.at);
  // No empty hours before the first reading; never after the start, whose milestone must show.
  const from = Math.min(start, Math.max(start - LEAD_IN_MS, sorted[0]?.at ?? start - LEAD_IN_MS));
  const points = sorted
    .filter((r) => r.at >= from && r.at <= to)
    .map((r) => ({
      source: r.source,
      at: r.at,
      mentions: r.mentions,
      negativeShare: r.negative === null || r.mentions === 0 ? null : Math.min(1, r.negative / r.mentions),
    }));
  const sources = [...new Set(points.map((p) => p.source))].sort();
  const baselines = sources.flatMap((source) => {
    const before = sorted.filter((r) => r.source === source && r.at < crisis.openedAt).slice(-BASELINE_WINDOW);
    return before.length >= MIN_READINGS ? [{ source, mentions: median(before.map((r) => r.mentions)) }] : [];
  });
  return { from, to, points, baselines, milestones: milestonesOf(snap, to) };
}

function milestonesOf(snap: CrisisSnapshot, to: number): Milestone[] {
  const { crisis } = snap;
  const out: Milestone[] = [{ at: crisis.openedAt, kind: 'opened' }];
  const acks = snap.pages.flatMap((p) => (p.ackedAt === null ? [] : [p.ackedAt]));
  if (acks.length) out.push({ at: Math.min(...acks), kind: 'first_ack' });
  const [published] = publishedOf(snap);
  if (published) out.push({ at: published.publishedAt, kind: 'first_statement' });
  for (const u of snap.updates) out.push({ at: u.postedAt, kind: 'update' });
  for (const e of snap.timeline) if (e.event.kind === 'escalated') out.push({ at: e.at, kind: 'escalated', stage: e.event.to });
  if (crisis.closedAt !== null) out.push({ at: crisis.closedAt, kind: 'closed' });
  return out.filter((m) => m.at <= to).sort((a, b) => a.at - b.at);
}

/** How big it got: the highest reading, and the share of mentions that were negative. */
export interface Reach {
  readonly peak: { readonly source: string; readonly at: number; readonly mentions: number; readonly negativeShare: number | null };
  /** Over every reading from the crisis's start to its close that counted negative mentions. */
  readonly negativeShare: number | null;
}

/** From the readings from an hour before the crisis's start (chartStart) to its close (or `now`); none without a reading. */
export function reachOf(snap: CrisisSnapshot, readings: readonly ChartReading[], now: number): Reach | undefined {
  const from = chartStart(snap) - LEAD_IN_MS;
  const to = snap.crisis.closedAt ?? now;
  const during = readings.filter((r) => r.at >= from && r.at <= to);
  if (during.length === 0) return undefined;
  const top = during.reduce((a, b) => (b.mentions > a.mentions ? b : a));
  const share = (negative: number, mentions: number) => (mentions === 0 ? null : Math.min(1, negative / mentions));
  const counted = during.filter((r) => r.negative !== null);
  return {
    peak: {
      source: top.source,
      at: top.at,
      mentions: top.mentions,
      negativeShare: top.negative === null ? null : share(top.negative, top.mentions),
    },
    negativeShare: counted.length
      ? share(
          counted.reduce((n, r) => n + r.negative!, 0),
          counted.reduce((n, r) => n + r.mentions, 0),
        )
      : null,
  };
}
