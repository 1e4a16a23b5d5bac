import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('npm run demo', () => {
  it('plays a crisis end to end and writes the debrief', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'demo/run.ts'], { cwd: ROOT, timeout: 60_000 });
    expect(stdout).toContain('paged @anna by DM');
    expect(stdout).toContain('paged @kasia by DM');
    expect(stdout).toContain('Acknowledged by @U0ANNA');
    expect(stdout).toContain('(2/4 done)');
    expect(stdout).toContain('✔ debrief written to');
    const debrief = readFileSync(new URL('../demo-debrief.md', import.meta.url), 'utf8');
    expect(debrief).toContain('# Debrief: Boycott call trending on Instagram');
    expect(debrief).toContain('Holding statement is out');
    // People are named the same way everywhere: the plan's name, else the one Slack shows.
    expect(debrief).toContain('Opened by Olle Svensson');
    expect(debrief).toContain('Closed by Omar Nilsson');
    // The chart uploaded with the debrief, written beside it: a real PNG.
    expect(stdout).toContain('✔ chart (chart-');
    const chart = readFileSync(new URL('../demo-chart.png', import.meta.url));
    expect(chart.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(chart.length).toBeGreaterThan(50_000);
  }, 90_000);
});
