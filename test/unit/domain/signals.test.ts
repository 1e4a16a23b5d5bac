import { describe, expect, it } from 'vitest';
import { BASELINE_WINDOW, evaluateReading, median, MIN_READINGS } from '../../../src/domain/signals.js';

const T = { volumeRatio: 3, negativeShare: 0.5 };
const flat = (n: number, v = 100) => Array.from({ length: n }, () => v);

describe('median', () => {
  it('takes the middle, or the mean of the two middles', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('evaluateReading', () => {
  it('stays quiet until the source has enough readings', () => {
    expect(evaluateReading(flat(MIN_READINGS - 1), 10_000, 9_000, T)).toEqual({ kind: 'learning', readings: 5 });
  });

  it('flags mentions at or above the ratio times the baseline, saying by how much', () => {
    const verdict = evaluateReading(flat(6), 480, 0, T);
    expect(verdict).toEqual({
      kind: 'crossed',
      baseline: 100,
      reasons: [{ kind: 'volume', mentions: 480, baseline: 100, ratio: 4.8, threshold: 3 }],
    });
    expect(evaluateReading(flat(6), 300, 0, T).kind).toBe('crossed');
    expect(evaluateReading(flat(6), 299, 0, T)).toEqual({ kind: 'normal', baseline: 100 });
  });

  it('flags a negative share at or above the threshold', () => {
    const verdict = evaluateReading(flat(6), 100, 50, T);
    expect(verdict.kind).toBe('crossed');
    expect(verdict.kind === 'crossed' && verdict.reasons).toEqual([
      { kind: 'negative', negative: 50, mentions: 100, share: 0.5, threshold: 0.5 },
    ]);
    expect(evaluateReading(flat(6), 100, 49, T).kind).toBe('normal');
  });

  it('uses the median of the last 24 readings only, so an old spike does not raise the bar', () => {
    const history = [...flat(10, 1000), ...flat(BASELINE_WINDOW, 100)];
    expect(evaluateReading(history, 300, 0, T)).toMatchObject({ kind: 'crossed', baseline: 100 });
    const oneSpike = [...flat(23, 100), 5000];
    expect(evaluateReading(oneSpike, 300, 0, T)).toMatchObject({ kind: 'crossed', baseline: 100 });
  });

  it('does not alert on a few mentions against a zero baseline', () => {
    expect(evaluateReading(flat(6, 0), 2, 0, T).kind).toBe('normal');
    expect(evaluateReading(flat(6, 0), 3, 0, T)).toMatchObject({
      kind: 'crossed',
      reasons: [{ kind: 'volume', mentions: 3, baseline: 0, ratio: undefined, threshold: 3 }],
    });
  });
});
