import type { App, RespondArguments, RespondFn, SlashCommand } from '@slack/bolt';
import type { KnownBlock, View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { parseCommand, type CrisisCommand } from '../../../domain/command.js';
import type { Crisis } from '../../../domain/crisis.js';
import type { Refusal } from '../../../domain/refusals.js';
import type { Actor } from '../../../services/people.js';
import { UserError } from '../../../services/errors.js';
import {
  renderAmended,
  renderClosed,
  renderEscalated,
  renderOpenCrises,
  renderOpening,
  renderProblem,
  renderRefusal,
  renderSeverityChanged,
  renderStatementDrafted,
  renderUpdateRecorded,
  renderQueued,
  renderQaAdded,
  renderQaPublished,
  renderLessonAdded,
  renderActionAdded,
  renderCalling,
  renderChartComing,
  renderDrillOpening,
} from '../../views/answers.js';
import { renderHelp } from '../../views/help.js';
import { renderPlanCheck } from '../../views/plan.js';
import { renderOpenModal } from '../../views/open-modal.js';
import { renderStatusMessage } from '../../views/status.js';
import { renderStatementModal } from '../../views/statements.js';
import { renderFreezeBoard } from '../../views/freeze.js';
import { statusText, type StatusDeps } from '../status.js';
import type { ListenerDeps } from '../deps.js';
import { userMessage } from '../reply.js';

/** What `/crisis` uses: every service a verb calls, and what status reads. */
export type CrisisCommandDeps = Pick<
  ListenerDeps,
  | 'service'
  | 'escalation'
  | 'amend'
  | 'statements'
  | 'responses'
  | 'learning'
  | 'phone'
  | 'planService'
  | 'planCheck'
  | 'plan'
  | 'view'
  | 'log'
> &
  StatusDeps;

/** The caller's answer: a line, or a message with blocks; always ephemeral. */
type Answer = string | { text: string; blocks?: KnownBlock[] };

/** A verb that opened a form has acked already: there is nothing left to answer. */
const ACKED = Symbol('acked');

/** One `/crisis` as typed: who, where, with Bolt's ack, client and response URL. */
interface Invocation {
  readonly deps: CrisisCommandDeps;
  /** The plan's crisis types. */
  readonly types: readonly string[];
  readonly command: SlashCommand;
  readonly actor: Actor;
  readonly ack: (answer?: RespondArguments) => Promise<void>;
  readonly client: WebClient;
  readonly respond: RespondFn;
}

type VerbHandler<K extends CrisisCommand['kind']> = (
  parsed: Extract<CrisisCommand, { kind: K }>,
  call: Invocation,
) => Answer | typeof ACKED | Promise<Answer | typeof ACKED>;

/**
 * What each command does, by what the parser made of it. The type asks for every kind of
 * `CrisisCommand`: a new command without its entry here does not compile.
 */
const VERBS: { readonly [K in CrisisCommand['kind']]: VerbHandler<K> } = {
  help: (_, { deps, types }) => renderHelp(deps.view, types),
  invalid: (parsed, { deps }) => renderProblem(deps.view, parsed.problem),
  'open-modal': (_, call) =>
    openForm(
      call,
      () => renderOpenModal(call.deps.view, call.types),
      { code: 'form_failed' },
      (err) => call.deps.log.warn({ err }, 'could not open the crisis form'),
    ),
  open: async (parsed, { deps, command, actor }) => {
    const { crisis, created } = await deps.service.open({ ...parsed, opener: actor, openKey: `slash:${command.trigger_id}` });
    return renderOpening(deps.view, crisis, created);
  },
  // A drill: the plan rehearsed as for real, in a drill- channel, touching nothing public.
  drill: async (parsed, { deps, command, actor }) => {
    const { drills } = deps.plan;
    const scenario = parsed.scenario === undefined ? undefined : drills.find((d) => d.id === parsed.scenario);
    if (parsed.scenario !== undefined && !scenario)
      throw new UserError({ code: 'unknown_scenario', scenario: parsed.scenario, known: drills.map((d) => d.id) });
    const title = scenario ? deps.view.m.t('drill.titled', { title: scenario.title }) : deps.view.m.t('drill.title');
    const { crisis, created } = await deps.service.openDrill(actor, `slash:${command.trigger_id}`, title, scenario);
    return renderDrillOpening(deps.view, crisis, created);
  },
  status: async (_, call) => {
    const crisis = await inCrisisChannel(call, 'status');
    return renderStatusMessage(call.deps.view, crisis.id, await statusText(call.deps, crisis));
  },
  update: async (parsed, call) => {
    await call.deps.service.postUpdate(await inCrisisChannel(call, 'update'), call.actor, parsed.text);
    return renderUpdateRecorded(call.deps.view);
  },
  close: async (parsed, call) => {
    await call.deps.service.close(await inCrisisChannel(call, 'close'), call.actor, parsed.summary);
    return renderClosed(call.deps.view);
  },
  escalate: async (_, call) =>
    renderEscalated(call.deps.view, await call.deps.escalation.escalate(await inCrisisChannel(call, 'escalate'), call.actor)),
  severity: async (parsed, call) => {
    const { pagedUpTo } = await call.deps.escalation.changeSeverity(await inCrisisChannel(call, 'severity'), call.actor, parsed.severity);
    return renderSeverityChanged(call.deps.view, parsed.severity, pagedUpTo);
  },
  title: async (parsed, call) => {
    await call.deps.amend.retitle(await inCrisisChannel(call, 'title'), call.actor, parsed.title);
    return renderAmended(call.deps.view, { title: parsed.title });
  },
  type: async (parsed, call) => {
    const added = await call.deps.amend.changeType(await inCrisisChannel(call, 'type'), call.actor, parsed.type);
    return renderAmended(call.deps.view, { type: parsed.type, added });
  },
  lead: async (parsed, call) => {
    await call.deps.amend.setLead(await inCrisisChannel(call, 'lead'), call.actor, parsed.userId);
    return renderAmended(call.deps.view, { lead: parsed.userId });
  },
  'statement-modal': async (_, call): Promise<typeof ACKED> => {
    const crisis = await inCrisisChannel(call, 'statement');
    return openForm(
      call,
      () => renderStatementModal(call.deps.view, crisis.id),
      { code: 'statement_empty' },
      (err) => call.deps.log.warn({ err }, 'could not open the statement form'),
    );
  },
  statement: async (parsed, call) => {
    await call.deps.statements.draft(await inCrisisChannel(call, 'statement'), call.actor, parsed.text, []);
    return renderStatementDrafted(call.deps.view);
  },
  freeze: async (_, call) => {
    const crisis = await inCrisisChannel(call, 'freeze');
    const snap = (await call.deps.service.snapshot(crisis.id))!;
    return renderFreezeBoard(call.deps.view, crisis, snap.freezes, snap.held);
  },
  list: async (_, { deps: { service, view } }) => {
    const open = await service.listOpen();
    // Asked only of a crisis without a channel, the one place the list says whether it failed.
    const backlogs = await Promise.all(open.map(async (c) => (c.channelId ? undefined : service.backlog(c.id))));
    const failed = new Set(open.filter((_c, i) => (backlogs[i]?.failed ?? 0) > 0));
    return renderOpenCrises(view, open, (c) => failed.has(c));
  },
  respond: async (parsed, call) => {
    const crisis = await inCrisisChannel(call, 'respond');
    return renderQueued(call.deps.view, (await call.deps.responses.add(crisis, call.actor, parsed.url, parsed.note)).created, crisis);
  },
  qa: async (parsed, call) =>
    renderQaAdded(
      call.deps.view,
      await call.deps.learning.addQa(await inCrisisChannel(call, 'qa'), call.actor, parsed.question, parsed.answer),
    ),
  'qa-publish': async (_, call) =>
    renderQaPublished(call.deps.view, await call.deps.learning.publishQa(await inCrisisChannel(call, 'qa'), call.actor)),
  lesson: async (parsed, call) => {
    // Also in a closed crisis's channel: lessons come after, too.
    const crisis = await inCrisisChannel(call, 'lesson');
    await call.deps.learning.addLesson(crisis, call.actor, parsed.text, parsed.planChange);
    return renderLessonAdded(call.deps.view, crisis.state !== 'open', parsed.planChange);
  },
  chart: async (_, call) => {
    await call.deps.service.requestChart(await inCrisisChannel(call, 'chart'));
    return renderChartComing(call.deps.view);
  },
  action: async (parsed, call) => {
    await call.deps.learning.addAction(await inCrisisChannel(call, 'action'), call.actor, parsed.ownerId, parsed.text, parsed.dueOn);
    return renderActionAdded(call.deps.view, parsed.ownerId, parsed.dueOn);
  },
  call: async (parsed, call) => {
    await call.deps.phone.callNow(await inCrisisChannel(call, 'call'), call.actor, parsed.userId);
    return renderCalling(call.deps.view, parsed.userId);
  },
  // Asking Slack about every roster member takes longer than an ack may: acked first, answered after.
  plan: async (_, call): Promise<typeof ACKED> => {
    const { planService, planCheck, view, log } = call.deps;
    planService.assertMayRead(call.actor.id);
    await call.ack(ephemeral(view.m.t('plan.checking')));
    try {
      const [check, upkeep] = await Promise.all([planCheck(), planService.upkeep()]);
      await call.respond({ response_type: 'ephemeral', replace_original: true, ...renderPlanCheck(view, check, upkeep) });
    } catch (error) {
      await call.respond({ response_type: 'ephemeral', replace_original: true, text: userMessage(view, error, log, { command: 'plan' }) });
    }
    return ACKED;
  },
};

/**
 * `/crisis …`. Each answer is decided and recorded in the database (milliseconds), then
 * acked; the Slack work it causes runs from the outbox after the ack.
 */
export function registerCrisisCommand(app: App, deps: CrisisCommandDeps): void {
  const types = Object.keys(deps.plan.checklists);
  app.command('/crisis', async ({ command, ack, client, respond }) => {
    const parsed = parseCommand(command.text, types);
    const call: Invocation = { deps, types, command, actor: { id: command.user_id, name: command.user_name }, ack, client, respond };
    let answer: Answer | typeof ACKED;
    try {
      answer = await run(parsed, call);
    } catch (error) {
      answer = userMessage(deps.view, error, deps.log, { command: parsed.kind });
    }
    if (answer !== ACKED) await ack(typeof answer === 'string' ? ephemeral(answer) : { response_type: 'ephemeral', ...answer });
  });
}

/** The command's entry in VERBS, called with the command it is for. */
function run<K extends CrisisCommand['kind']>(parsed: Extract<CrisisCommand, { kind: K }>, call: Invocation): ReturnType<VerbHandler<K>> {
  return VERBS[parsed.kind](parsed, call);
}

const ephemeral = (text: string): RespondArguments => ({ response_type: 'ephemeral', text });

/** The crisis whose channel the command was typed in; anywhere else, `verb` is refused. */
async function inCrisisChannel({ deps, command }: Invocation, verb: string): Promise<Crisis> {
  const crisis = await deps.service.crisisInChannel(command.channel_id);
  if (!crisis) throw new UserError({ code: 'not_in_crisis_channel', verb });
  return crisis;
}

/**
 * A form opens on the command's trigger, which lives 3 s: acked first, then opened; if Slack
 * will not open it, that is logged and the caller gets `refusal` after the ack.
 */
async function openForm(call: Invocation, form: () => View, refusal: Refusal, logFailure: (error: unknown) => void): Promise<typeof ACKED> {
  await call.ack();
  try {
    await call.client.views.open({ trigger_id: call.command.trigger_id, view: form() });
  } catch (error) {
    logFailure(error);
    await call.respond(ephemeral(renderRefusal(call.deps.view, refusal)));
  }
  return ACKED;
}
