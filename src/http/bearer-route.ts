import type { CustomRoute } from '@slack/bolt';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { describeIssues } from './alert-bodies.js';
import { HttpError, MAX_BODY_BYTES, readJson, sendJson } from './json.js';

// The endpoints other tools call with `Authorization: Bearer $ALERT_TOKEN`: monitoring and
// social-listening tools (POST /alerts, /alerts/alertmanager, /signals, /responses).

/** Hashing both sides first makes the comparison constant-time whatever the lengths. */
function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function authorize(req: IncomingMessage, token: string | undefined): void {
  if (token === undefined) throw new HttpError(503, ['this endpoint is disabled: ALERT_TOKEN is not set']);
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match || !sameToken(match[1]!.trim(), token)) throw new HttpError(401, ['missing or wrong bearer token']);
}

export function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw new HttpError(400, describeIssues(result.error));
  return result.data;
}

export interface BearerRouteOptions {
  token: string | undefined;
  log: Logger;
  /** What a 500 says was not done ("the alert was not recorded"). */
  notDone: string;
  maxBytes?: number;
}

/**
 * `POST path`: authenticated, its body read and handed to `handle`, which records what it must
 * before the answer (202 with what it returns); a 4xx with the reasons, or a 500, otherwise.
 */
export function bearerRoute(path: string, handle: (body: unknown) => Promise<unknown>, options: BearerRouteOptions): CustomRoute {
  const { token, log, notDone, maxBytes = MAX_BODY_BYTES } = options;
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      authorize(req, token);
      const body = await readJson(req, maxBytes);
      sendJson(res, 202, await handle(body));
    } catch (error) {
      if (error instanceof HttpError) {
        sendJson(res, error.status, { ok: false, errors: error.reasons });
      } else {
        log.error({ err: error, path }, 'endpoint failed');
        sendJson(res, 500, { ok: false, errors: [`internal error; ${notDone}`] });
      }
    }
  }
  return {
    path,
    method: ['POST'],
    // Bolt calls a route's handler and drops what it returns: a failure while answering (the
    // connection already gone) is logged here rather than left an unhandled rejection.
    handler: (req: IncomingMessage, res: ServerResponse) => {
      serve(req, res).catch((error: unknown) => log.error({ err: error, path }, 'endpoint failed to answer'));
    },
  };
}
