import type { Logger } from 'pino';
import { UserError } from '../../services/errors.js';

export const SOMETHING_WENT_WRONG = 'Something went wrong on our side; nothing was changed. The error is logged.';

/**
 * The one place a listener's failure becomes words: a UserError is shown as it is; anything
 * else is logged in full and the caller gets a generic line (no stack, no secret).
 */
export function userMessage(error: unknown, log: Logger, context: Record<string, unknown>): string {
  if (error instanceof UserError) return error.message;
  log.error({ err: error, ...context }, 'listener failed');
  return SOMETHING_WENT_WRONG;
}
