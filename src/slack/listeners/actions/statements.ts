import type { ViewOutput } from '@slack/bolt';
import type { View } from '@slack/types';
import { current, fillTemplate, isApproved, isPlatform, type Platform, type StatementRecord } from '../../../domain/statements.js';
import { UserError } from '../../../services/errors.js';
import { ActionId, StatementField as F } from '../../ids.js';
import { renderChangesModal, renderEditModal, renderPublishModal, renderSendModal, renderStatementModal } from '../../views/statements.js';
import type { ListenerDeps } from '../deps.js';
import { ackOnce, userMessage } from '../reply.js';
import type { ActionHandler, ButtonArgs } from './types.js';

/** What the statement form holds now: the text typed, the platforms ticked, the subject for `{topic}`. */
export function statementForm(view: Pick<ViewOutput, 'state'>): { text: string; platforms: Platform[]; topic: string } {
  const values = view.state.values;
  const textBlock = Object.keys(values).find((b) => b.startsWith(F.text.block));
  const text = (textBlock ? values[textBlock]?.[F.text.action]?.value : undefined) ?? '';
  const ticked = values[F.platforms.block]?.[F.platforms.action]?.selected_options ?? [];
  const topic = values[F.topic.block]?.[F.topic.action]?.value ?? '';
  return { text, platforms: ticked.map((o) => o.value).filter(isPlatform), topic };
}

/** What the statement's buttons and form inputs use. */
export type StatementActionDeps = Pick<ListenerDeps, 'statements' | 'statementRepo' | 'service' | 'plan' | 'view' | 'log'>;

/** The form's state as a refresh shows it: the text, the platforms ticked, which text block. */
type FormState = Parameters<typeof renderStatementModal>[2];

/**
 * The statement's buttons (Approve decides at once; Request changes, Edit, Publish and Mark
 * published open a form) and the statement form's inputs, which dispatch as they are used so the form can
 * show the length per platform and fill in a plan statement.
 */
export function statementHandlers(deps: StatementActionDeps): Record<string, ActionHandler> {
  const { statementRepo, view } = deps;
  return {
    [ActionId.statementApprove]: approve(deps),
    [ActionId.statementChanges]: opensForm(deps, ActionId.statementChanges, async (versionId) => {
      await currentRecord(statementRepo, versionId);
      return renderChangesModal(view, versionId);
    }),
    [ActionId.statementEdit]: opensForm(deps, ActionId.statementEdit, async (statementId) =>
      renderEditModal(view, await recordOf(statementRepo, statementId)),
    ),
    [ActionId.statementPublish]: opensForm(deps, ActionId.statementPublish, async (versionId) => {
      const record = await currentRecord(statementRepo, versionId);
      if (!isApproved(current(record))) throw new UserError({ code: 'statement_not_approved' });
      return renderPublishModal(view, record);
    }),
    [ActionId.statementSend]: opensForm(deps, ActionId.statementSend, async (versionId) => {
      const record = await currentRecord(statementRepo, versionId);
      if (!isApproved(current(record))) throw new UserError({ code: 'statement_not_approved' });
      return renderSendModal(view, record);
    }),
    [F.text.action]: refreshesForm(deps, asTyped),
    [F.template.action]: refreshesForm(deps, (args, crisisId) => fromTemplate(deps, args, crisisId)),
  };
}

/** An answer to the presser alone, leaving the message pressed on as it is. */
async function answer(args: ButtonArgs, text: string): Promise<void> {
  await args.respond?.({ response_type: 'ephemeral', replace_original: false, text });
}

/** The id a button carries; anything else is a forged or stale payload. */
function idOf(args: ButtonArgs): number | undefined {
  const id = Number(args.action.value);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** Approve: acked at once, then decided; a refusal is answered to the presser. */
function approve({ statements, view, log }: StatementActionDeps): ActionHandler {
  return async (args) => {
    await args.ack();
    const id = idOf(args);
    try {
      if (id === undefined) throw new UserError({ code: 'stale_button' });
      await statements.approve(id, { id: args.body.user.id, name: args.body.user.name ?? args.body.user.username });
    } catch (error) {
      await answer(args, userMessage(view, error, log, { action: ActionId.statementApprove }));
    }
  };
}

/** A button that opens a form: Slack's trigger lives 3 s, so the form opens before the ack. */
function opensForm({ view, log }: StatementActionDeps, actionId: string, form: (id: number) => Promise<View>): ActionHandler {
  return async (args) => {
    const id = idOf(args);
    const ack = ackOnce(args.ack);
    try {
      if (id === undefined) throw new UserError({ code: 'stale_button' });
      const built = await form(id);
      await ack();
      await args.client.views.open({ trigger_id: args.body.trigger_id, view: built });
    } catch (error) {
      await ack();
      await answer(args, userMessage(view, error, log, { action: actionId }));
    }
  };
}

async function recordOf(statementRepo: StatementActionDeps['statementRepo'], statementId: number): Promise<StatementRecord> {
  const record = await statementRepo.record(statementId);
  if (!record) throw new UserError({ code: 'stale_button' });
  return record;
}

/** The record, if `versionId` is still its current version: a form for an older text decides nothing. */
async function currentRecord(statementRepo: StatementActionDeps['statementRepo'], versionId: number): Promise<StatementRecord> {
  const version = await statementRepo.versionById(versionId);
  if (!version) throw new UserError({ code: 'stale_button' });
  const record = await recordOf(statementRepo, version.statementId);
  const latest = current(record);
  if (latest.id !== versionId) throw new UserError({ code: 'statement_superseded', version: latest.version });
  return record;
}

/** The form, updated in place as it is filled in. */
function refreshesForm(
  { view, log }: StatementActionDeps,
  pick: (args: ButtonArgs, crisisId: number) => FormState | Promise<FormState>,
): ActionHandler {
  return async (args) => {
    await args.ack();
    const form = (args.body as { view?: ViewOutput }).view;
    const crisisId = Number(form?.private_metadata);
    if (!form || !Number.isSafeInteger(crisisId)) return;
    try {
      await args.client.views.update({
        view_id: form.id,
        hash: form.hash,
        view: renderStatementModal(view, crisisId, await pick(args, crisisId)),
      });
    } catch (error) {
      // A newer keystroke already updated the form (hash_conflict): that one shows the latest.
      log.debug({ err: error }, 'statement form not updated');
    }
  };
}

/** The text as typed: the per-platform counts follow it. */
function asTyped(args: ButtonArgs): FormState {
  const form = statementForm((args.body as unknown as { view: ViewOutput }).view);
  return { text: form.text, platforms: form.platforms, revision: revisionOf(args) };
}

/** A plan statement chosen: its text, filled in, replaces what was typed (in a new text block, so Slack shows it). */
async function fromTemplate({ plan, service }: StatementActionDeps, args: ButtonArgs, crisisId: number): Promise<FormState> {
  const form = statementForm((args.body as unknown as { view: ViewOutput }).view);
  const chosen = plan.statements.find(
    (s) => s.id === (args.action as unknown as { selected_option?: { value: string } }).selected_option?.value,
  );
  const crisis = (await service.snapshot(crisisId))?.crisis;
  const text = chosen && crisis ? fillTemplate(chosen.text, { title: crisis.title, company: plan.company }) : form.text;
  return { text, platforms: form.platforms, revision: revisionOf(args) + 1 };
}

/** Which text block the form shows (its id changes when a template replaces the text). */
function revisionOf(args: ButtonArgs): number {
  const blocks = ((args.body as unknown as { view?: ViewOutput }).view?.blocks ?? []) as { block_id?: string }[];
  const id = blocks.find((b) => b.block_id?.startsWith(`${F.text.block}-`))?.block_id ?? '';
  return Number(id.slice(F.text.block.length + 1)) || 0;
}
