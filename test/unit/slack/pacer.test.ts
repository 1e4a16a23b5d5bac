import { describe, expect, it } from 'vitest';
import { POST_RATE, Pacer, TIERS } from '../../../src/slack/pacer.js';

const at = (start: number) => {
  let now = start;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
};

describe('Pacer', () => {
  it('lets a burst go at once, then one post a second in that channel', () => {
    const t = at(0);
    const pacer = new Pacer(t.clock);
    const waits = Array.from({ length: 6 }, () => pacer.reserve('chat.postMessage', 'C0ALERTS'));
    expect(POST_RATE).toEqual({ perMinute: 60, burst: 3 });
    expect(waits).toEqual([0, 0, 0, 1000, 2000, 3000]);
  });

  it('never holds one channel behind another: each conversation has its own turn', () => {
    const pacer = new Pacer(at(0).clock);
    for (let i = 0; i < 50; i++) pacer.reserve('chat.postMessage', 'C0ALERTS');
    expect(pacer.reserve('chat.postMessage', 'U0ANNA')).toBe(0); // a page is not behind the alerts
    expect(pacer.reserve('chat.postMessage', 'C0CRISIS')).toBe(0);
  });

  it('keeps a method to its tier for the whole app', () => {
    const pacer = new Pacer(at(0).clock);
    const waits = Array.from({ length: TIERS.tier2.burst + 2 }, () => pacer.reserve('conversations.create'));
    const interval = 60_000 / TIERS.tier2.perMinute;
    expect(waits.slice(0, TIERS.tier2.burst)).toEqual(new Array(TIERS.tier2.burst).fill(0));
    expect(waits.slice(TIERS.tier2.burst)).toEqual([interval, 2 * interval]);
    expect(pacer.reserve('auth.test')).toBe(0); // a method it does not know is not paced
  });

  it("paces nothing when switched off (benchmarks past Slack's limits)", () => {
    const pacer = new Pacer(at(0).clock, false);
    const waits = Array.from({ length: 30 }, () => pacer.reserve('conversations.create'));
    expect(waits.every((w) => w === 0)).toBe(true);
    expect(pacer.longWaits(0)).toEqual([]);
  });

  it('recovers its burst after a quiet time', () => {
    const t = at(0);
    const pacer = new Pacer(t.clock);
    for (let i = 0; i < 10; i++) pacer.reserve('chat.postMessage', 'C1');
    t.advance(60_000);
    expect(pacer.reserve('chat.postMessage', 'C1')).toBe(0);
  });

  it('after a refusal, waits as long as Slack said before the next call, and then one at a time', () => {
    const t = at(0);
    const pacer = new Pacer(t.clock);
    pacer.refused('chat.postMessage', 'C1', 5_000);
    expect(pacer.reserve('chat.postMessage', 'C1')).toBe(5_000);
    expect(pacer.reserve('chat.postMessage', 'C1')).toBe(6_000);
  });

  it('says what waits long, until a waiting call is done', () => {
    const t = at(0);
    const pacer = new Pacer(t.clock);
    for (let i = 0; i < 20; i++) pacer.reserve('chat.postMessage', 'C0ALERTS');
    pacer.reserve('chat.postMessage', 'C0QUIET');
    expect(pacer.longWaits(5_000)).toEqual([{ method: 'chat.postMessage', conversation: 'C0ALERTS', waiting: 17, until: 17_000 }]);
    for (let i = 0; i < 17; i++) pacer.done('chat.postMessage', 'C0ALERTS');
    expect(pacer.longWaits(0)).toEqual([]);
  });
});
