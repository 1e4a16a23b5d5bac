import type { Plan } from '../../config/plan.js';
import type { Messages } from '../../i18n/messages.js';

/** What every view renders with: the team's words and time zone, the plan, and who the bot is. */
export interface ViewContext {
  readonly m: Messages;
  readonly plan: Plan;
  readonly botUserId: string;
}

/** A message as views hand it to Slack (declared with the jobs that post it). */
export type { RenderedMessage } from '../../jobs/ports/slack.js';
