import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/config/duration.js';
import { Messages } from '../../../src/i18n/messages.js';

const en = new Messages('en', 'UTC');
const sv = new Messages('sv', 'Europe/Stockholm');
const pl = new Messages('pl', 'Europe/Warsaw');

/** 2026-03-05 10:00:00 UTC: 11:00 in Stockholm and Warsaw (winter time). */
const T0 = Date.UTC(2026, 2, 5, 10, 0, 0);
/** 2026-07-01 10:00:00 UTC: 12:00 in Stockholm (summer time). */
const SUMMER = Date.UTC(2026, 6, 1, 10, 0, 0);

describe('durations', () => {
  it.each([
    [0, '0s'],
    [-5_000, '0s'],
    [400, '0s'],
    [1_000, '1s'],
    [59_000, '59s'],
    [90_000, '1m 30s'],
    [600_000, '10m'],
    [3_600_000, '1h'],
    [3_660_000, '1h 1m'],
    [3_661_000, '1h 1m'], // two parts at most
    [86_400_000 + 3_600_000, '1d 1h'],
    [2 * 86_400_000 + 5_000, '2d 5s'],
  ])('formats %d ms in English as %j', (millis, text) => {
    expect(en.duration(millis)).toBe(text);
  });

  it('round-trips the plan durations in English', () => {
    for (const text of ['30s', '10m', '2h']) expect(en.duration(parseDuration(text)!)).toBe(text);
  });

  it('spells units out in Swedish and Polish, where a bare "m" reads as metres', () => {
    expect(sv.duration(90_000)).toBe('1 min 30 s');
    expect(sv.duration(3_660_000)).toBe('1 tim 1 min');
    expect(pl.duration(90_000)).toBe('1 min 30 sek.');
    expect(pl.duration(2 * 3_600_000)).toBe('2 godz.');
    expect(pl.duration(86_400_000)).toBe('1 dzień');
    expect(pl.duration(5 * 86_400_000)).toBe('5 dni');
  });

  it('gives a sentence that ends in an abbreviated unit one full stop, not two', () => {
    // "…po 30 sek.." read as a typo in the Polish walk-through.
    expect(pl.t('debrief.glanceTimes', { parts: pl.t('debrief.glanceAck', { duration: pl.duration(30_000) }) })).toBe(
      '**Czas reakcji:** pierwsze potwierdzenie po 30 sek.',
    );
    expect(pl.t('debrief.glanceTimes', { parts: 'x' })).toBe('**Czas reakcji:** x.');
  });
});

describe('times where the team works', () => {
  it('stamps a record in year-month-day order, in the plan time zone, summer time included', () => {
    expect(en.stamp(T0)).toBe('2026-03-05 10:00');
    expect(sv.stamp(T0)).toBe('2026-03-05 11:00');
    expect(sv.stamp(SUMMER)).toBe('2026-07-01 12:00');
    expect(pl.stamp(T0, true)).toBe('2026-03-05 11:00:00');
    expect(sv.offset(T0)).toBe('GMT+01:00');
    expect(sv.offset(SUMMER)).toBe('GMT+02:00');
    expect(en.offset(T0)).toBe('GMT+00:00');
  });

  it('shows a clock time on the same day, and the date too on another', () => {
    expect(sv.when(T0, T0 + 60_000)).toBe('11:00');
    expect(sv.when(T0, T0 + 86_400_000)).toBe('5 mars 11:00');
    expect(en.when(T0, T0 + 86_400_000)).toBe('5 Mar, 10:00');
    expect(pl.when(T0, T0 + 86_400_000)).toBe('5 mar, 11:00');
  });

  it('lists as each language does', () => {
    expect(en.list(['Anna', 'Omar', 'Per'])).toBe('Anna, Omar and Per');
    expect(sv.list(['Anna', 'Omar', 'Per'])).toBe('Anna, Omar och Per');
    expect(pl.list(['Anna', 'Omar', 'Per'])).toBe('Anna, Omar i Per');
    expect(en.list(['Anna'])).toBe('Anna');
  });
});
