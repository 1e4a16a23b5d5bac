import type { ButtonAction } from '@slack/bolt';
import { ActionId } from '../../ids.js';
import { UserError } from '../../../services/errors.js';
import { renderClosed, renderRefusal } from '../../views/answers.js';
import { statusText, type StatusDeps } from '../status.js';
import { renderFreezeRequest } from '../../views/freeze.js';
import { renderFirstResponseModal } from '../../views/checklist.js';
import type { ListenerDeps } from '../deps.js';
import { userMessage } from '../reply.js';
import type { ActionHandler, ButtonArgs } from './types.js';

/** Button values are our own ids; anything else is a forged or stale payload. */
function idFrom(action: ButtonAction): number | undefined {
  const id = Number(action.value);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** Share reads the status; Paused shows the freeze request again, with whether a scheduler holds the posts. */
export type ButtonDeps = Pick<ListenerDeps, 'service' | 'freezes' | 'holds' | 'view' | 'log' | 'clock'> & StatusDeps;

/**
 * Acknowledge, Done and Undo. The click is written, then acked: once Slack has its answer the
 * click is on disk. Clicks that arrive together share one commit (a few ms, see CrisisService),
 * so answers stay fast under a burst. The state change is a conditional update, so a double
 * click or a Slack retry records once; the message is re-rendered from the database afterwards.
 */
export function buttonHandlers(deps: ButtonDeps): Record<string, ActionHandler> {
  const { service, log, view } = deps;

  /** `instead`: a refusal that is a question (a form to open) rather than a no; what it returns is handed back. */
  const handle =
    <T>(
      actionId: string,
      act: (id: number, actor: { id: string; name?: string }) => Promise<unknown>,
      instead?: (error: unknown) => Promise<T | undefined>,
    ) =>
    async ({ ack, action, body, respond }: ButtonArgs): Promise<T | undefined> => {
      const id = idFrom(action);
      const actor = { id: body.user.id, name: body.user.name ?? body.user.username };
      let problem: string | undefined;
      let asked: T | undefined;
      try {
        if (id === undefined) problem = renderRefusal(view, { code: 'stale_button' });
        else await act(id, actor);
      } catch (error) {
        asked = await instead?.(error);
        if (asked === undefined) problem = userMessage(view, error, log, { action: actionId });
      }
      await ack();
      if (problem) await respond?.({ response_type: 'ephemeral', replace_original: false, text: problem });
      return asked;
    };
  const linkForm = async (error: unknown) =>
    error instanceof UserError && error.refusal.code === 'first_response_link' ? service.item(error.refusal.itemId) : undefined;

  /**
   * Share and Close: acked at once, recorded in a quick transaction, and the slow work (the
   * share's post, the debrief) runs from the outbox. `act` may return a line for the clicker.
   */
  const recorded =
    (actionId: string, act: (id: number, actor: { id: string; name?: string }) => Promise<string | void>): ActionHandler =>
    async ({ ack, action, body, respond }) => {
      await ack();
      const id = idFrom(action);
      const actor = { id: body.user.id, name: body.user.name ?? body.user.username };
      let answer: string | void;
      try {
        answer = id === undefined ? renderRefusal(view, { code: 'stale_button' }) : await act(id, actor);
      } catch (error) {
        answer = userMessage(view, error, log, { action: actionId });
      }
      if (answer) await respond?.({ response_type: 'ephemeral', replace_original: false, text: answer });
    };

  return {
    [ActionId.statusShare]: recorded(ActionId.statusShare, async (id, actor) => {
      const crisis = (await service.snapshot(id))?.crisis;
      if (!crisis) throw new UserError({ code: 'stale_button' });
      await service.shareStatus(id, actor, await statusText(deps, crisis));
    }),
    // Paused: recorded, then the DM it was pressed in shows who paused and when.
    [ActionId.freezePaused]: async ({ ack, action, body, respond }) => {
      await ack();
      const id = idFrom(action);
      const actor = { id: body.user.id, name: body.user.name ?? body.user.username };
      try {
        if (id === undefined) throw new UserError({ code: 'stale_button' });
        await deps.freezes.paused(id, actor);
        const freeze = await deps.freezes.find(id);
        if (freeze)
          await respond?.({
            replace_original: true,
            ...renderFreezeRequest(
              view,
              freeze.crisis,
              freeze.freeze,
              false,
              deps.clock(),
              deps.holds.accountOf(freeze.freeze)?.scheduler !== undefined,
            ),
          });
      } catch (error) {
        await respond?.({
          response_type: 'ephemeral',
          replace_original: false,
          text: userMessage(view, error, log, { action: ActionId.freezePaused }),
        });
      }
    },
    [ActionId.closeStranded]: recorded(ActionId.closeStranded, async (id, actor) => {
      await service.closeStranded(id, actor);
      return renderClosed(view);
    }),
    [ActionId.pageAck]: handle(ActionId.pageAck, (id, actor) => service.acknowledge(id, actor)),
    [ActionId.checklistDone]: async (args) => {
      // Done on the first-response item asks for the link to the response, in a form.
      const asked = await handle(ActionId.checklistDone, (id, actor) => service.setItem(id, actor, true), linkForm)(args);
      if (asked) await args.client.views.open({ trigger_id: args.body.trigger_id, view: renderFirstResponseModal(view, asked) });
    },
    [ActionId.checklistUndo]: handle(ActionId.checklistUndo, (id, actor) => service.setItem(id, actor, false)),
  };
}
