import type { Crisis } from '../../domain/crisis.js';
import { renderStatus } from '../views/status.js';
import type { ListenerDeps } from './deps.js';

/** A wait for Slack's rate limits this long is worth a line in status: messages are minutes late. */
const LONG_WAIT_MS = 10_000;

/** What status reads besides the crisis: the timers, Slack's waits, the roster not matched yet. */
export type StatusDeps = Pick<ListenerDeps, 'service' | 'slackWaits' | 'rosterUnmatched' | 'view' | 'clock'>;

/** `/crisis status` as of now, with the bot's timers and what waits for Slack (the command, and its Share). */
export function statusText(deps: StatusDeps, crisis: Crisis): string {
  const { service } = deps;
  const live = {
    nextEscalationAt: service.nextEscalationAt(crisis),
    paced: deps.slackWaits(LONG_WAIT_MS),
    unmatched: deps.rosterUnmatched(),
  };
  return renderStatus(deps.view, service.snapshot(crisis.id)!, service.backlog(crisis.id), deps.clock(), live);
}
