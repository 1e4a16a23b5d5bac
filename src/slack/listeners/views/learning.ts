import { cleanProse } from '../../../domain/text.js';
import { CallbackId, FeedbackField as F } from '../../ids.js';
import { plainText } from '../../views/mrkdwn.js';
import type { ListenerDeps } from '../deps.js';
import type { ViewRegistry } from './dispatch.js';
import { userMessage } from '../reply.js';

type Ack = (response?: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;

export type LearningViewDeps = Pick<ListenerDeps, 'learning' | 'view' | 'log'>;

/** The feedback form: what went well, what to improve, what to change in the plan; recorded before the ack. */
export function registerLearningViews(views: ViewRegistry, deps: LearningViewDeps): void {
  const { learning, view, log } = deps;
  views.view(CallbackId.feedback, async ({ ack, view: form, body }) => {
    const text = (f: { block: string; action: string }) => cleanProse(form.state.values[f.block]?.[f.action]?.value ?? '');
    try {
      await learning.feedback(
        Number(form.private_metadata),
        { id: body.user.id, name: body.user.name },
        text(F.wentWell),
        text(F.improve),
        text(F.planChange),
      );
      await ack();
    } catch (error) {
      await (ack as Ack)({
        response_action: 'errors',
        errors: { [F.wentWell.block]: plainText(userMessage(view, error, log, { view: CallbackId.feedback })) },
      });
    }
  });
}
