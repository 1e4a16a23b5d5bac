import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/config/duration.js';

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
