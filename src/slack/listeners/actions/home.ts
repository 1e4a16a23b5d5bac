import { ActionId } from '../../ids.js';
import { renderDrillOpening, renderRefusal } from '../../views/answers.js';
import { userMessage } from '../reply.js';
import { renderOpenModal } from '../../views/open-modal.js';
import type { ListenerDeps } from '../deps.js';
import type { ActionHandler, ButtonArgs } from './types.js';

export type HomeActionDeps = Pick<ListenerDeps, 'service' | 'plan' | 'view' | 'log'>;

/**
 * Home's "Open a crisis": the form /crisis open opens, on the press's trigger (it lives 3 s).
 * "Start a drill": a drill at once, as /crisis drill; what happened is said in a DM (a Home has no
 * response URL).
 */
export function homeHandlers(deps: HomeActionDeps): Record<string, ActionHandler> {
  const { service, plan, view, log } = deps;
  const tell = (client: ButtonArgs['client'], user: string, text: string) =>
    client.chat.postMessage({ channel: user, text }).catch((err: unknown) => log.warn({ err }, 'could not tell the presser'));
  return {
    [ActionId.homeStartDrill]: async ({ ack, body, client }) => {
      await ack();
      const actor = { id: body.user.id, name: body.user.name ?? body.user.username };
      let text: string;
      try {
        // The press's trigger is unique per press: a retried delivery opens nothing new.
        const { crisis, created } = await service.openDrill(actor, `home:${body.trigger_id}`, view.m.t('drill.title'));
        text = renderDrillOpening(view, crisis, created);
      } catch (error) {
        text = userMessage(view, error, log, { action: ActionId.homeStartDrill });
      }
      await tell(client, actor.id, text);
    },
    [ActionId.homeOpenCrisis]: async ({ ack, body, client }) => {
      await ack();
      try {
        await client.views.open({ trigger_id: body.trigger_id, view: renderOpenModal(view, Object.keys(plan.checklists)) });
      } catch (error) {
        // A Home has no response URL: the person is told in a DM, in one line.
        log.warn({ err: error }, 'could not open the crisis form from the Home tab');
        await tell(client, body.user.id, renderRefusal(view, { code: 'form_failed' }));
      }
    },
  };
}
