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
import { registerChecklistViews } from './views/checklist.js';
import { ViewListeners } from './views/dispatch.js';
import { registerHome } from './home.js';

export type { ListenerDeps } from './deps.js';

export function registerListeners(app: App, deps: ListenerDeps): void {
  registerCrisisCommand(app, deps);
  registerActions(app, deps);
  const views = new ViewListeners();
  registerOpenModal(views, deps);
  registerStatementViews(views, deps);
  registerHeldPostViews(views, deps);
  registerResponseViews(views, deps);
  registerLearningViews(views, deps);
  registerChecklistViews(views, deps);
  views.register(app, deps.log);
  registerShortcuts(app, deps);
  registerHome(app, deps);
}
