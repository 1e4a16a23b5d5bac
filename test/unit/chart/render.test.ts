import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { renderChart, withChart } from '../../../src/chart/render.js';

// The renderer as the bot runs it: its own short-lived process, one at a time.

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const tiny = {
  width: 100,
  height: 50,
  data: { values: [{ x: 1, y: 2 }] },
  mark: 'point',
  encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
};
/** The files a render of this process hands its PNG back through. */
const leftovers = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`crisis-chart-${process.pid}-`));

describe('renderChart', () => {
  it('rejects a specification Vega-Lite cannot compile, naming why, and draws the next one all the same', async () => {
    await expect(renderChart({ mark: 'no-such-mark', data: { values: [] } })).rejects.toThrow(/^chart render failed \(exit 1\): \S/);
    const png = await renderChart(tiny);
    expect(png.subarray(0, 8).equals(PNG)).toBe(true);
  }, 30_000);

  it("hands over a PNG file only the bot's user can read, and removes it after its use, even a failed one", async () => {
    const seen = await withChart(tiny, (file) => Promise.resolve({ mode: statSync(file).mode & 0o777, size: statSync(file).size }));
    expect(seen.mode).toBe(0o600);
    expect(seen.size).toBeGreaterThan(100);
    await expect(withChart(tiny, async () => Promise.reject(new Error('upload refused')))).rejects.toThrow('upload refused');
    expect(leftovers()).toEqual([]);
  }, 30_000);

  it('leaves no file behind, drawn or refused', async () => {
    const [drawn, refused] = await Promise.allSettled([renderChart(tiny), renderChart({ mark: 'no-such-mark', data: { values: [] } })]);
    expect(drawn.status).toBe('fulfilled');
    expect(refused.status).toBe('rejected');
    expect(leftovers()).toEqual([]);
  }, 30_000);
});
