import type { App, RespondArguments, SlashCommand } from '@slack/bolt';
import { parseCommand } from '../../../domain/command.js';
import { decodeSlackEntities, escapeMrkdwn } from '../../../domain/text.js';
import { UserError } from '../../../services/errors.js';
import type { CrisisRow } from '../../../store/schema.js';
import { renderHelp } from '../../views/help.js';
import { renderOpenModal } from '../../views/open-modal.js';
import { renderStatus } from '../../views/status.js';
import { channelLink } from '../../views/format.js';
import type { ListenerDeps } from '../deps.js';
import { userMessage } from '../reply.js';

const ephemeral = (text: string): RespondArguments => ({ response_type: 'ephemeral', text });

/**
 * `/crisis …`. Each answer is decided and recorded synchronously in SQLite (milliseconds), then
 * acked; the Slack work it causes runs from the outbox after the ack.
 */
export function registerCrisisCommand(app: App, deps: ListenerDeps): void {
  const { service, plan, log } = deps;
  const types = Object.keys(plan.checklists);

  const inCrisisChannel = (command: SlashCommand, verb: string): CrisisRow => {
    const crisis = service.crisisInChannel(command.channel_id);
    if (!crisis) throw new UserError(`\`/crisis ${verb}\` works in a crisis channel; \`/crisis list\` shows the open crises.`);
    return crisis;
  };

  const where = (c: CrisisRow) =>
    c.channelId ? channelLink(c.channelId) : service.backlog(c.id).failed ? '(the channel could not be created; see the logs)' : '(channel being created)';

  app.command('/crisis', async ({ command, ack, client, respond }) => {
    const actor = { id: command.user_id, name: command.user_name };
    const parsed = parseCommand(decodeSlackEntities(command.text ?? ''), types);
    let answer: string;
    try {
      switch (parsed.kind) {
        case 'help':
          answer = renderHelp(types);
          break;
        case 'invalid':
          answer = parsed.reason;
          break;
        case 'open-modal': {
          await ack();
          try {
            await client.views.open({ trigger_id: command.trigger_id, view: renderOpenModal(types) });
          } catch (error) {
            log.warn({ err: error }, 'could not open the crisis form');
            await respond(ephemeral('Could not open the form; use `/crisis open [sev1|sev2|sev3] <title>` instead.'));
          }
          return;
        }
        case 'open': {
          const { crisis, created } = service.open({ ...parsed, opener: actor, openKey: `slash:${command.trigger_id}` });
          const stage = plan.stages[crisis.stage - 1]!;
          const stages = crisis.stage > 1 ? `stages 1–${crisis.stage}` : 'stage 1';
          answer = created
            ? `Opening *${escapeMrkdwn(crisis.title)}* (${crisis.severity}): creating the channel and paging ${stages} (up to ${escapeMrkdwn(stage.name)}).`
            : `*${escapeMrkdwn(crisis.title)}* is already being opened.`;
          break;
        }
        case 'status': {
          const crisis = inCrisisChannel(command, 'status');
          const timers = { nextEscalationAt: service.nextEscalationAt(crisis) };
          answer = renderStatus(plan, service.snapshot(crisis.id)!, service.backlog(crisis.id), deps.clock(), timers);
          break;
        }
        case 'update':
          service.postUpdate(inCrisisChannel(command, 'update'), actor, parsed.text);
          answer = 'Update recorded; it is being posted to the channel.';
          break;
        case 'close':
          service.close(inCrisisChannel(command, 'close'), actor, parsed.summary);
          answer = 'Crisis closed; the debrief is being posted.';
          break;
        case 'escalate':
          answer = deps.escalation.escalate(inCrisisChannel(command, 'escalate'), actor);
          break;
        case 'severity':
          answer = deps.escalation.changeSeverity(inCrisisChannel(command, 'severity'), actor, parsed.severity);
          break;
        case 'list': {
          const open = service.listOpen();
          answer = open.length
            ? ['*Open crises*', ...open.map((c) => `• ${where(c)} ${escapeMrkdwn(c.title)} · ${c.severity}`)].join('\n')
            : 'No crisis is open.';
          break;
        }
      }
    } catch (error) {
      answer = userMessage(error, log, { command: parsed.kind });
    }
    await ack(ephemeral(answer));
  });
}
