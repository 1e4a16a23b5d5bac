import type { CustomRoute } from '@slack/bolt';
import type { Logger } from 'pino';
import { alertmanagerSchema, fromAlertmanager, fromGeneric, genericAlertSchema, signalSchema } from './alert-bodies.js';
import type { AlertService } from '../services/alert-service.js';
import { bearerRoute, parse } from './bearer-route.js';

/**
 * `POST /alerts`, `POST /alerts/alertmanager` and `POST /signals`: authenticated, validated,
 * recorded in SQLite before the answer (202); the Slack side follows from the outbox.
 */
export function alertRoutes(alerts: AlertService, token: string | undefined, log: Logger): CustomRoute[] {
  const options = { token, log, notDone: 'the alert was not recorded' };
  return [
    bearerRoute('/alerts', (body) => alerts.receive(fromGeneric(parse(genericAlertSchema, body))), options),
    bearerRoute(
      '/alerts/alertmanager',
      async (body) => ({ alerts: await alerts.receiveAll(fromAlertmanager(parse(alertmanagerSchema, body))) }),
      options,
    ),
    bearerRoute('/signals', (body) => alerts.signal(parse(signalSchema, body)), options),
  ];
}
