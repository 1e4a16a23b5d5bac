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
