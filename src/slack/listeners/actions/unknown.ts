import type { App, BlockAction } from '@slack/bolt';
import { ActionId } from '../../ids.js';
import type { ListenerDeps } from '../deps.js';

const KNOWN = Object.values(ActionId).map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
/** Any action id that no listener owns: a button from an older version, or a forged payload. */
const UNKNOWN = new RegExp(`^(?!(?:${KNOWN.join('|')})$)`);

/**
 * Without this, Bolt leaves such a click unanswered until Slack's 3 seconds run out and the
 * person sees a vague warning. Answer at once and say what happened.
 */
export function registerUnknownActions(app: App, deps: ListenerDeps): void {
  app.action<BlockAction>({ action_id: UNKNOWN }, async ({ ack, action, respond }) => {
    await ack();
    deps.log.warn({ actionId: action.action_id.slice(0, 100) }, 'click on an unknown action');
    await respond({ response_type: 'ephemeral', replace_original: false, text: 'That button is out of date or not known to this bot; nothing was changed.' });
  });
}
