import type { ViewOutput } from '@slack/bolt';
import type { View } from '@slack/types';
import type { ResponseItem } from '../../../domain/responses.js';
import { UserError } from '../../../services/errors.js';
import { ActionId, ResponseField as F } from '../../ids.js';
import { renderEscalatedPost } from '../../views/answers.js';
import { renderAnsweredModal, renderRemoveModal } from '../../views/responses.js';
import type { ListenerDeps } from '../deps.js';
import { ackOnce, userMessage } from '../reply.js';
import type { ActionHandler, ButtonArgs } from './types.js';

export type ResponseActionDeps = Pick<ListenerDeps, 'responses' | 'view' | 'log' | 'clock'>;

/**
 * A queued post's buttons. I'll take it, Moved to private and Escalate are recorded before the ack; Answered
 * and Remove open their form first (Slack's trigger lives 3 s), checked that the item is open; choosing
 * an approved answer in Answered's form shows its text there.
 */
export function responseHandlers(deps: ResponseActionDeps): Record<string, ActionHandler> {
  const { responses, view, log, clock } = deps;
  const idOf = (args: ButtonArgs) => {
    const id = Number(args.action.value);
    if (!Number.isSafeInteger(id) || id <= 0) throw new UserError({ code: 'stale_button' });
    return id;
  };
  const actor = (args: ButtonArgs) => ({ id: args.body.user.id, name: args.body.user.name ?? args.body.user.username });
  const answer = (args: ButtonArgs, text: string) => args.respond?.({ response_type: 'ephemeral', replace_original: false, text });

  const opens =
    (actionId: string, form: (item: ResponseItem) => View | Promise<View>): ActionHandler =>
    async (args) => {
      const ack = ackOnce(args.ack);
      try {
        const built = await form(await responses.openItem(idOf(args)));
        await ack();
        await args.client.views.open({ trigger_id: args.body.trigger_id, view: built });
      } catch (error) {
        await ack();
        await answer(args, userMessage(view, error, log, { action: actionId }));
      }
    };
  const records =
    (actionId: string, act: (id: number, args: ButtonArgs) => Promise<string | void>): ActionHandler =>
    async (args) => {
      let text: string | void;
      try {
        text = await act(idOf(args), args);
      } catch (error) {
        text = userMessage(view, error, log, { action: actionId });
      }
      await args.ack();
      if (text) await answer(args, text);
    };

  return {
    [ActionId.responseAnswered]: opens(ActionId.responseAnswered, async (item) =>
      renderAnsweredModal(view, item, await responses.answersFor(item.crisisId)),
    ),
    // An approved answer chosen in the Answered form: its text appears in the form, to copy.
    [F.answer.action]: async (args) => {
      await args.ack();
      const form = (args.body as { view?: ViewOutput }).view;
      const id = Number(form?.private_metadata);
      if (!form || !Number.isSafeInteger(id)) return;
      const chosen = (args.action as unknown as { selected_option?: { value: string } | null }).selected_option?.value;
      try {
        const item = await responses.openItem(id);
        const answers = await responses.answersFor(item.crisisId);
        await args.client.views.update({ view_id: form.id, hash: form.hash, view: renderAnsweredModal(view, item, answers, chosen) });
      } catch (error) {
        // Handled meanwhile (the form's Save says so), or a newer choice already updated the form.
        log.debug({ err: error }, 'answered form not updated');
      }
    },
    [ActionId.responseRemove]: opens(ActionId.responseRemove, (item) => renderRemoveModal(view, item, clock())),
    [ActionId.responseClaim]: records(ActionId.responseClaim, (id, args) => responses.claim(id, actor(args))),
    [ActionId.responseMoved]: records(ActionId.responseMoved, (id, args) => responses.moved(id, actor(args))),
    [ActionId.responseEscalate]: records(ActionId.responseEscalate, async (id, args) =>
      renderEscalatedPost(view, await responses.escalate(id, actor(args))),
    ),
  };
}
