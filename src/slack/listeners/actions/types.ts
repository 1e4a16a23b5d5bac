import type { BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

type BoltArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/**
 * What one button's handler gets from Bolt: the click, its ack and its response URL, which
 * Bolt leaves out when the payload has none (a forged one, or a click outside a message).
 */
export type ButtonArgs = Pick<BoltArgs, 'ack' | 'action' | 'body'> & { client: WebClient; respond: BoltArgs['respond'] | undefined };
export type ActionHandler = (args: ButtonArgs) => Promise<void>;
