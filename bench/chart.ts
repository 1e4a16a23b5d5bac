/**
 * Rendering the chart: RUNS charts of a crisis with three listening sources (a reading every
 * 15 minutes from six hours before it opened to its close three hours later), each in its own
 * short-lived process as the bot does it. Prints the first render (cold), the median and the
 * worst, and this process's RSS before and after (the libraries must not stay resident).
 * Run: npx tsx bench/chart.ts [runs=20]
 */
import { chartData, type ChartReading } from '../src/domain/chart.js';
import { renderChart } from '../src/chart/render.js';
import { chartSpec } from '../src/slack/views/chart-spec.js';
import { crisisRow, entry, examplePlanNow, pageRow, snapshot, updateRow, viewContext } from '../test/unit/support.js';
import { percentile, sleep } from './support.js';

const RUNS = Number(process.argv[2] ?? 20);
const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 1, 14);
const crisis = crisisRow({ title: 'Boycott call trending on Instagram', openedAt: T0, state: 'closed', closedAt: T0 + 180 * MIN });
const snap = snapshot({
  crisis,
  pages: [pageRow({ ackedAt: T0 + 4 * MIN })],
  updates: [updateRow({ postedAt: T0 + 30 * MIN }), updateRow({ id: 2, postedAt: T0 + 90 * MIN })],
  timeline: [entry({ kind: 'escalated', to: 2, paged: [], cause: { kind: 'manual' } }, { at: T0 + 50 * MIN })],
});
const readings: ChartReading[] = [];
for (const [source, size] of [
  ['brandwatch', 60],
  ['talkwalker', 25],
  ['meltwater', 12],
] as const) {
  for (let at = T0 - 8 * 60 * MIN; at <= T0 + 180 * MIN; at += 15 * MIN) {
    const wave = Math.max(0, 1 - Math.abs((at - T0) / (60 * MIN) - 1) / 2);
    const mentions = Math.round(size * (1 + 6 * wave));
    readings.push({ source, at, mentions, negative: Math.round(mentions * (0.2 + 0.4 * wave)) });
  }
}
const spec = chartSpec(viewContext(examplePlanNow()), crisis, chartData(snap, readings, T0 + 180 * MIN));
const rss = () => process.memoryUsage().rss / 2 ** 20;

const before = rss();
const times: number[] = [];
let bytes = 0;
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  bytes = (await renderChart(spec)).length;
  times.push(performance.now() - t);
}
await sleep(2000);
global.gc?.();
const after = rss();
console.log(`chart: ${RUNS} renders, ${readings.length} readings from 3 sources, ${(bytes / 1024).toFixed(0)} KiB PNG each`);
console.log(
  `  first (cold) ${times[0]!.toFixed(0)} ms · median ${percentile(times, 50).toFixed(0)} ms · worst ${Math.max(...times).toFixed(0)} ms`,
);
console.log(`  RSS of this rendering process: ${before.toFixed(0)} MiB before, ${after.toFixed(0)} MiB 2 s after the last render`);
