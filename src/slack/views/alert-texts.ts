import type { Alert } from '../../domain/alerts.js';
import type { ThresholdReason } from '../../domain/signals.js';
import type { ViewContext } from './context.js';

/**
 * Words the bot writes into records rather than messages: the title of an alert that listening
 * raised, why it was raised, and the summary of a crisis opened from an alert. They are data
 * from then on (a title names the channel), so they are written once, in the plan's language.
 */
export interface AlertTexts {
  signalTitle(source: string): string;
  thresholdReasons(reasons: readonly ThresholdReason[]): string[];
  crisisSummary(alert: Alert): string;
}

export function alertTexts(v: ViewContext): AlertTexts {
  const { m } = v;
  return {
    signalTitle: (source) => m.t('alert.signalTitle', { source }),
    thresholdReasons: (reasons) =>
      reasons.map((r) =>
        r.kind === 'volume'
          ? r.ratio === undefined
            ? m.t('alert.volumeZeroBaseline', { mentions: r.mentions, baseline: r.baseline, threshold: r.threshold })
            : m.t('alert.volume', { mentions: r.mentions, ratio: r.ratio, baseline: r.baseline, threshold: r.threshold })
          : m.t('alert.negative', { negative: r.negative, mentions: r.mentions, share: r.share, threshold: r.threshold }),
      ),
    crisisSummary: (alert) =>
      [m.t('alert.fromAlert', { title: alert.title, source: alert.source, severity: alert.severity }), alert.summary, alert.url].filter(Boolean).join('\n'),
  };
}
