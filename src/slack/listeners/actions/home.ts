import { ActionId } from '../../ids.js';
import { renderRefusal } from '../../views/answers.js';
import { renderOpenModal } from '../../views/open-modal.js';
import type { ListenerDeps } from '../deps.js';
import type { ActionHandler } from './types.js';

export type HomeActionDeps = Pick<ListenerDeps, 'plan' | 'view' | 'log'>;

/** Home's "Open a crisis": the form /crisis open opens, on the press's trigger (it lives 3 s). */
export function homeHandlers(deps: HomeActionDeps): Record<string, ActionHandler> {
  const { plan, view, log } = deps;
  return {
    [ActionId.homeOpenCrisis]: async ({ ack, body, client }) => {
      await ack();
      try {
        await client.views.open({ trigger_id: body.trigger_id, view: renderOpenModal(view, Object.keys(plan.checklists)) });
      } catch (error) {
        // A Home has no response URL: the person is told in a DM, in one line.
        log.warn({ err: error }, 'could not open the crisis form from the Home tab');
        await client.chat
          .postMessage({ channel: body.user.id, text: renderRefusal(view, { code: 'form_failed' }) })
          .catch((err: unknown) => log.warn({ err }, 'could not tell the presser'));
      }
    },
  };
}
