/** Readings a source needs before its baseline means anything. */
export const MIN_READINGS = 6;
/** The baseline is the median of this many latest readings. */
export const BASELINE_WINDOW = 24;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Thresholds {
  readonly volumeRatio: number;
  readonly negativeShare: number;
}

/** Which threshold a reading crossed, and by how much. */
export type ThresholdReason =
  | {
      readonly kind: 'volume';
      readonly mentions: number;
      readonly baseline: number;
      /** mentions ÷ baseline; undefined against a zero baseline. */
      readonly ratio: number | undefined;
      readonly threshold: number;
    }
  | { readonly kind: 'negative'; readonly negative: number; readonly mentions: number; readonly share: number; readonly threshold: number };

export type SignalVerdict =
  | { readonly kind: 'learning'; readonly readings: number }
  | { readonly kind: 'normal'; readonly baseline: number }
  | { readonly kind: 'crossed'; readonly baseline: number; readonly reasons: readonly ThresholdReason[] };

/**
 * Judges one reading against the readings before it (oldest first). The median, not the mean,
 * so one earlier spike does not hide the next; the current reading is not part of its own
 * baseline, or a spike would raise the bar it is measured against.
 */
export function evaluateReading(previous: readonly number[], mentions: number, negative: number | undefined, t: Thresholds): SignalVerdict {
  if (previous.length < MIN_READINGS) return { kind: 'learning', readings: previous.length };
  const baseline = median(previous.slice(-BASELINE_WINDOW));
  const reasons: ThresholdReason[] = [];
  // A zero baseline makes every mention infinitely many times normal; demand at least the ratio itself.
  if (mentions >= t.volumeRatio * Math.max(baseline, 1)) {
    reasons.push({ kind: 'volume', mentions, baseline, ratio: baseline > 0 ? mentions / baseline : undefined, threshold: t.volumeRatio });
  }
  if (negative !== undefined && mentions > 0 && negative / mentions >= t.negativeShare) {
    reasons.push({ kind: 'negative', negative, mentions, share: negative / mentions, threshold: t.negativeShare });
  }
  return reasons.length ? { kind: 'crossed', baseline, reasons } : { kind: 'normal', baseline };
}
