import type { App, MessageShortcut } from '@slack/bolt';
import { firstLink } from '../../domain/responses.js';
import { UserError } from '../../services/errors.js';
import { CallbackId } from '../ids.js';
import { renderQueued } from '../views/answers.js';
import type { ListenerDeps } from './deps.js';
import { userMessage } from './reply.js';

export type ShortcutDeps = Pick<ListenerDeps, 'service' | 'responses' | 'view' | 'log'>;

/**
 * "Add to response queue" on any message that holds a link: in a crisis channel, to that
 * crisis; elsewhere, to the one open crisis (with several open, the person is told to use
 * `/crisis respond` in the right channel). Recorded before the ack; the answer is ephemeral.
 */
export function registerShortcuts(app: App, deps: ShortcutDeps): void {
  const { service, responses, view, log } = deps;
  app.shortcut<MessageShortcut>(
    { callback_id: CallbackId.addToResponseQueue, type: 'message_action' },
    async ({ ack, shortcut, respond }) => {
      let text: string;
      try {
        const url = firstLink(shortcut.message.text ?? '');
        if (!url) throw new UserError({ code: 'no_link_in_message' });
        const [here, open] = await Promise.all([service.crisisInChannel(shortcut.channel.id), service.listOpen()]);
        // Outside a crisis channel, only real crises count: a drill is chosen by being in its channel.
        const real = open.filter((c) => !c.drill);
        const crisis = here?.state === 'open' ? here : real.length === 1 ? real[0]! : undefined;
        if (!crisis) throw new UserError(real.length ? { code: 'which_crisis' } : { code: 'no_open_crisis' });
        const { created } = await responses.add(crisis, { id: shortcut.user.id, name: shortcut.user.name }, url.toString(), undefined);
        text = renderQueued(view, created, crisis);
      } catch (error) {
        text = userMessage(view, error, log, { shortcut: CallbackId.addToResponseQueue });
      }
      await ack();
      await respond({ response_type: 'ephemeral', text }).catch((error: unknown) =>
        log.warn({ err: error }, 'could not answer the shortcut'),
      );
    },
  );
}
