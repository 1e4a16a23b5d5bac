import type { App } from '@slack/bolt';
import { SEVERITIES, type Severity } from '../../../config/plan-schema.js';
import { validateOpen } from '../../../domain/command.js';
import { cleanProse } from '../../../domain/text.js';
import { CallbackId, OpenModalField as F } from '../../ids.js';
import type { ListenerDeps } from '../deps.js';
import { userMessage } from '../reply.js';

/** The form's submission: same validation as the inline command; errors shown on the field. */
export function registerOpenModal(app: App, deps: ListenerDeps): void {
  const { service, plan, log } = deps;
  app.view(CallbackId.openModal, async ({ ack, view, body }) => {
    const values = view.state.values;
    const title = values[F.title.block]?.[F.title.action]?.value ?? '';
    const severity = values[F.severity.block]?.[F.severity.action]?.selected_option?.value ?? 'sev2';
    const type = values[F.type.block]?.[F.type.action]?.selected_option?.value ?? 'default';
    const summary = cleanProse(values[F.summary.block]?.[F.summary.action]?.value ?? '');
    if (!(SEVERITIES as readonly string[]).includes(severity)) {
      await ack({ response_action: 'errors', errors: { [F.severity.block]: 'Choose sev1, sev2 or sev3.' } });
      return;
    }
    if (!Object.hasOwn(plan.checklists, type)) {
      await ack({ response_action: 'errors', errors: { [F.type.block]: 'Choose a crisis type from the plan.' } });
      return;
    }
    const checked = validateOpen(severity as Severity, type, title);
    if (checked.kind !== 'open') {
      const reason = checked.kind === 'invalid' ? checked.reason : 'Give the crisis a title.';
      await ack({ response_action: 'errors', errors: { [F.title.block]: reason.replace(/`/g, '') } });
      return;
    }
    try {
      // The view id is unique per form: a resubmission finds the crisis it already opened.
      service.open({ ...checked, summary: summary || undefined, opener: { id: body.user.id, name: body.user.name }, openKey: `view:${view.id}` });
      await ack();
    } catch (error) {
      const message = userMessage(error, log, { view: CallbackId.openModal });
      await ack({ response_action: 'errors', errors: { [F.title.block]: message } });
    }
  });
}
