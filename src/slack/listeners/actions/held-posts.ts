import { UserError } from '../../../services/errors.js';
import { ActionId } from '../../ids.js';
import { renderResumeModal } from '../../views/held-posts.js';
import type { ListenerDeps } from '../deps.js';
import { ackOnce, userMessage } from '../reply.js';
import type { ActionHandler } from './types.js';

export type HeldPostActionDeps = Pick<ListenerDeps, 'holds' | 'view' | 'log' | 'clock'>;

/**
 * Resume posts: checked (closed, allowed, not resumed yet), then its form opens before the ack,
 * because Slack's trigger lives 3 s; a refusal is answered to the presser alone.
 */
export function heldPostHandlers(deps: HeldPostActionDeps): Record<string, ActionHandler> {
  const { holds, view, log, clock } = deps;
  return {
    [ActionId.freezeResume]: async ({ ack: slackAck, action, body, client, respond }) => {
      const ack = ackOnce(slackAck);
      try {
        const id = Number(action.value);
        if (!Number.isSafeInteger(id) || id <= 0) throw new UserError({ code: 'stale_button' });
        const { freeze, posts } = await holds.resumeCheck(id, body.user.id);
        const form = renderResumeModal(view, freeze, posts, clock());
        await ack();
        await client.views.open({ trigger_id: body.trigger_id, view: form });
      } catch (error) {
        await ack();
        await respond?.({
          response_type: 'ephemeral',
          replace_original: false,
          text: userMessage(view, error, log, { action: ActionId.freezeResume }),
        });
      }
    },
  };
}
