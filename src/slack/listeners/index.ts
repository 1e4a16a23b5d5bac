import type { App } from '@slack/bolt';
import { registerActions } from './actions/index.js';
import { registerCrisisCommand } from './commands/crisis.js';
import type { ListenerDeps } from './deps.js';
import { registerOpenModal } from './views/open-modal.js';
import { registerStatementViews } from './views/statements.js';
import { registerHeldPostViews } from './views/held-posts.js';
import { registerResponseViews } from './views/responses.js';
import { registerShortcuts } from './shortcuts.js';
import { registerLearningViews } from './views/learning.js';

export type { ListenerDeps } from './deps.js';

export function registerListeners(app: App, deps: ListenerDeps): void {
  registerCrisisCommand(app, deps);
  registerActions(app, deps);
  registerOpenModal(app, deps);
  registerStatementViews(app, deps);
  registerHeldPostViews(app, deps);
  registerResponseViews(app, deps);
  registerShortcuts(app, deps);
  registerLearningViews(app, deps);
}
