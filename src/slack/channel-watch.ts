import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { PlanChannel } from '../config/plan.js';
import { ConfigError } from '../config/errors.js';
import type { ShutOut } from '../domain/channels.js';
import { ChannelUnreachable, slackError } from './errors.js';

/** Slack's answers that mean the bot cannot post to a channel until people let it back in. */
const SHUT_OUT = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);
/** Calls that find out whether the bot is in a channel: never held back by the watch. */
const PROBES = new Set(['conversations.info', 'conversations.join']);
/** How long a job waiting on a channel sleeps between looks, unless the bot is let back in first. */
export const PARKED_MS = 60_000;

export interface ChannelWatchOptions {
  channels: readonly PlanChannel[];
  log: Logger;
  clock?: () => number;
  /** The bot is back in: what waited for the channel should run now. */
  onBackIn?: (channel: string) => void;
}

/**
 * The channels the plan names (alerts, debrief, …), which the bot must be able to post to. At
 * start it joins the public ones it is not in and refuses to start without the private ones;
 * later, a channel the bot was removed from is remembered: posts to it wait in the outbox,
 * untried (nothing is lost or given up), /healthz answers 503 naming it, and a periodic look
 * lets the posts go the moment the bot is back in.
 */
export class ChannelWatch {
  private readonly names = new Map<string, string>();
  private readonly shutOut = new Map<string, ShutOut>();
  private readonly clock: () => number;

  constructor(private readonly o: ChannelWatchOptions) {
    this.clock = o.clock ?? Date.now;
  }

  /** At start: in every channel of the plan, or a ConfigError naming the one to fix. */
  async check(client: WebClient, botName: string, file: string): Promise<void> {
    for (const { field, id } of this.o.channels) {
      let info;
      try {
        info = (await client.conversations.info({ channel: id })).channel;
      } catch (error) {
        if (slackError(error) !== 'channel_not_found') throw error;
        // Slack hides a private channel from a bot that is not in it: the id cannot say which.
        throw new ConfigError(
          `${file}: ${field} ${id}: the bot cannot see this channel; if it is private, invite @${botName} to it (/invite @${botName} in the channel), otherwise check the id`,
        );
      }
      const name = info?.name;
      if (name) this.names.set(id, name);
      const where = name ? `#${name}` : id;
      if (info?.is_archived) throw new ConfigError(`${file}: ${field} ${id}: ${where} is archived; name a channel in use`);
      if (info?.is_member) continue;
      if (info?.is_private)
        throw new ConfigError(`${file}: ${field} ${id}: invite @${botName} to ${where} (it is private, so the bot cannot join it)`);
      await client.conversations.join({ channel: id });
      this.o.log.info({ field, channel: id, name }, 'joined a channel the plan names');
    }
  }

  /** Before a call: one about a channel the bot is out of is not sent at all. */
  guard(method: string, conversation: string | undefined): void {
    if (conversation === undefined || PROBES.has(method)) return;
    const out = this.shutOut.get(conversation);
    if (out) throw new ChannelUnreachable(conversation, out.error, PARKED_MS);
  }

  /** After a refusal: the bot was removed from a channel of the plan, or it is archived. */
  refused(method: string, conversation: string | undefined, error: unknown): ChannelUnreachable | undefined {
    const code = slackError(error);
    if (conversation === undefined || code === undefined || !SHUT_OUT.has(code) || PROBES.has(method)) return undefined;
    const named = this.o.channels.find((c) => c.id === conversation);
    if (!named) return undefined;
    if (!this.shutOut.has(conversation)) {
      const out = { field: named.field, channel: conversation, name: this.names.get(conversation), error: code, since: this.clock() };
      this.shutOut.set(conversation, out);
      this.o.log.error(out, 'the bot cannot post to a channel the plan names; its posts are kept and go out once the bot is back in');
    }
    return new ChannelUnreachable(conversation, code, PARKED_MS);
  }

  /** What /healthz reports, oldest first. */
  problems(): ShutOut[] {
    return [...this.shutOut.values()];
  }

  /** A look at each channel the bot is out of: back in, the posts waiting for it go now. */
  async look(client: WebClient): Promise<void> {
    for (const channel of [...this.shutOut.keys()]) {
      try {
        const info = (await client.conversations.info({ channel })).channel;
        if (!info?.is_member || info.is_archived) continue;
      } catch (error) {
        if (slackError(error) !== undefined) continue; // still hidden from the bot
        throw error;
      }
      const out = this.shutOut.get(channel)!;
      this.shutOut.delete(channel);
      this.o.log.info(
        { field: out.field, channel, name: out.name, outForMs: this.clock() - out.since },
        'the bot is back in a channel the plan names',
      );
      this.o.onBackIn?.(channel);
    }
  }
}
