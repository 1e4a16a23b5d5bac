import type { ButtonAction } from '@slack/bolt';
import { ActionId } from '../../ids.js';
import { renderRefusal } from '../../views/answers.js';
import type { ListenerDeps } from '../deps.js';
import { userMessage } from '../reply.js';
import type { ActionHandler } from './types.js';

/** Button values are our own ids; anything else is a forged or stale payload. */
function idFrom(action: ButtonAction): number | undefined {
  const id = Number(action.value);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/**
 * Acknowledge, Done and Undo. The click is written, then acked: once Slack has its answer the
 * click is on disk. Clicks that arrive together share one commit (a few ms, see CrisisService),
 * so answers stay fast under a burst. The state change is a conditional update, so a double
 * click or a Slack retry records once; the message is re-rendered from the database afterwards.
 */
export function buttonHandlers(deps: ListenerDeps): Record<string, ActionHandler> {
  const { service, log, view } = deps;

  const handle =
    (actionId: string, act: (id: number, actor: { id: string; name?: string }) => Promise<unknown>): ActionHandler =>
    async ({ ack, action, body, respond }) => {
      const id = idFrom(action);
      const actor = { id: body.user.id, name: body.user.name ?? body.user.username };
      let problem: string | undefined;
      try {
        if (id === undefined) problem = renderRefusal(view, { code: 'stale_button' });
        else await act(id, actor);
      } catch (error) {
        problem = userMessage(view, error, log, { action: actionId });
      }
      await ack();
      if (problem) await respond?.({ response_type: 'ephemeral', replace_original: false, text: problem });
    };

  return {
    [ActionId.pageAck]: handle(ActionId.pageAck, (id, actor) => service.acknowledge(id, actor)),
    [ActionId.checklistDone]: handle(ActionId.checklistDone, (id, actor) => service.setItem(id, actor, true)),
    [ActionId.checklistUndo]: handle(ActionId.checklistUndo, (id, actor) => service.setItem(id, actor, false)),
  };
}
