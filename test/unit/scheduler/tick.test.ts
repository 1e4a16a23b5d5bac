import pino from 'pino';
import { Writable } from 'node:stream';
import cron from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTicker } from '../../../src/scheduler/tick.js';

const tickers: { stop(): void }[] = [];
afterEach(() => tickers.splice(0).forEach((t) => t.stop()));

describe('startTicker', () => {
  it('ticks once a second, and a tick that throws is logged without stopping the next', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'error' }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    const at: number[] = [];
    tickers.push(
      startTicker(() => {
        at.push(performance.now());
        if (at.length === 1) throw new Error('database is locked');
      }, log),
    );
    const intl = vi.spyOn(Intl, 'DateTimeFormat');
    // Waits for the second tick rather than counting ticks in a fixed window: a stalled machine
    // only makes the wait longer.
    await vi.waitFor(() => expect(at.length).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 50 });
    // The reason for node-cron 3: reading the clock must not load ICU's time-zone data.
    expect(intl).not.toHaveBeenCalled();
    intl.mockRestore();
    expect(at[1]! - at[0]!).toBeGreaterThan(500);
    expect(lines.some((l) => l.includes('scheduler tick failed') && l.includes('database is locked'))).toBe(true);
  });

  it('stops ticking once stopped, and leaves nothing in the node-cron registry', async () => {
    let ticks = 0;
    const registered = cron.getTasks().size;
    const ticker = startTicker(() => void ticks++, pino({ level: 'silent' }));
    expect(cron.getTasks().size).toBe(registered + 1);
    ticker.stop();
    expect(cron.getTasks().size).toBe(registered);
    const after = ticks;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(ticks).toBe(after);
  });
});
