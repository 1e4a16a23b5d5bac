// Shapes the stand-in records, and the argument helpers its methods share.
import type { Block, KnownBlock, ModalView } from '@slack/types';
import type { Args } from './standin-http.js';

export interface StandinUser {
  id: string;
  email?: string;
  /** The username (what requests carry as user_name). */
  name?: string;
  /** What Slack shows: the display name, else the full name, else the username. */
  realName?: string;
  displayName?: string;
  /** Notifications paused: Do Not Disturb hours (Unix seconds) and/or a snooze until a time. */
  dnd?: { enabled?: boolean; startTs?: number; endTs?: number; snoozeUntil?: number };
  /** Deactivated: users.info says so, users.lookupByEmail no longer finds them (as Slack documents). */
  deleted?: boolean;
}

export interface StandinChannel {
  id: string;
  name: string;
  topic: string;
  purpose: string;
  isPrivate: boolean;
  members: Set<string>;
  createdBy: string;
  /** Unix seconds, as Slack reports it. */
  created: number;
  /** Timestamps of the pinned messages. */
  pins?: Set<string>;
}

export interface StandinMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: StandinBlock[];
  threadTs?: string;
  /** Always the bot user: only the bot posts through the Web API here. */
  user: string;
  edits: number;
  deleted?: boolean;
  /** Arguments of the call that produced this state: chat.postMessage / chat.update, or files.completeUploadExternal for a share. */
  raw: Args;
  /** A file share: what files.completeUploadExternal shared into the channel; a deleted file leaves a tombstone, as in Slack. */
  files?: { id: string; name?: string; title?: string; mode?: 'tombstone' }[];
}

/** A block as the bot sent it: the stand-in checks Slack's limits on blocks, not their whole schema. */
export type StandinBlock = KnownBlock | Block;

/** A modal as views.open or views.update stored it, with what Slack adds. */
export type StandinModal = ModalView & {
  id: string;
  hash: string;
  team_id: string;
  app_id: string;
  bot_id: string;
  /** Slack answers '' for a view opened without one. */
  private_metadata: string;
  state: { values: Record<string, unknown> };
};

/** What the bot sent to a response_url (Bolt's respond()). */
export interface StandinResponseBody {
  text?: string;
  blocks?: StandinBlock[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  delete_original?: boolean;
  /** The body as sent when it was not JSON, so a malformed respond() shows in the test. */
  malformed?: string;
}

export interface StandinEphemeral {
  channel: string;
  user: string;
  text?: string;
  blocks?: StandinBlock[];
}

export interface StandinView {
  trigger_id: string;
  /** The view as Slack returned it, i.e. including the assigned `id`. */
  view: StandinModal;
  /** How many times views.update replaced it. */
  updates?: number;
}

export interface StandinUpload {
  fileId: string;
  filename: string;
  title?: string;
  content: string;
  /** The bytes as uploaded (an image is not text). */
  bytes?: Buffer;
  channels: string[];
  initialComment?: string;
  /** Shared as a reply in this thread. */
  threadTs?: string;
  completed: boolean;
  deleted?: boolean;
}

export class SlackApiError extends Error {
  constructor(
    readonly error: string,
    readonly messages?: string[],
  ) {
    super(error);
  }
}

export type Answer = Record<string, unknown>;

export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

export function missing(name: string): never {
  throw new SlackApiError('invalid_arguments', [`[ERROR] missing required field: ${name}`]);
}

/** Slack treats an absent and an empty argument alike for ids and names. */
export function required(a: Args, name: string): string {
  const v = str(a[name]);
  return v === undefined || v === '' ? missing(name) : v;
}

export const truthy = (v: unknown): boolean => v === true || v === 'true' || v === '1' || v === 1;

export const hasContent = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '');
