import type { App, RespondArguments, SlashCommand } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { parseCommand } from '../../../domain/command.js';
import type { Crisis } from '../../../domain/crisis.js';
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
  renderChartComing,
} from '../../views/answers.js';
import { renderHelp } from '../../views/help.js';
import { renderOpenModal } from '../../views/open-modal.js';
import { renderStatusMessage } from '../../views/status.js';
import { renderStatementModal } from '../../views/statements.js';
import { renderFreezeBoard } from '../../views/freeze.js';
import { statusText } from '../status.js';
import type { ListenerDeps } from '../deps.js';
import { userMessage } from '../reply.js';


const ephemeral = (text: string): RespondArguments => ({ response_type: 'ephemeral', text });

/**
 * `/crisis …`. Each answer is decided and recorded synchronously in SQLite (milliseconds), then
 * acked; the Slack work it causes runs from the outbox after the ack.
 */
export function registerCrisisCommand(app: App, deps: ListenerDeps): void {
  const { service, plan, log, view } = deps;
  const types = Object.keys(plan.checklists);

  const inCrisisChannel = (command: SlashCommand, verb: string): Crisis => {
    const crisis = service.crisisInChannel(command.channel_id);
    if (!crisis) throw new UserError({ code: 'not_in_crisis_channel', verb });
    return crisis;
  };

  app.command('/crisis', async ({ command, ack, client, respond }) => {
    const actor = { id: command.user_id, name: command.user_name };
    const parsed = parseCommand(command.text ?? '', types);
    let answer: string | { text: string; blocks?: KnownBlock[] };
    try {
      switch (parsed.kind) {
        case 'help':
          answer = renderHelp(view, types);
          break;
        case 'invalid':
          answer = renderProblem(view, parsed.problem);
          break;
        case 'open-modal': {
          await ack();
          try {
            await client.views.open({ trigger_id: command.trigger_id, view: renderOpenModal(view, types) });
          } catch (error) {
            log.warn({ err: error }, 'could not open the crisis form');
            await respond(ephemeral(renderRefusal(view, { code: 'form_failed' })));
          }
          return;
        }
        case 'open': {
          const { crisis, created } = service.open({ ...parsed, opener: actor, openKey: `slash:${command.trigger_id}` });
          answer = renderOpening(view, crisis, created);
          break;
        }
        case 'status': {
          const crisis = inCrisisChannel(command, 'status');
          answer = renderStatusMessage(view, crisis.id, statusText(deps, crisis));
          break;
        }
        case 'update':
          service.postUpdate(inCrisisChannel(command, 'update'), actor, parsed.text);
          answer = renderUpdateRecorded(view);
          break;
        case 'close':
          service.close(inCrisisChannel(command, 'close'), actor, parsed.summary);
          answer = renderClosed(view);
          break;
        case 'escalate':
          answer = renderEscalated(view, deps.escalation.escalate(inCrisisChannel(command, 'escalate'), actor));
          break;
        case 'severity': {
          const { pagedUpTo } = deps.escalation.changeSeverity(inCrisisChannel(command, 'severity'), actor, parsed.severity);
          answer = renderSeverityChanged(view, parsed.severity, pagedUpTo);
          break;
        }
        case 'title':
          deps.amend.retitle(inCrisisChannel(command, 'title'), actor, parsed.title);
          answer = renderAmended(view, { title: parsed.title });
          break;
        case 'type': {
          const added = deps.amend.changeType(inCrisisChannel(command, 'type'), actor, parsed.type);
          answer = renderAmended(view, { type: parsed.type, added });
          break;
        }
        case 'lead':
          deps.amend.setLead(inCrisisChannel(command, 'lead'), actor, parsed.userId);
          answer = renderAmended(view, { lead: parsed.userId });
          break;
        case 'statement-modal': {
          const crisis = inCrisisChannel(command, 'statement');
          await ack();
          try {
            await client.views.open({ trigger_id: command.trigger_id, view: renderStatementModal(view, crisis.id) });
          } catch (error) {
            log.warn({ err: error }, 'could not open the statement form');
            await respond(ephemeral(renderRefusal(view, { code: 'statement_empty' })));
          }
          return;
        }
        case 'statement': {
          deps.statements.draft(inCrisisChannel(command, 'statement'), actor, parsed.text, []);
          answer = renderStatementDrafted(view);
          break;
        }
        case 'freeze': {
          const crisis = inCrisisChannel(command, 'freeze');
          const snap = service.snapshot(crisis.id)!;
          answer = renderFreezeBoard(view, crisis, snap.freezes, snap.held);
          break;
        }
        case 'list':
          answer = renderOpenCrises(view, service.listOpen(), (c) => service.backlog(c.id).failed > 0);
          break;
        case 'respond': {
          const crisis = inCrisisChannel(command, 'respond');
          answer = renderQueued(view, deps.responses.add(crisis, actor, parsed.url, parsed.note).created, crisis);
          break;
        }
        case 'qa':
          answer = renderQaAdded(view, deps.learning.addQa(inCrisisChannel(command, 'qa'), actor, parsed.question, parsed.answer));
          break;
        case 'qa-publish':
          answer = renderQaPublished(view, deps.learning.publishQa(inCrisisChannel(command, 'qa'), actor));
          break;
        case 'lesson': {
          // Also in a closed crisis's channel: lessons come after, too.
          const crisis = inCrisisChannel(command, 'lesson');
          deps.learning.addLesson(crisis, actor, parsed.text);
          answer = renderLessonAdded(view, crisis.state !== 'open');
          break;
        }
        case 'chart':
          service.requestChart(inCrisisChannel(command, 'chart'));
          answer = renderChartComing(view);
          break;
        case 'action':
          deps.learning.addAction(inCrisisChannel(command, 'action'), actor, parsed.ownerId, parsed.text);
          answer = renderActionAdded(view, parsed.ownerId);
          break;
      }
    } catch (error) {
      answer = userMessage(view, error, log, { command: parsed.kind });
    }
    await ack(typeof answer === 'string' ? ephemeral(answer) : { response_type: 'ephemeral', ...answer });
  });
}
