import { UserError } from '../../../services/errors.js';
import { ActionId } from '../../ids.js';
import { renderAction, renderFeedbackModal } from '../../views/learning.js';
import type { ListenerDeps } from '../deps.js';
import { ackOnce, userMessage } from '../reply.js';
import type { ActionHandler, ButtonArgs } from './types.js';

export type LearningActionDeps = Pick<ListenerDeps, 'learning' | 'service' | 'view' | 'log'>;

/** The close DM's feedback button (opens its form) and a follow-up action's Done. */
export function learningHandlers(deps: LearningActionDeps): Record<string, ActionHandler> {
  const { learning, service, view, log } = deps;
  const idOf = (args: ButtonArgs) => {
    const id = Number(args.action.value);
    if (!Number.isSafeInteger(id) || id <= 0) throw new UserError({ code: 'stale_button' });
    return id;
  };
  const refuse = (args: ButtonArgs, error: unknown, action: string) =>
    args.respond?.({ response_type: 'ephemeral', replace_original: false, text: userMessage(view, error, log, { action }) });

  return {
    [ActionId.feedback]: async (args) => {
      const ack = ackOnce(args.ack);
      try {
        const crisis = (await service.snapshot(idOf(args)))?.crisis;
        if (!crisis) throw new UserError({ code: 'stale_button' });
        const form = renderFeedbackModal(view, crisis);
        await ack();
        await args.client.views.open({ trigger_id: args.body.trigger_id, view: form });
      } catch (error) {
        await ack();
        await refuse(args, error, ActionId.feedback);
      }
    },
    // Recorded, then the DM it was pressed in says who did it and when.
    [ActionId.actionDone]: async (args) => {
      await args.ack();
      try {
        const action = await learning.done(idOf(args), { id: args.body.user.id, name: args.body.user.name ?? args.body.user.username });
        const crisis = (await service.snapshot(action.crisisId))!.crisis;
        await args.respond?.({ replace_original: true, ...renderAction(view, crisis, action) });
      } catch (error) {
        await refuse(args, error, ActionId.actionDone);
      }
    },
  };
}
