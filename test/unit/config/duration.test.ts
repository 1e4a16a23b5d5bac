import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../src/config/duration.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1.5h', 5_400_000],
  ])('reads %j as %d ms', (text, millis) => {
    expect(parseDuration(text)).toBe(millis);
  });

  it.each(['10', 'soon', '-5m', '', '   ', '0s', '10 parsecs', 'm10', '10m30s'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
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
  ])('formats %d ms as %j', (millis, text) => {
    expect(formatDuration(millis)).toBe(text);
  });

  it('round-trips the plan durations', () => {
    for (const text of ['30s', '10m', '2h']) expect(formatDuration(parseDuration(text)!)).toBe(text);
  });
});
