import type { BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';

/** What one button's handler gets from Bolt: the click, its ack and its response URL. */
export type ButtonArgs = Pick<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>, 'ack' | 'action' | 'body' | 'respond'>;
export type ActionHandler = (args: ButtonArgs) => Promise<void>;
