import type { CustomRoute } from '@slack/bolt';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { alertmanagerSchema, describeIssues, fromAlertmanager, fromGeneric, genericAlertSchema, signalSchema } from './alert-bodies.js';
import type { AlertService } from '../services/alert-service.js';
import { HttpError, readJson, sendJson } from './json.js';

/** Hashing both sides first makes the comparison constant-time whatever the lengths. */
function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function authorize(req: IncomingMessage, token: string | undefined): void {
  if (token === undefined) throw new HttpError(503, ['alert endpoints are disabled: ALERT_TOKEN is not set']);
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match || !sameToken(match[1]!.trim(), token)) throw new HttpError(401, ['missing or wrong bearer token']);
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw new HttpError(400, describeIssues(result.error));
  return result.data;
}

/**
 * `POST /alerts`, `POST /alerts/alertmanager` and `POST /signals`: authenticated, validated,
 * recorded in SQLite before the answer (202); the Slack side follows from the outbox.
 */
export function alertRoutes(alerts: AlertService, token: string | undefined, log: Logger): CustomRoute[] {
  /** Answers one request; every failure is answered here, as a 4xx with its reasons or a 500. */
  async function serve(
    path: string,
    handle: (body: unknown) => Promise<unknown>,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    try {
      authorize(req, token);
      const body = await readJson(req);
      sendJson(res, 202, await handle(body));
    } catch (error) {
      if (error instanceof HttpError) {
        sendJson(res, error.status, { ok: false, errors: error.reasons });
      } else {
        log.error({ err: error, path }, 'alert endpoint failed');
        sendJson(res, 500, { ok: false, errors: ['internal error; the alert was not recorded'] });
      }
    }
  }
  const route = (path: string, handle: (body: unknown) => Promise<unknown>): CustomRoute => ({
    path,
    method: ['POST'],
    // Bolt calls a route's handler and drops what it returns: a failure while answering (the
    // connection already gone) is logged here rather than left an unhandled rejection.
    handler: (req: IncomingMessage, res: ServerResponse) => {
      serve(path, handle, req, res).catch((error: unknown) => log.error({ err: error, path }, 'alert endpoint failed to answer'));
    },
  });

  return [
    route('/alerts', (body) => alerts.receive(fromGeneric(parse(genericAlertSchema, body)))),
    route('/alerts/alertmanager', async (body) => ({ alerts: await alerts.receiveAll(fromAlertmanager(parse(alertmanagerSchema, body))) })),
    route('/signals', (body) => alerts.signal(parse(signalSchema, body))),
  ];
}
