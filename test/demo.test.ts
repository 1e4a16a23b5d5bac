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
    // The comms half: the freeze and the published statement tick their items, four eyes hold, the queue comes in bulk.
    expect(stdout).toContain(
      '▶ @omar pauses the scheduled posts and clicks Paused\n  checklist now: Checklist: Boycott call trending on Instagram (1/4 done)',
    );
    expect(stdout).toContain('bot → @anna: Only Omar Nilsson (crisis-lead and spokesperson) may approve a statement.');
    expect(stdout).toContain('clicks Mark published\n  checklist now: Checklist: Boycott call trending on Instagram (2/4 done)');
    expect(stdout).toContain('(4/4 done)');
    expect(stdout).toContain('POST /responses: 3 added');
    expect(stdout).toMatch(/queue board in #crisis-\S+, kept in place: 📬 Response queue: 3 posts waiting/);
    expect(stdout).toMatch(/Follow-up action recorded, due \d{4}-\d\d-\d\d/);
    // Omar's page goes unanswered in Slack; the call's key 1 acknowledges it.
    expect(stdout).toContain('no answer in Slack: the bot calls @omar on +46700000002: "This is the crisis bot.');
    expect(stdout).toContain('Press 1 to acknowledge."');
    expect(stdout).toContain('▶ @omar presses 1');
    expect(stdout).toMatch(/📞 Phone: called \d\d:\d\d, acknowledged by phone \d\d:\d\d/);
    expect(stdout).toContain('✔ debrief written to');
    const debrief = readFileSync(new URL('../demo-debrief.md', import.meta.url), 'utf8');
    expect(debrief).toContain('# Debrief: Boycott call trending on Instagram');
    // Its first screen: how big it got, and times that agree with the checklist.
    expect(debrief).toMatch(/\*\*How big it got:\*\* a peak of \d+ mentions in one reading/);
    expect(debrief).toMatch(
      /\*\*Response times:\*\* first acknowledgement after 4m( \d+s)?; every account paused after 4m( \d+s)?; first public response after 14m/,
    );
    expect(debrief).toContain('Holding statement is out');
    // People are named the same way everywhere: the plan's name, else the one Slack shows.
    expect(debrief).toContain('Opened by Olle Svensson');
    expect(debrief).toContain('Closed by Omar Nilsson');
    expect(debrief).toContain('Called Omar Nilsson (call 1)');
    expect(debrief).toContain('Call 1 to Omar Nilsson: acknowledged with the key 1');
    expect(debrief).toContain('Omar Nilsson acknowledged stage 2 (Crisis group) by phone after 6m');
    // The chart uploaded with the debrief, written beside it: a real PNG.
    expect(stdout).toContain('✔ chart (chart-');
    const chart = readFileSync(new URL('../demo-chart.png', import.meta.url));
    expect(chart.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(chart.length).toBeGreaterThan(50_000);
  }, 90_000);
});
