import type { Crisis } from '../../domain/crisis.js';
import { renderStatus } from '../views/status.js';
import type { ListenerDeps } from './deps.js';

/** A wait for Slack's rate limits this long is worth a line in status: messages are minutes late. */
const LONG_WAIT_MS = 10_000;

/** What status reads besides the crisis: the timers, Slack's waits, the roster not matched yet. */
export type StatusDeps = Pick<ListenerDeps, 'service' | 'slackWaits' | 'rosterUnmatched' | 'view' | 'clock'>;

/** `/crisis status` as of now, with the bot's timers and what waits for Slack (the command, and its Share). */
export async function statusText(deps: StatusDeps, crisis: Crisis): Promise<string> {
  const { service } = deps;
  const [nextEscalationAt, snap, backlog] = await Promise.all([
    service.nextEscalationAt(crisis),
    service.snapshot(crisis.id),
    service.backlog(crisis.id),
  ]);
  const live = {
    nextEscalationAt,
    paced: deps.slackWaits(LONG_WAIT_MS),
    unmatched: deps.rosterUnmatched(),
  };
  return renderStatus(deps.view, snap!, backlog, deps.clock(), live);
}
