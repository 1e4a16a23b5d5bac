import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ChartSpec } from '../slack/views/chart-spec.js';

/** A render that takes longer than this is given up (and its job retried). */
const RENDER_TIMEOUT_MS = 30_000;

const require = createRequire(import.meta.url);
/** The one font the chart is drawn in (shipped below); chart-spec names it. */
export const CHART_FONT = 'DejaVu Sans';
/**
 * Resolved here, by absolute path: the worker runs from wherever the bot was started, and
 * `npm start` may run it from any folder. The font ships with the app (an npm package), since a
 * slim container has none and a test must not depend on what the machine has installed.
 */
const PATHS = {
  vega: require.resolve('vega'),
  vegaLite: require.resolve('vega-lite'),
  resvg: require.resolve('@resvg/resvg-js'),
  fonts: ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`)),
  family: CHART_FONT,
};

/**
 * The worker: Vega-Lite compiles the specification, Vega renders it to SVG without a browser,
 * resvg rasterises the SVG to PNG. Plain CommonJS (all three ship it), so the same code runs
 * from the TypeScript source and from the build without a loader in the worker.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { paths, spec } = workerData;
const vega = require(paths.vega);
const { compile } = require(paths.vegaLite);
const { Resvg } = require(paths.resvg);
(async () => {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const font = { loadSystemFonts: false, fontFiles: paths.fonts, defaultFontFamily: paths.family, sansSerifFamily: paths.family };
  return new Uint8Array(new Resvg(svg, { font, fitTo: { mode: 'zoom', value: 2 } }).render().asPng());
})().then(
  (png) => parentPort.postMessage({ png }, [png.buffer]),
  (error) => parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
`;

let queue: Promise<unknown> = Promise.resolve();

/**
 * A PNG of the chart, rendered in a worker thread that exits afterwards: the chart libraries
 * cost memory only while a chart is drawn, never in the bot's own heap. One render at a time,
 * so a burst of closes does not load them several times over.
 */
export function renderChart(spec: ChartSpec): Promise<Buffer> {
  const run = queue.then(() => renderOnce(spec));
  queue = run.catch(() => undefined);
  return run;
}

function renderOnce(spec: ChartSpec): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { paths: PATHS, spec }, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`chart render took over ${RENDER_TIMEOUT_MS} ms`));
    }, RENDER_TIMEOUT_MS);
    worker.once('message', (m: { png?: Uint8Array; error?: string }) => {
      clearTimeout(timer);
      if (m.png) resolve(Buffer.from(m.png));
      else reject(new Error(`chart render failed: ${m.error}`));
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`chart renderer exited with ${code}`));
    });
  });
}
