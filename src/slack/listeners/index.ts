import type { App } from '@slack/bolt';
import { registerButtons } from './actions/buttons.js';
import { registerTriageButtons } from './actions/triage.js';
import { registerUnknownActions } from './actions/unknown.js';
import { registerCrisisCommand } from './commands/crisis.js';
import type { ListenerDeps } from './deps.js';
import { registerOpenModal } from './views/open-modal.js';

export type { ListenerDeps } from './deps.js';

export function registerListeners(app: App, deps: ListenerDeps): void {
  registerCrisisCommand(app, deps);
  registerButtons(app, deps);
  registerTriageButtons(app, deps);
  registerUnknownActions(app, deps);
  registerOpenModal(app, deps);
}
