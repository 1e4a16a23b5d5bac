import type { App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Logger } from 'pino';

/** What a form's handler gets from Bolt: the submission and its ack. */
export type ViewArgs = Pick<SlackViewMiddlewareArgs<ViewSubmitAction>, 'ack' | 'view' | 'body'>;
export type ViewHandler = (args: ViewArgs) => Promise<void>;

/** Where a form's handler is registered by its callback id (see ViewListeners). */
export interface ViewRegistry {
  view(callbackId: string, handler: ViewHandler): void;
}

/**
 * Every form the app opens, submitted to one Bolt listener that dispatches on the callback id.
 * Bolt runs the middleware chain of every registered listener for every request: nine form
 * listeners cost each click nine chains that could never match (see registerActions, which does
 * the same for buttons, and bench/ack.ts).
 */
export class ViewListeners implements ViewRegistry {
  private readonly handlers = new Map<string, ViewHandler>();

  view(callbackId: string, handler: ViewHandler): void {
    if (this.handlers.has(callbackId)) throw new Error(`two handlers for the form ${callbackId}`);
    this.handlers.set(callbackId, handler);
  }

  register(app: App, log: Logger): void {
    app.view<ViewSubmitAction>({ type: 'view_submission' }, async ({ ack, view, body }) => {
      const handler = this.handlers.get(view.callback_id);
      // As when no listener matched: left unanswered, and Slack tells the person it failed.
      if (!handler) return log.warn({ callbackId: view.callback_id }, 'a form the app does not know was submitted');
      await handler({ ack, view, body });
    });
  }
}
