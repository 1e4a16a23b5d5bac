import type { Logger } from 'pino';
import { UserError } from '../../services/errors.js';
import { renderRefusal, renderSomethingWentWrong } from '../views/answers.js';
import type { ViewContext } from '../views/context.js';

/**
 * The one place a listener's failure becomes words: a refusal is rendered for the caller as it
 * is; anything else is logged in full and the caller gets a generic line (no stack, no secret).
 */
export function userMessage(v: ViewContext, error: unknown, log: Logger, context: Record<string, unknown>): string {
  if (error instanceof UserError) return renderRefusal(v, error.refusal);
  log.error({ err: error, ...context }, 'listener failed');
  return renderSomethingWentWrong(v);
}

/**
 * Slack's ack, at most once: a button that opens a form acks just before `views.open`, and when
 * opening fails its refusal path must not ack again (Bolt's HTTP receiver throws on a second
 * ack, and the presser would never hear why nothing opened).
 */
export function ackOnce(ack: () => Promise<void>): () => Promise<void> {
  let acked = false;
  return async () => {
    if (acked) return;
    acked = true;
    await ack();
  };
}
