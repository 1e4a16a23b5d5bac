import { cleanLine } from '../../../domain/text.js';
import { CallbackId, FirstResponseField as F } from '../../ids.js';
import { plainText } from '../../views/mrkdwn.js';
import type { ListenerDeps } from '../deps.js';
import { userMessage } from '../reply.js';
import type { ViewRegistry } from './dispatch.js';

/** The first-response item's link: recorded before the ack; a bad link is refused on its field and ticks nothing. */
export function registerChecklistViews(views: ViewRegistry, deps: Pick<ListenerDeps, 'service' | 'view' | 'log'>): void {
  const { service, view, log } = deps;
  views.view(CallbackId.firstResponse, async ({ ack, view: form, body }) => {
    const url = cleanLine(form.state.values[F.url.block]?.[F.url.action]?.value ?? '');
    try {
      await service.respondedPublicly(Number(form.private_metadata), { id: body.user.id, name: body.user.name }, url);
      await ack();
    } catch (error) {
      const text = plainText(userMessage(view, error, log, { view: CallbackId.firstResponse }));
      await ack({ response_action: 'errors', errors: { [F.url.block]: text } });
    }
  });
}
