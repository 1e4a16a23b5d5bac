import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { buttonHandlers, type ButtonDeps } from './buttons.js';
import { statementHandlers, type StatementActionDeps } from './statements.js';
import { heldPostHandlers, type HeldPostActionDeps } from './held-posts.js';
import { responseHandlers, type ResponseActionDeps } from './responses.js';
import { learningHandlers, type LearningActionDeps } from './learning.js';
import { planHandlers, type PlanActionDeps } from './plan.js';
import { homeHandlers, type HomeActionDeps } from './home.js';
import { triageHandlers, type TriageActionDeps } from './triage.js';
import type { ActionHandler } from './types.js';
import { unknownActionHandler, type UnknownActionDeps } from './unknown.js';

/** What the button families use, together. */
export type ActionDeps = ButtonDeps &
  TriageActionDeps &
  StatementActionDeps &
  HeldPostActionDeps &
  ResponseActionDeps &
  LearningActionDeps &
  PlanActionDeps &
  HomeActionDeps &
  UnknownActionDeps;

/**
 * One Bolt listener for every button, dispatching on the action id. Bolt runs the middleware
 * chain of every registered listener for every request, so one listener per action id (seven)
 * cost each click six chains that could never match: under a burst of 200 clicks that was
 * measurable CPU and garbage (bench/ack.ts).
 */
export function registerActions(app: App, deps: ActionDeps): void {
  const handlers = new Map<string, ActionHandler>(
    Object.entries({
      ...buttonHandlers(deps),
      ...triageHandlers(deps),
      ...statementHandlers(deps),
      ...heldPostHandlers(deps),
      ...responseHandlers(deps),
      ...learningHandlers(deps),
      ...planHandlers(deps),
      ...homeHandlers(deps),
    }),
  );
  const unknown = unknownActionHandler(deps);
  app.action<BlockAction>({ type: 'block_actions' }, async ({ ack, action, body, respond, client }) => {
    const handler = handlers.get(action.action_id) ?? unknown;
    // Every element the app posts that has an action id is a button, but for the statement
    // form's inputs, which dispatch as they are used (see actions/statements).
    // `respond` is typed as always there; Bolt leaves it out when the payload has no response URL.
    await handler({
      ack,
      action: action as ButtonAction,
      body: body as BlockAction<ButtonAction>,
      client,
      respond,
    });
  });
}
