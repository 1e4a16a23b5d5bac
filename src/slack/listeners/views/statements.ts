import type { ViewOutput } from '@slack/bolt';
import { cleanLine, cleanProse } from '../../../domain/text.js';
import { TOPIC, fillTopic, isPlatform } from '../../../domain/statements.js';
import { CallbackId, StatementField as F } from '../../ids.js';
import { plainText } from '../../views/mrkdwn.js';
import { renderRefusal } from '../../views/answers.js';
import { renderSendRefused } from '../../views/statements.js';
import { statementForm } from '../actions/statements.js';
import type { ListenerDeps } from '../deps.js';
import type { ViewRegistry } from './dispatch.js';
import { userMessage } from '../reply.js';

type Ack = (response?: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;

export type StatementViewDeps = Pick<ListenerDeps, 'statements' | 'service' | 'view' | 'log'>;

/**
 * The statement forms' submissions: draft, edit, request changes, publish, mark published. Each is
 * recorded in a quick transaction before the ack; a refusal is shown on the field it concerns.
 */
export function registerStatementViews(views: ViewRegistry, deps: StatementViewDeps): void {
  const { statements, view, log } = deps;
  const actor = (body: { user: { id: string; name?: string } }) => ({ id: body.user.id, name: body.user.name });
  const idOf = (form: ViewOutput) => Number(form.private_metadata);

  /** Runs `act`; a refusal or a failure is put on `block` for the person filling the form in. */
  const submit = async (ack: Ack, block: string, callback: string, act: () => Promise<unknown>) => {
    try {
      await act();
      await ack();
    } catch (error) {
      await ack({ response_action: 'errors', errors: { [block]: plainText(userMessage(view, error, log, { view: callback })) } });
    }
  };

  views.view(CallbackId.statementModal, async ({ ack, view: form, body }) => {
    const { text, platforms, topic } = statementForm(form);
    const textBlock = Object.keys(form.state.values).find((b) => b.startsWith(F.text.block)) ?? F.text.block;
    // The subject in public words goes where the plan statement says {topic}; without it, nothing is drafted.
    const subject = cleanLine(topic);
    if (text.includes(TOPIC) && !subject) {
      await (ack as Ack)({
        response_action: 'errors',
        errors: { [F.topic.block]: plainText(renderRefusal(view, { code: 'topic_missing' })) },
      });
      return;
    }
    const crisis = (await deps.service.snapshot(idOf(form)))?.crisis;
    await submit(ack, textBlock, CallbackId.statementModal, async () => {
      if (!crisis) throw new Error(`statement form for unknown crisis ${form.private_metadata}`);
      await statements.draft(crisis, actor(body), cleanProse(fillTopic(text, subject)), platforms);
    });
  });

  views.view(CallbackId.statementEdit, async ({ ack, view: form, body }) => {
    const text = cleanProse(form.state.values[F.text.block]?.[F.text.action]?.value ?? '');
    await submit(ack, F.text.block, CallbackId.statementEdit, () => statements.edit(idOf(form), actor(body), text));
  });

  views.view(CallbackId.statementChanges, async ({ ack, view: form, body }) => {
    const reason = cleanProse(form.state.values[F.reason.block]?.[F.reason.action]?.value ?? '');
    await submit(ack, F.reason.block, CallbackId.statementChanges, () => statements.requestChanges(idOf(form), actor(body), reason));
  });

  // Publish, confirmed: the sends are filed before the ack; a refusal replaces the confirmation.
  views.view(CallbackId.statementSend, async ({ ack, view: form, body }) => {
    try {
      await statements.publish(idOf(form), actor(body));
      await ack();
    } catch (error) {
      const refusal = userMessage(view, error, log, { view: CallbackId.statementSend });
      await (ack as (r: { response_action: 'update'; view: ReturnType<typeof renderSendRefused> }) => Promise<void>)({
        response_action: 'update',
        view: renderSendRefused(view, idOf(form), refusal),
      });
    }
  });

  views.view(CallbackId.statementPublish, async ({ ack, view: form, body }) => {
    const platform = form.state.values[F.platform.block]?.[F.platform.action]?.selected_option?.value ?? '';
    const url = cleanLine(form.state.values[F.url.block]?.[F.url.action]?.value ?? '');
    if (!/^https?:\/\/[^\s<>|]+$/.test(url)) {
      await (ack as Ack)({ response_action: 'errors', errors: { [F.url.block]: plainText(renderRefusal(view, { code: 'bad_url' })) } });
      return;
    }
    await submit(ack, F.url.block, CallbackId.statementPublish, async () => {
      if (!isPlatform(platform)) throw new Error(`unknown platform ${platform}`);
      await statements.markPublished(idOf(form), actor(body), platform, url);
    });
  });
}
