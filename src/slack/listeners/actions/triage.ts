import type { TriageDecision } from '../../../services/alert-service.js';
import type { Actor } from '../../../services/people.js';
import { ActionId } from '../../ids.js';
import { renderRefusal } from '../../views/answers.js';
import type { ListenerDeps } from '../deps.js';
import { userMessage } from '../reply.js';
import type { ActionHandler } from './types.js';

const DECISIONS: Record<string, TriageDecision> = {
  [ActionId.alertOpen]: 'open',
  [ActionId.alertCustomerService]: 'customer_service',
  [ActionId.alertDismiss]: 'dismiss',
};

export type TriageActionDeps = Pick<ListenerDeps, 'alerts' | 'view' | 'log'>;

/**
 * Open crisis, Customer service, Dismiss: the first click decides; the message shows who. On a
 * digest, Open crisis decides its one alert, and Dismiss all every alert in it not decided yet.
 * The click is acked first: the decision is a quick transaction, the messages follow.
 */
export function triageHandlers(deps: TriageActionDeps): Record<string, ActionHandler> {
  const handle =
    (actionId: string, act: (id: number, actor: Actor) => Promise<unknown>): ActionHandler =>
    async ({ ack, action, body, respond }) => {
      await ack();
      const id = Number(action.value);
      let problem: string | undefined;
      try {
        if (!Number.isSafeInteger(id) || id <= 0) problem = renderRefusal(deps.view, { code: 'stale_button' });
        else await act(id, { id: body.user.id, name: body.user.name ?? body.user.username });
      } catch (error) {
        problem = userMessage(deps.view, error, deps.log, { action: actionId });
      }
      if (problem) await respond?.({ response_type: 'ephemeral', replace_original: false, text: problem });
    };
  const handlers: Record<string, ActionHandler> = {
    [ActionId.alertDismissAll]: handle(ActionId.alertDismissAll, (id, actor) => deps.alerts.dismissDigest(id, actor)),
    // Add to crisis carries the crisis it was offered for, so a crisis opened since changes nothing.
    [ActionId.alertAddToCrisis]: async ({ ack, action, body, respond }) => {
      await ack();
      const [alertId, crisisId] = (action.value ?? '').split(':').map(Number);
      let problem: string | undefined;
      try {
        if (!isId(alertId) || !isId(crisisId)) problem = renderRefusal(deps.view, { code: 'stale_button' });
        else await deps.alerts.addToCrisis(alertId, crisisId, { id: body.user.id, name: body.user.name ?? body.user.username });
      } catch (error) {
        problem = userMessage(deps.view, error, deps.log, { action: ActionId.alertAddToCrisis });
      }
      if (problem) await respond?.({ response_type: 'ephemeral', replace_original: false, text: problem });
    },
  };
  for (const [actionId, decision] of Object.entries(DECISIONS)) {
    handlers[actionId] = handle(actionId, (id, actor) => deps.alerts.decide(id, decision, actor));
  }
  return handlers;
}

const isId = (n: number | undefined): n is number => n !== undefined && Number.isSafeInteger(n) && n > 0;
