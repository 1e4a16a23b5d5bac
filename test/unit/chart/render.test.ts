import { describe, expect, it } from 'vitest';
import { renderChart } from '../../../src/chart/render.js';

// The renderer as the bot runs it: its own short-lived process, one at a time.

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const tiny = { width: 100, height: 50, data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } };

describe('renderChart', () => {
  it('rejects a specification Vega-Lite cannot compile, naming why, and draws the next one all the same', async () => {
    await expect(renderChart({ mark: 'no-such-mark', data: { values: [] } })).rejects.toThrow(/^chart render failed \(exit 1\): \S/);
    const png = await renderChart(tiny);
    expect(png.subarray(0, 8).equals(PNG)).toBe(true);
  }, 30_000);
});
