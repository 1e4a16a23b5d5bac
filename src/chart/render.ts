import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHART_FONT, type ChartSpec } from './spec.js';

/** A render that takes longer than this is given up (and its job retried). */
const RENDER_TIMEOUT_MS = 30_000;

const require = createRequire(import.meta.url);
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
 * specification arrives on stdin; the PNG is written to a file, not to stdout. Read from a pipe
 * it arrived as 64 KiB chunks, was copied once more to join them, and those buffers outlived the
 * render in the bot until a full collection: 40 charts left a process 6.6 MiB larger that way,
 * 1.8 MiB through a file (starting 40 processes alone costs 1.1 MiB).
 */
const RENDERER = `
const paths = JSON.parse(process.argv[1]);
const out = process.argv[2];
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
    // Readable by the bot's user only: the chart is the crisis's.
    require('node:fs').writeFileSync(out, new Resvg(svg, { font, fitTo: { mode: 'zoom', value: 2 } }).render().asPng(), { mode: 0o600 });
  } catch (error) {
    process.stderr.write(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
});
`;

let queue: Promise<unknown> = Promise.resolve();
let renders = 0;

/**
 * Draws the chart into a PNG file in the system's temporary folder, hands its path to `use` (an
 * upload streams it from there), and removes it afterwards, whatever happens; a kill -9 of the
 * bot mid-render leaves one behind there. The PNG never needs to be held in the bot's memory.
 * Drawn by a process that exits afterwards, so the chart libraries cost memory only while a chart
 * is drawn; one render at a time, so a burst of closes does not start several (`use` runs
 * outside that turn).
 */
export async function withChart<T>(spec: ChartSpec, use: (file: string) => Promise<T>): Promise<T> {
  const file = join(tmpdir(), `crisis-chart-${process.pid}-${++renders}.png`);
  try {
    const drawn = queue.then(() => renderInto(spec, file));
    queue = drawn.catch(() => undefined);
    await drawn;
    return await use(file);
  } finally {
    await rm(file, { force: true });
  }
}

/** The chart's PNG in memory: for tests and bench/chart.ts. */
export const renderChart = (spec: ChartSpec): Promise<Buffer> => withChart(spec, (file) => readFile(file));

function renderInto(spec: ChartSpec, file: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', '-e', RENDERER, JSON.stringify(PATHS), file], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`chart render took over ${RENDER_TIMEOUT_MS} ms`));
    }, RENDER_TIMEOUT_MS);
    child.stderr.on('data', (c: Buffer) => (err += String(c)));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`chart render failed (exit ${code}): ${err.slice(0, 500)}`));
    });
    child.stdin.end(JSON.stringify(spec));
  });
}
