import { afterEach, describe, expect, it } from 'vitest';
import { planWith } from '../fixtures/plans.js';
import { startHarness, USERS, type Harness } from '../support/harness.js';

// The chart of the online conversation (issue 15): `/crisis chart` uploads a real PNG through
// the stand-in, and the debrief uploads one beside its file in both channels.

const TOKEN = 'alert-token-for-charts';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function signal(source: string, mentions: number, negative: number, at: number) {
  const res = await fetch(`${h!.url}/signals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ source, mentions, negative, at: new Date(at).toISOString() }),
  });
  expect(res.status).toBe(202);
}

const isPng = (bytes: Buffer | undefined) => !!bytes && bytes.subarray(0, 8).equals(PNG);

describe('the chart', () => {
  it('/crisis chart uploads a PNG of the readings and milestones; the debrief uploads one beside its file, in both channels', async () => {
    h = await startHarness({ plan: planWith(''), env: { ALERT_TOKEN: TOKEN } });
    const now = Date.now();
    for (let i = 12; i >= 1; i--) {
      await signal('brandwatch', 40 + (i % 3), 8, now - i * 20 * 60_000);
      await signal('talkwalker', 20 + (i % 2), 4, now - i * 20 * 60_000);
    }
    const { channelId } = await h.openCrisis('Kettle recall video', USERS.opener);
    const name = (await h.bot.service.crisisInChannel(channelId))!.channelName!;
    const answer = await h.command('chart', { channel: channelId, user: USERS.anna });
    expect(answer.body?.text).toBe('Drawing the chart; it is uploaded here in a few seconds.');
    const chart = await h.standin.waitFor(
      () => h!.standin.uploads.find((u) => u.completed && u.filename.startsWith(`chart-${name}-`)),
      30_000,
    );
    expect(chart.channels).toEqual([channelId]);
    expect(chart.title).toBe('Chart: Kettle recall video');
    expect(isPng(chart.bytes)).toBe(true);
    expect(chart.bytes!.length).toBeGreaterThan(20_000);
    // 2x a 900 × 360 drawing and its title, axes and legend: wider than tall, and Slack-sized.
    const width = chart.bytes!.readUInt32BE(16);
    const height = chart.bytes!.readUInt32BE(20);
    expect(width).toBeGreaterThan(1800);
    expect(height).toBeGreaterThan(700);
    expect(width).toBeGreaterThan(height);

    await h.command('close Resolved', { channel: channelId, user: USERS.omar });
    const beside = await h.standin.waitFor(() => {
      const both = h!.standin.uploads.filter((u) => u.completed && u.filename === `chart-${name}.png`);
      return both.length === 2 ? both : undefined;
    }, 30_000);
    expect(beside.map((u) => u.channels[0]).sort()).toEqual([channelId, 'C0DEBRIEF'].sort());
    expect(beside.every((u) => isPng(u.bytes))).toBe(true);
    const debrief = h.standin.uploads.find((u) => u.filename === `debrief-${name}.md`)!;
    // The debrief shows the chart uploaded beside it, on its first screen.
    expect(debrief.content).toContain(`![The online conversation with the milestones](chart-${name}.png)`);
    expect(debrief.content.indexOf(`](chart-${name}.png)`)).toBeLessThan(debrief.content.indexOf('| | |'));
    // The chart follows its debrief file in each channel.
    for (const channel of [channelId, 'C0DEBRIEF']) {
      const files = h.standin.messages(channel).flatMap((m) => (m.files ?? []).map((f) => f.name));
      expect(files.indexOf(`chart-${name}.png`)).toBeGreaterThan(files.indexOf(`debrief-${name}.md`));
    }
  }, 60_000);

  it('draws a crisis without readings too, in Swedish', async () => {
    h = await startHarness({ plan: planWith('', 'sv') });
    const { channelId } = await h.openCrisis('Återkallelse', USERS.opener);
    expect((await h.command('chart', { channel: channelId, user: USERS.anna })).body?.text).toBe(
      'Diagrammet ritas; det laddas upp här om några sekunder.',
    );
    const chart = await h.standin.waitFor(() => h!.standin.uploads.find((u) => u.completed && u.filename.startsWith('chart-')), 30_000);
    expect(chart.title).toBe('Diagram: Återkallelse');
    expect(isPng(chart.bytes)).toBe(true);
  }, 60_000);
});
