import { CHART_FONT, type ChartSpec } from '../../chart/spec.js';
import type { ChartData, Milestone } from '../../domain/chart.js';
import type { Crisis } from '../../domain/crisis.js';
import { wallClock } from '../../domain/time.js';
import type { ViewContext } from './context.js';

const WIDTH = 900;
const HEIGHT = 360;
const MILESTONE_COLOUR = '#b03a2e';
/** Height of a row of milestone numbers above the plot. */
const MARK_ROW = 13;

export function milestoneLabel(v: ViewContext, m: Milestone): string {
  switch (m.kind) {
    case 'opened':
      return v.m.t('chart.opened');
    case 'first_ack':
      return v.m.t('chart.firstAck');
    case 'first_statement':
      return v.m.t('chart.firstStatement');
    case 'update':
      return v.m.t('chart.update');
    case 'escalated':
      return v.m.t('chart.escalated', { stage: m.stage ?? 0 });
    case 'closed':
      return v.m.t('chart.closed');
  }
}

/** Characters of the milestones' key per subtitle line, so it stays within the chart's width. */
const KEY_LINE = 150;

/**
 * The chart as a Vega-Lite specification: mentions per source as lines, the negative share
 * dotted on a second axis, each source's baseline dashed, the milestones as rules numbered above
 * the plot (never across the data or an axis) and named, with their times, in the subtitle.
 * Times are the team's wall-clock times on a UTC scale, so the picture reads in the plan's time
 * zone wherever it is rendered; a tick at midnight carries the date; every word comes from the
 * catalogue.
 */
export function chartSpec(v: ViewContext, crisis: Crisis, data: ChartData): ChartSpec {
  const { m, plan } = v;
  const wall = (ms: number) => wallClock(ms, plan.timeZone);
  const domain = [wall(data.from), wall(data.to)];
  const long = data.to - data.from > 24 * 3600_000;
  const x = {
    field: 't',
    type: 'temporal',
    scale: { type: 'utc', domain },
    axis: {
      title: m.t('chart.time', { zone: `${m.zoneName(data.from)}, ${m.offset(data.from)}` }),
      labelOverlap: true,
      // The date where a day begins (or on every tick of a chart longer than a day).
      labelExpr: long
        ? "utcFormat(datum.value, '%d.%m %H:%M')"
        : "utchours(datum.value) === 0 && utcminutes(datum.value) === 0 ? utcFormat(datum.value, '%d.%m') : utcFormat(datum.value, '%H:%M')",
    },
  };
  const sources = [...new Set(data.points.map((p) => p.source))].sort();
  const color = { field: 'source', type: 'nominal', scale: { domain: sources }, legend: { title: m.t('chart.legend') } };
  // Numbers above the plot, on three rows in turn, so milestones close together stay apart.
  const milestones = data.milestones.map((ms, i) => ({
    t: wall(ms.at),
    n: String(i + 1),
    label: milestoneLabel(v, ms),
    y: -6 - (i % 3) * MARK_ROW,
  }));

  const rules = [
    { data: { values: milestones }, mark: { type: 'rule', color: MILESTONE_COLOUR, strokeWidth: 1.5 }, encoding: { x } },
    {
      data: { values: milestones },
      mark: { type: 'text', baseline: 'bottom', fontSize: 11, fontWeight: 'bold', color: MILESTONE_COLOUR },
      encoding: { x, y: { field: 'y', type: 'quantitative', scale: null }, text: { field: 'n' } },
    },
  ];
  const key = milestoneKey(milestones.map((ms, i) => `${ms.n} ${ms.label} ${m.clock(data.milestones[i]!.at)}`));
  const title = {
    text: m.t('chart.title', { title: crisis.title }),
    subtitle: [data.points.length ? m.t('chart.key') : m.t('chart.noData'), ...key],
    anchor: 'start',
    // Room for the milestones' numbers between the subtitle and the plot.
    offset: 3 * MARK_ROW + 8,
  };
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    padding: 12,
    title,
    config: { font: CHART_FONT },
  };
  if (!data.points.length) return { ...base, layer: rules };

  const points = data.points.map((p) => ({ t: wall(p.at), source: p.source, mentions: p.mentions, negative: p.negativeShare }));
  const mentions = {
    layer: [
      {
        data: { values: data.baselines },
        mark: { type: 'rule', strokeDash: [6, 4], opacity: 0.7 },
        encoding: { y: { field: 'mentions', type: 'quantitative' }, color },
      },
      {
        data: { values: points },
        mark: { type: 'line', point: true, strokeWidth: 2 },
        encoding: { x, y: { field: 'mentions', type: 'quantitative', axis: { title: m.t('chart.mentions') } }, color },
      },
    ],
  };
  const negative = {
    data: { values: points.filter((p) => p.negative !== null) },
    mark: { type: 'line', strokeDash: [2, 3], strokeWidth: 1.5 },
    encoding: {
      x,
      y: {
        field: 'negative',
        type: 'quantitative',
        scale: { domain: [0, 1] },
        axis: { title: m.t('chart.negativeShare'), format: '.0%', orient: 'right' },
      },
      color,
    },
  };
  return { ...base, layer: [mentions, negative, ...rules], resolve: { scale: { y: 'independent' } } };
}

/** "1 Opened 10:00 · 2 First acknowledgement 10:04 · …", in lines no wider than the chart. */
function milestoneKey(entries: readonly string[]): string[] {
  const lines: string[] = [];
  for (const entry of entries) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + entry.length + 3 <= KEY_LINE) lines[lines.length - 1] = `${last} · ${entry}`;
    else lines.push(entry);
  }
  return lines;
}
