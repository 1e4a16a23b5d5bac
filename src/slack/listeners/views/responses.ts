import type { ViewOutput } from '@slack/bolt';
import { cleanLine, cleanProse } from '../../../domain/text.js';
import { CallbackId, ResponseField as F } from '../../ids.js';
import { renderRefusal } from '../../views/answers.js';
import { plainText } from '../../views/mrkdwn.js';
import type { ListenerDeps } from '../deps.js';
import type { ViewRegistry } from './dispatch.js';
import { userMessage } from '../reply.js';

type Ack = (response?: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;

export type ResponseViewDeps = Pick<ListenerDeps, 'responses' | 'view' | 'log'>;

/**
 * Answered and Remove: recorded before the ack. Remove keeps the evidence in the same
 * transaction that marks the item removed; a missing field or a reason the plan does not list
 * is refused on its field and changes nothing.
 */
export function registerResponseViews(views: ViewRegistry, deps: ResponseViewDeps): void {
  const { responses, view, log } = deps;
  const actor = (body: { user: { id: string; name?: string } }) => ({ id: body.user.id, name: body.user.name });
  const value = (form: ViewOutput, f: { block: string; action: string }) => form.state.values[f.block]?.[f.action];
  const refuse = (ack: Ack, block: string, text: string) => ack({ response_action: 'errors', errors: { [block]: plainText(text) } });

  views.view(CallbackId.responseAnswered, async ({ ack, view: form, body }) => {
    const url = cleanLine(value(form, F.reply)?.value ?? '');
    try {
      await responses.answered(Number(form.private_metadata), actor(body), url);
      await ack();
    } catch (error) {
      await refuse(ack, F.reply.block, userMessage(view, error, log, { view: CallbackId.responseAnswered }));
    }
  });

  views.view(CallbackId.responseRemove, async ({ ack, view: form, body }) => {
    const reason = value(form, F.reason)?.selected_option?.value ?? '';
    const author = cleanLine(value(form, F.author)?.value ?? '');
    const text = cleanProse(value(form, F.text)?.value ?? '');
    const postedAt = (value(form, F.postedAt) as { selected_date_time?: number } | undefined)?.selected_date_time;
    const screenshot = cleanLine(value(form, F.screenshot)?.value ?? '');
    // Each missing piece of evidence on its own field: nothing is removed without all of it.
    const missing: Record<string, string> = {};
    const required = plainText(renderRefusal(view, { code: 'evidence_missing' }));
    if (!author) missing[F.author.block] = required;
    if (!text) missing[F.text.block] = required;
    if (typeof postedAt !== 'number') missing[F.postedAt.block] = required;
    if (screenshot && !/^https?:\/\/\S+$/.test(screenshot))
      missing[F.screenshot.block] = plainText(renderRefusal(view, { code: 'bad_url' }));
    if (Object.keys(missing).length) {
      await (ack as Ack)({ response_action: 'errors', errors: missing });
      return;
    }
    try {
      await responses.remove(Number(form.private_metadata), actor(body), {
        reason,
        author,
        text,
        postedAt: postedAt! * 1000,
        screenshotUrl: screenshot || undefined,
      });
      await ack();
    } catch (error) {
      await refuse(ack, F.reason.block, userMessage(view, error, log, { view: CallbackId.responseRemove }));
    }
  });
}
