import { renderRefusal } from '../../views/answers.js';
import type { ListenerDeps } from '../deps.js';
import type { ActionHandler } from './types.js';

export type UnknownActionDeps = Pick<ListenerDeps, 'view' | 'log'>;

/**
 * Any action id that no handler owns: a button from an older version, or a forged payload.
 * Without an answer Bolt would leave such a click hanging until Slack's 3 seconds run out and
 * the person sees a vague warning. Answer at once and say what happened.
 */
export function unknownActionHandler(deps: UnknownActionDeps): ActionHandler {
  return async ({ ack, action, respond }) => {
    await ack();
    deps.log.warn({ actionId: String(action.action_id).slice(0, 100) }, 'click on an unknown action');
    await respond?.({ response_type: 'ephemeral', replace_original: false, text: renderRefusal(deps.view, { code: 'unknown_action' }) });
  };
}
