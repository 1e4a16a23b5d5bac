import type { KnownBlock } from '@slack/types';
import type { Alert, TriageDigest } from '../../domain/alerts.js';
import type { Crisis } from '../../domain/crisis.js';
import { triageNotified } from '../../domain/roster.js';
import { atOrAbove } from '../../domain/severity.js';
import { ActionId } from '../ids.js';
import type { RenderedMessage, ViewContext } from './context.js';
import { SlackLimits, clip } from './limits.js';
import { SEVERITY_BADGE, alertSource, escapeMrkdwn, mention, slackTime } from './mrkdwn.js';
import { decision } from './triage.js';

/** Alerts a digest lists one by one, each with its own Open crisis: the most severe and newest. */
export const DIGEST_LISTED = 10;
/** Sources a digest's heading names before it just counts them. */
const NAMED_SOURCES = 3;

const bySeverityThenNewest = (a: Alert, b: Alert) =>
  a.severity === b.severity ? b.receivedAt - a.receivedAt : atOrAbove(a.severity, b.severity) ? -1 : 1;

/**
 * The alerts that came during a storm, as one message in the alerts channel: how many, from
 * where, in what window; the most severe and newest listed, each of them still to be opened
 * as a crisis on its own; and Dismiss all for the rest. Rendered whole from the database.
 */
export function renderDigest(
  v: ViewContext,
  digest: TriageDigest,
  alerts: readonly Alert[],
  crisisOf: (alert: Alert) => Crisis | undefined,
): RenderedMessage {
  const { m } = v;
  const sources = [...new Set(alerts.map((a) => alertSource(v, a.source)))];
  const named = sources.length <= NAMED_SOURCES ? m.list(sources.map(escapeMrkdwn)) : m.t('digest.sources', { count: sources.length });
  const window = m.duration(digest.closesAt - digest.openedAt);
  const heading = m.t('digest.heading', { count: alerts.length, sources: named, window });
  const blocks: KnownBlock[] = [{ type: 'section', block_id: 'digest', text: { type: 'mrkdwn', text: clip(heading) } }];
  const listed = [...alerts].sort(bySeverityThenNewest).slice(0, DIGEST_LISTED);
  for (const alert of listed) {
    const line = `${SEVERITY_BADGE[alert.severity]} *${escapeMrkdwn(alert.title)}* · ${escapeMrkdwn(alertSource(v, alert.source))} · ${slackTime(m, alert.receivedAt)}`;
    const decided = decision(v, alert, crisisOf(alert));
    const block: KnownBlock = {
      type: 'section',
      block_id: `digest-alert-${alert.id}`,
      text: { type: 'mrkdwn', text: clip(decided ? `${line}\n${decided}` : line) },
    };
    blocks.push(
      alert.state === 'triage'
        ? {
            ...block,
            accessory: {
              type: 'button',
              action_id: ActionId.alertOpen,
              text: { type: 'plain_text', text: m.t('buttons.openCrisis') },
              value: String(alert.id),
            },
          }
        : block,
    );
  }
  if (alerts.length > listed.length) {
    blocks.push({
      type: 'context',
      block_id: 'digest-more',
      elements: [{ type: 'mrkdwn', text: m.t('digest.notListed', { count: alerts.length - listed.length }) }],
    });
  }
  const undecided = alerts.filter((a) => a.state === 'triage').length;
  if (undecided > 0) {
    const notify = triageNotified(v.plan);
    if (notify.length)
      blocks.push({
        type: 'context',
        block_id: 'digest-notify',
        elements: [{ type: 'mrkdwn', text: clip(m.t('triage.notify', { who: m.list(notify.map(mention)) })) }],
      });
    blocks.push({
      type: 'actions',
      block_id: 'digest-actions',
      elements: [
        {
          type: 'button',
          action_id: ActionId.alertDismissAll,
          text: { type: 'plain_text', text: m.t('buttons.dismissAll', { count: undecided }) },
          value: String(digest.id),
        },
      ],
    });
  }
  return { text: clip(m.t('digest.fallback', { count: alerts.length }), SlackLimits.messageText), blocks };
}
