import { createHmac, randomUUID } from 'node:crypto';
import type { ModalView } from '@slack/types';
import type { StandinBlock } from './standin-types.js';

/** Signs a body exactly as Slack does: v0 HMAC-SHA256 over `v0:timestamp:body`. */
export function signedHeaders(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature,
  };
}

export interface SlackUser {
  id: string;
  name: string;
}

export interface CommandOptions {
  user?: SlackUser;
  channel?: string;
  responseUrl: string;
  triggerId?: string;
}

/** The form body of a `/crisis` slash command, with the fields Slack sends. */
export function commandBody(text: string, o: CommandOptions): string {
  const user = o.user ?? { id: 'U0OPENER', name: 'olle' };
  return new URLSearchParams({
    token: 'verification-token-unused',
    team_id: 'T0TEST',
    team_domain: 'test',
    channel_id: o.channel ?? 'C0GENERAL',
    channel_name: 'general',
    user_id: user.id,
    user_name: user.name,
    command: '/crisis',
    text,
    api_app_id: 'A0CRISIS',
    is_enterprise_install: 'false',
    response_url: o.responseUrl,
    trigger_id: o.triggerId ?? `trigger-${randomUUID()}`,
  }).toString();
}

export interface ClickOptions {
  user?: SlackUser;
  channel?: string;
  /** Left out, the payload has none, as for a forged click or one outside a message. */
  responseUrl?: string;
  messageTs?: string;
}

/** An interactive `block_actions` payload for one button click. */
export function buttonBody(actionId: string, value: string, o: ClickOptions): string {
  const user = o.user ?? { id: 'U0ANNA', name: 'anna' };
  const payload = {
    type: 'block_actions',
    ...interactionHead(user),
    container: { type: 'message', message_ts: o.messageTs ?? '1.000001', channel_id: o.channel ?? 'D0ANY', is_ephemeral: false },
    trigger_id: `trigger-${randomUUID()}`,
    channel: { id: o.channel ?? 'D0ANY', name: 'directmessage' },
    response_url: o.responseUrl,
    actions: [pressed(actionId, value)],
  };
  return payloadBody(payload);
}

/** A message shortcut (`message_action`) used on a message, as Slack sends it. */
export function messageShortcutBody(
  callbackId: string,
  message: { text: string; ts?: string; user?: string },
  o: { user?: SlackUser; channel?: string; responseUrl: string },
): string {
  const user = o.user ?? { id: 'U0ANNA', name: 'anna' };
  return payloadBody({
    type: 'message_action',
    ...interactionHead(user),
    callback_id: callbackId,
    trigger_id: `trigger-${randomUUID()}`,
    action_ts: `${Date.now() / 1000}`,
    message_ts: message.ts ?? '1.000001',
    channel: { id: o.channel ?? 'C0GENERAL', name: 'general' },
    message: { type: 'message', user: message.user ?? 'U0OPENER', ts: message.ts ?? '1.000001', text: message.text },
    response_url: o.responseUrl,
  });
}

/** A modal submission (`view_submission`) with the given state values. */
export function viewSubmissionBody(
  callbackId: string,
  values: Record<string, Record<string, unknown>>,
  o: { user?: SlackUser; viewId?: string; privateMetadata?: string } = {},
): string {
  const user = o.user ?? { id: 'U0OPENER', name: 'olle' };
  return payloadBody({
    type: 'view_submission',
    ...interactionHead(user),
    trigger_id: `trigger-${randomUUID()}`,
    view: {
      id: o.viewId ?? `V${Math.floor(Math.random() * 1e9)}`,
      team_id: 'T0TEST',
      type: 'modal',
      callback_id: callbackId,
      private_metadata: o.privateMetadata ?? '',
      state: { values },
      hash: 'h',
    },
  });
}

/**
 * An input in an open modal used (a keystroke with `on_character_entered`, an option chosen):
 * a `block_actions` payload from the view, carrying the view as Slack sends it, state and all.
 */
export function viewActionBody(
  view: { id: string; hash?: string; private_metadata?: string; blocks?: unknown[] },
  action: Record<string, unknown>,
  values: Record<string, Record<string, unknown>>,
  o: { user?: SlackUser } = {},
): string {
  const user = o.user ?? { id: 'U0ANNA', name: 'anna' };
  return payloadBody({
    type: 'block_actions',
    ...interactionHead(user),
    container: { type: 'view', view_id: view.id },
    trigger_id: `trigger-${randomUUID()}`,
    view: { ...view, type: 'modal', team_id: 'T0TEST', state: { values } },
    actions: [{ ...action, action_ts: `${Date.now() / 1000}` }],
  });
}

/** What every interaction payload starts with: the team, who acted, the app. */
function interactionHead(user: SlackUser) {
  return {
    team: { id: 'T0TEST', domain: 'test' },
    user: { id: user.id, username: user.name, name: user.name, team_id: 'T0TEST' },
    api_app_id: 'A0CRISIS',
    token: 'verification-token-unused',
  };
}

/** The one button a block_actions payload says was pressed. */
const pressed = (actionId: string, value: string) => ({
  type: 'button',
  action_id: actionId,
  block_id: 'b',
  text: { type: 'plain_text', text: 'x' },
  value,
  action_ts: `${Date.now() / 1000}`,
});

export const payloadBody = (payload: unknown) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

/**
 * What the bot answers a slash command, a click or a view submission with over HTTP (the JSON
 * of Bolt's ack, when there is one): a message (ephemeral or in the channel), or a view
 * submission's answer. Every field is optional: one kind of answer has none of the other's.
 */
export interface SlackAnswer {
  text?: string;
  blocks?: StandinBlock[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  /** A view submission's answer: `errors` with the message per block, or the view to update or push. */
  response_action?: 'errors' | 'update' | 'push' | 'clear';
  errors?: Record<string, string>;
  view?: ModalView;
}

/** Signs a JSON body as Slack signs the Events API's deliveries (same v0 HMAC; JSON content type). */
export function signedJsonHeaders(secret: string, body: string): Record<string, string> {
  return { ...signedHeaders(secret, body), 'content-type': 'application/json' };
}

/** An Events API delivery (`event_callback`) of one event, as Slack sends it. */
export function eventBody(event: Record<string, unknown>): string {
  return JSON.stringify({
    token: 'verification-token-unused',
    team_id: 'T0TEST',
    api_app_id: 'A0TEST',
    event: { event_ts: `${Date.now() / 1000}`, ...event },
    type: 'event_callback',
    event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0TEST', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  });
}

/** A button pressed on a Home tab: block_actions from a view, with no response_url and no channel. */
export function homeButtonBody(actionId: string, value: string, o: { user?: SlackUser; viewId: string }): string {
  const user = o.user ?? { id: 'U0ANNA', name: 'anna' };
  const payload = {
    type: 'block_actions',
    ...interactionHead(user),
    container: { type: 'view', view_id: o.viewId },
    trigger_id: `trigger-${randomUUID()}`,
    view: { id: o.viewId, type: 'home', blocks: [], private_metadata: '', callback_id: '', state: { values: {} }, hash: 'h' },
    actions: [pressed(actionId, value)],
  };
  return payloadBody(payload);
}
