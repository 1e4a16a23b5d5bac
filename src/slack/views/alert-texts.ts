import type { AlertTexts } from '../../services/alert-service.js';
import type { ViewContext } from './context.js';
import { alertSource } from './mrkdwn.js';

/** The words AlertService writes into records, in the plan's language (see AlertTexts). */
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
      [
        m.t('alert.fromAlert', { title: alert.title, source: alertSource(v, alert.source), severity: alert.severity }),
        alert.summary,
        alert.url,
      ]
        .filter(Boolean)
        .join('\n'),
  };
}
