import { validateOpen } from '../../../domain/command.js';
import { isSeverity } from '../../../config/severity.js';
import { cleanProse } from '../../../domain/text.js';
import { CallbackId, OpenModalField as F } from '../../ids.js';
import { renderProblem } from '../../views/answers.js';
import { plainText } from '../../views/mrkdwn.js';
import type { ListenerDeps } from '../deps.js';
import type { ViewRegistry } from './dispatch.js';
import { userMessage } from '../reply.js';

export type OpenModalDeps = Pick<ListenerDeps, 'service' | 'plan' | 'view' | 'log'>;

/** The form's submission: same validation as the inline command; errors shown on the field. */
export function registerOpenModal(views: ViewRegistry, deps: OpenModalDeps): void {
  const { service, plan, log, view } = deps;
  const { m } = view;
  views.view(CallbackId.openModal, async ({ ack, view: form, body }) => {
    const values = form.state.values;
    const title = values[F.title.block]?.[F.title.action]?.value ?? '';
    const severity = values[F.severity.block]?.[F.severity.action]?.selected_option?.value ?? 'sev2';
    const type = values[F.type.block]?.[F.type.action]?.selected_option?.value ?? 'default';
    const summary = cleanProse(values[F.summary.block]?.[F.summary.action]?.value ?? '');
    if (!isSeverity(severity)) {
      await ack({ response_action: 'errors', errors: { [F.severity.block]: m.t('modal.chooseSeverity') } });
      return;
    }
    if (!Object.hasOwn(plan.checklists, type)) {
      await ack({ response_action: 'errors', errors: { [F.type.block]: m.t('modal.chooseType') } });
      return;
    }
    const checked = validateOpen(severity, type, title);
    if (checked.kind !== 'open') {
      const reason = checked.kind === 'invalid' ? renderProblem(view, checked.problem) : '';
      await ack({ response_action: 'errors', errors: { [F.title.block]: plainText(reason) } });
      return;
    }
    try {
      // The view id is unique per form: a resubmission finds the crisis it already opened.
      await service.open({
        ...checked,
        summary: summary || undefined,
        opener: { id: body.user.id, name: body.user.name },
        openKey: `view:${form.id}`,
      });
      await ack();
    } catch (error) {
      const message = userMessage(view, error, log, { view: CallbackId.openModal });
      await ack({ response_action: 'errors', errors: { [F.title.block]: plainText(message) } });
    }
  });
}
