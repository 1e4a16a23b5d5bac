import { UserError } from '../../../services/errors.js';
import { ActionId } from '../../ids.js';
import { renderChangeApplied, renderPlanReviewed } from '../../views/plan.js';
import type { ListenerDeps } from '../deps.js';
import { userMessage } from '../reply.js';
import type { ActionHandler, ButtonArgs } from './types.js';

export type PlanActionDeps = Pick<ListenerDeps, 'planService' | 'plan' | 'view' | 'log'>;

/** The plan's owner confirms the roster (the review DM) and a change a lesson asked for (/crisis plan). */
export function planHandlers(deps: PlanActionDeps): Record<string, ActionHandler> {
  const { planService, plan, view, log } = deps;
  const actor = (args: ButtonArgs) => ({ id: args.body.user.id, name: args.body.user.name ?? args.body.user.username });
  const refuse = (args: ButtonArgs, error: unknown, action: string) =>
    args.respond?.({ response_type: 'ephemeral', replace_original: false, text: userMessage(view, error, log, { action }) });

  return {
    // Recorded, then the DM says who confirmed and when; the list stays as it was confirmed.
    [ActionId.planConfirmed]: async (args) => {
      await args.ack();
      try {
        const askedAt = Number(args.action.value);
        if (!Number.isSafeInteger(askedAt) || askedAt <= 0) throw new UserError({ code: 'stale_button' });
        const review = await planService.confirm(actor(args), askedAt);
        await args.respond?.({ replace_original: true, ...renderPlanReviewed(view, review, plan.reviewEveryMs) });
      } catch (error) {
        await refuse(args, error, ActionId.planConfirmed);
      }
    },
    [ActionId.planChangeApplied]: async (args) => {
      await args.ack();
      try {
        const id = Number(args.action.value);
        if (!Number.isSafeInteger(id) || id <= 0) throw new UserError({ code: 'stale_button' });
        const text = await planService.applyChange(id, actor(args));
        await args.respond?.({
          response_type: 'ephemeral',
          replace_original: false,
          text: renderChangeApplied(view, text, args.body.user.id),
        });
      } catch (error) {
        await refuse(args, error, ActionId.planChangeApplied);
      }
    },
  };
}
