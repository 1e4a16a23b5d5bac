import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import type { ChartSpec } from '../slack/views/chart-spec.js';

/** A render that takes longer than this is given up (and its job retried). */
const RENDER_TIMEOUT_MS = 30_000;

const require = createRequire(import.meta.url);
/** The one font the chart is drawn in (shipped below); chart-spec names it. */
export const CHART_FONT = 'DejaVu Sans';
/**
 * Resolved here, by absolute path: the renderer runs from wherever the bot was started, and
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
 * The renderer: Vega-Lite compiles the specification, Vega renders it to SVG without a browser,
 * resvg rasterises the SVG to PNG. It runs as its own short-lived node process: a worker thread
 * gave the heap back when it ended but left the process's RSS 40 MiB higher (native and malloc
 * memory that stays with the process), which the memory benchmark caught. Plain CommonJS (all
 * three ship it), so the same code runs from the TypeScript source and from the build. The
 * specification arrives on stdin, the PNG leaves on stdout.
 */
const RENDERER = `
const paths = JSON.parse(process.argv[1]);
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  try {
    const spec = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const vega = require(paths.vega);
    const { compile } = require(paths.vegaLite);
    const { Resvg } = require(paths.resvg);
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
    const svg = await view.toSVG();
    const font = { loadSystemFonts: false, fontFiles: paths.fonts, defaultFontFamily: paths.family, sansSerifFamily: paths.family };
    process.stdout.write(new Resvg(svg, { font, fitTo: { mode: 'zoom', value: 2 } }).render().asPng());
  } catch (error) {
    process.stderr.write(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
});
`;

let queue: Promise<unknown> = Promise.resolve();

/**
 * A PNG of the chart, drawn by a process that exits afterwards: the chart libraries cost memory
 * only while a chart is drawn, never in the bot's. One render at a time, so a burst of closes
 * does not start several.
 */
export function renderChart(spec: ChartSpec): Promise<Buffer> {
  const run = queue.then(() => renderOnce(spec));
  queue = run.catch(() => undefined);
  return run;
}

function renderOnce(spec: ChartSpec): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', '-e', RENDERER, JSON.stringify(PATHS)], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`chart render took over ${RENDER_TIMEOUT_MS} ms`));
    }, RENDER_TIMEOUT_MS);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += String(c)));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`chart render failed (exit ${code}): ${err.slice(0, 500)}`));
    });
    child.stdin.end(JSON.stringify(spec));
  });
}
