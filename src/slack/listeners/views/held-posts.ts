import { UserError } from '../../../services/errors.js';
import { CallbackId, ResumeField } from '../../ids.js';
import { renderResumeModal } from '../../views/held-posts.js';
import { plainText } from '../../views/mrkdwn.js';
import type { ListenerDeps } from '../deps.js';
import type { ViewRegistry } from './dispatch.js';
import { userMessage } from '../reply.js';

type Ack = (
  response?:
    | { response_action: 'errors'; errors: Record<string, string> }
    | { response_action: 'update'; view: ReturnType<typeof renderResumeModal> },
) => Promise<void>;

export type HeldPostViewDeps = Pick<ListenerDeps, 'holds' | 'view' | 'log' | 'clock'>;

/**
 * Resume posts' form: recorded (and the posts' jobs filed) before the ack. A refusal is shown on
 * the time field; if a post's time passed while a form without that field was open, the form
 * comes back with it rather than failing.
 */
export function registerHeldPostViews(views: ViewRegistry, deps: HeldPostViewDeps): void {
  const { holds, view, log, clock } = deps;
  views.view(CallbackId.resumePosts, async ({ ack, view: form, body }) => {
    const reply = ack as Ack;
    const freezeId = Number(form.private_metadata);
    const picked = form.state.values[ResumeField.at.block]?.[ResumeField.at.action] as { selected_date_time?: number } | undefined;
    const at = typeof picked?.selected_date_time === 'number' ? picked.selected_date_time * 1000 : undefined;
    try {
      await holds.resume(freezeId, { id: body.user.id, name: body.user.name }, at);
      await reply();
    } catch (error) {
      let refused = error;
      if (error instanceof UserError && error.refusal.code === 'resume_time_needed' && !picked) {
        try {
          const { freeze, posts } = await holds.resumeCheck(freezeId, body.user.id);
          await reply({ response_action: 'update', view: renderResumeModal(view, freeze, posts, clock()) });
          return;
        } catch (again) {
          refused = again;
        }
      }
      await reply({
        response_action: 'errors',
        errors: { [ResumeField.at.block]: plainText(userMessage(view, refused, log, { view: CallbackId.resumePosts })) },
      });
    }
  });
}
