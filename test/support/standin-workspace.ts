// The fake Slack workspace behind the stand-in: its state and the Web API methods, with no HTTP.
// Each method validates its arguments the way Slack does and either returns the success payload
// (without `ok`) or throws SlackApiError, which the server turns into `{ ok: false, error }`.
import type { ModalView } from '@slack/types';
import { LIMITS, validateBlocks, validateView } from './standin-blocks.js';
import type { Args } from './standin-http.js';
import {
  type Answer,
  hasContent,
  missing,
  required,
  SlackApiError,
  type StandinBlock,
  type StandinChannel,
  type StandinEphemeral,
  type StandinMessage,
  type StandinModal,
  type StandinUpload,
  type StandinUser,
  type StandinView,
  str,
  truthy,
} from './standin-types.js';

export class StandinWorkspace {
  readonly botUserId = 'UBOT';
  readonly botId = 'BBOT';
  readonly teamId = 'T0TEST';
  readonly botName = 'crisis-bot';

  readonly users = new Map<string, StandinUser>();
  readonly channels = new Map<string, StandinChannel>();
  ephemerals: StandinEphemeral[] = [];
  views: StandinView[] = [];
  /** Each user's Home tab as last published, and how many times it was. */
  readonly homes = new Map<string, { id: string; blocks: StandinBlock[]; published: number }>();
  uploads: StandinUpload[] = [];
  /**
   * Slack answers files.completeUploadExternal before the share shows in the channel. While
   * set, shares wait for releaseShares(), so a test can look between the answer and the share.
   */
  holdShares = false;
  private heldShares: Array<() => void> = [];

  /** Set by the server once it knows its port. */
  uploadBase = '';

  private log = new Map<string, StandinMessage[]>();
  /** Users the bot has a DM open with; Slack only knows a D-id once it was opened. */
  private openDms = new Set<string>();
  // Counters survive reset() so ids never repeat within one stand-in's life.
  private seq = 0;
  private lastMicros = 0;

  addUser(u: StandinUser): void {
    this.users.set(u.id, { ...u });
  }

  /** Seeds a channel that exists before the test, e.g. one the bot was never invited to. */
  addChannel(c: { name: string; id?: string; isPrivate?: boolean; members?: string[]; topic?: string }): StandinChannel {
    const ch: StandinChannel = {
      id: c.id ?? this.nextId('C'),
      name: c.name,
      topic: c.topic ?? '',
      purpose: '',
      isPrivate: c.isPrivate ?? false,
      members: new Set(c.members ?? []),
      createdBy: 'USLACKBOT',
      created: Math.floor(Date.now() / 1000),
    };
    this.channels.set(ch.id, ch);
    return ch;
  }

  /** Shows the shares held back by holdShares, and stops holding. */
  releaseShares(): void {
    this.holdShares = false;
    for (const share of this.heldShares.splice(0)) share();
  }

  channelByName(name: string): StandinChannel | undefined {
    return [...this.channels.values()].find((c) => c.name === name);
  }

  messages(channelId: string): StandinMessage[] {
    return [...(this.log.get(channelId) ?? [])];
  }

  dm(userId: string): StandinMessage[] {
    return this.messages(`D${userId}`);
  }

  /** Replies in a thread, oldest first, without the parent. */
  thread(channelId: string, threadTs: string): StandinMessage[] {
    return this.messages(channelId).filter((m) => m.threadTs === threadTs);
  }

  reset(): void {
    this.channels.clear();
    this.log.clear();
    this.openDms.clear();
    this.ephemerals = [];
    this.views = [];
    this.homes.clear();
    this.uploads = [];
    this.holdShares = false;
    this.heldShares = [];
  }

  /** Runs one Web API method; `undefined` means Slack has no such method. */
  perform(method: string, a: Args): Answer | undefined {
    const fn = this.methods[method];
    return fn?.(a);
  }

  /** Stores bytes POSTed to an upload URL; false if no such upload was requested. */
  receiveUpload(fileId: string, bytes: Buffer): boolean {
    const up = this.uploads.find((u) => u.fileId === fileId);
    if (!up) return false;
    up.content = bytes.toString('utf8');
    up.bytes = bytes;
    return true;
  }

  private readonly methods: Record<string, (a: Args) => Answer> = {
    'auth.test': () => ({
      url: 'https://standin.slack.com/',
      team: 'Stand-in Team',
      team_id: this.teamId,
      user: this.botName,
      user_id: this.botUserId,
      bot_id: this.botId,
      is_enterprise_install: false,
    }),
    'users.info': (a) => ({ user: this.userInfo(required(a, 'user')) }),
    // Everyone, bot included, a page at a time; the cursor is an offset, as opaque to the bot as Slack's.
    'users.list': (a) => {
      const limit = Math.min(Number(str(a.limit) ?? 0) || 100, 1000);
      const offset = Number(str(a.cursor) ?? 0) || 0;
      const all = [this.botUserId, ...this.users.keys()];
      const next = offset + limit < all.length ? String(offset + limit) : '';
      return {
        members: all.slice(offset, offset + limit).map((id) => this.userInfo(id)),
        cache_ts: 0,
        response_metadata: { next_cursor: next },
      };
    },
    'users.lookupByEmail': (a) => {
      const email = required(a, 'email').toLowerCase();
      const u = [...this.users.values()].find((x) => x.email?.toLowerCase() === email && !x.deleted);
      if (!u) throw new SlackApiError('users_not_found');
      return { user: this.userInfo(u.id) };
    },
    'conversations.create': (a) => this.createChannel(a),
    'conversations.setTopic': (a) => {
      const ch = this.memberChannel(required(a, 'channel'));
      // An empty topic is how Slack clears it, so only a missing one is an argument error.
      const topic = str(a.topic) ?? missing('topic');
      if ([...topic].length > 250) throw new SlackApiError('too_long');
      ch.topic = topic;
      return { channel: this.channelInfo(ch) };
    },
    'conversations.invite': (a) => this.invite(a),
    // Slack's rules for the new name are the same as for a new channel's.
    'conversations.rename': (a) => {
      const ch = this.memberChannel(required(a, 'channel'));
      const n = str(a.name) ?? missing('name');
      if (n === '') throw new SlackApiError('invalid_name_required');
      if ([...n].length > 80) throw new SlackApiError('invalid_name_maxlength');
      if (!/^[a-z0-9_-]+$/.test(n)) throw new SlackApiError('invalid_name_specials');
      const taken = this.channelByName(n);
      if (taken && taken !== ch) throw new SlackApiError('name_taken');
      ch.name = n;
      return { channel: this.channelInfo(ch) };
    },
    'pins.add': (a) => {
      const channel = required(a, 'channel');
      const ts = required(a, 'timestamp');
      const ch = this.memberChannel(channel);
      this.findMessage(channel, ts);
      ch.pins ??= new Set();
      if (ch.pins.has(ts)) throw new SlackApiError('already_pinned');
      ch.pins.add(ts);
      return {};
    },
    'conversations.info': (a) => ({ channel: this.conversationInfo(required(a, 'channel')) }),
    // Newest first, as Slack answers; metadata only when asked for, as Slack does.
    'conversations.history': (a) => {
      const id = required(a, 'channel');
      this.conversationInfo(id);
      const limit = Math.min(Number(str(a.limit) ?? 100) || 100, 1000);
      const oldest = Number(str(a.oldest) ?? 0) || 0;
      const withMetadata = truthy(a.include_all_metadata);
      const messages = this.messages(id)
        .filter((m) => !m.deleted && !m.threadTs && Number(m.ts) > oldest)
        .reverse()
        .slice(0, limit)
        .map((m) => ({
          type: 'message',
          ts: m.ts,
          text: m.text,
          user: m.user,
          bot_id: this.botId,
          ...(withMetadata && m.raw.metadata ? { metadata: m.raw.metadata } : {}),
          ...(m.files ? { files: m.files, upload: true } : {}),
        }));
      return { messages, has_more: false, response_metadata: { next_cursor: '' } };
    },
    // The parent and its replies, oldest first, as Slack answers; metadata only when asked for.
    'conversations.replies': (a) => {
      const id = required(a, 'channel');
      const ts = required(a, 'ts');
      this.conversationInfo(id);
      const thread = this.messages(id).filter((m) => !m.deleted && (m.ts === ts || m.threadTs === ts));
      if (!thread.some((m) => m.ts === ts)) throw new SlackApiError('thread_not_found');
      const withMetadata = truthy(a.include_all_metadata);
      const messages = thread.map((m) => ({
        type: 'message',
        ts: m.ts,
        text: m.text,
        user: m.user,
        bot_id: this.botId,
        ...(m.threadTs ? { thread_ts: m.threadTs } : { thread_ts: m.ts }),
        ...(withMetadata && m.raw.metadata ? { metadata: m.raw.metadata } : {}),
        ...(m.files ? { files: m.files, upload: true } : {}),
      }));
      return { messages, has_more: false, response_metadata: { next_cursor: '' } };
    },
    // Public channels only, paged with a cursor that is the offset: enough to find one by name.
    'conversations.list': (a) => {
      const limit = Math.min(Number(str(a.limit) ?? 100) || 100, 1000);
      const offset = Number(str(a.cursor) ?? 0) || 0;
      const all = [...this.channels.values()].filter((ch) => !ch.isPrivate);
      const page = all.slice(offset, offset + limit);
      const next = offset + limit < all.length ? String(offset + limit) : '';
      return { channels: page.map((ch) => this.channelInfo(ch)), response_metadata: { next_cursor: next } };
    },
    'conversations.members': (a) => {
      const id = required(a, 'channel');
      this.conversationInfo(id); // same visibility rules as conversations.info
      const members = id.startsWith('D') ? [id.slice(1), this.botUserId] : [...this.channels.get(id)!.members];
      return { members, response_metadata: { next_cursor: '' } };
    },
    'conversations.join': (a) => {
      const ch = this.visibleChannel(required(a, 'channel'));
      if (ch.isPrivate) throw new SlackApiError('method_not_supported_for_channel_type');
      if (ch.members.has(this.botUserId)) {
        const warning = 'already_in_channel';
        return { channel: this.channelInfo(ch), warning, response_metadata: { warnings: [warning] } };
      }
      ch.members.add(this.botUserId);
      return { channel: this.channelInfo(ch) };
    },
    'conversations.open': (a) => {
      const given = str(a.users) ?? str(a.channel)?.replace(/^D/, '');
      const ids = (given ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (ids.length === 0) missing('users');
      // Group DMs would need a different id scheme; nothing in the bot needs them yet.
      if (ids.length > 1) throw new SlackApiError('standin_does_not_support_mpim');
      const userId = ids[0]!;
      if (!this.users.has(userId)) throw new SlackApiError('user_not_found');
      const alreadyOpen = this.openDms.has(userId);
      this.openDms.add(userId);
      return { channel: { id: `D${userId}` }, ...(alreadyOpen ? { no_op: true, already_open: true } : {}) };
    },
    'chat.postMessage': (a) => this.postMessage(a),
    'chat.update': (a) => this.updateMessage(a),
    'chat.delete': (a) => {
      const m = this.findMessage(required(a, 'channel'), required(a, 'ts'));
      m.deleted = true;
      return { channel: m.channel, ts: m.ts };
    },
    'chat.getPermalink': (a) => {
      const m = this.findMessage(required(a, 'channel'), required(a, 'message_ts'));
      return { channel: m.channel, permalink: `https://standin.slack.com/archives/${m.channel}/p${m.ts.replace('.', '')}` };
    },
    // Slack's answer for a user: whether Do Not Disturb is on and its next window, and a snooze.
    'dnd.info': (a) => {
      const user = this.users.get(required(a, 'user'));
      if (!user) throw new SlackApiError('user_not_found');
      return this.dndOf(user);
    },
    // Up to 50 users at once, each without the snooze fields (Slack's dnd.teamInfo).
    'dnd.teamInfo': (a) => {
      const ids = required(a, 'users')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
      if (ids.length === 0) throw new SlackApiError('no_users_provided');
      if (ids.length > 50) throw new SlackApiError('invalid_arguments');
      const users: Record<string, Answer> = {};
      for (const id of ids) {
        const user = this.users.get(id);
        if (!user) throw new SlackApiError('user_not_visible');
        const { dnd_enabled, next_dnd_start_ts, next_dnd_end_ts } = this.dndOf(user);
        users[id] = { dnd_enabled, next_dnd_start_ts, next_dnd_end_ts };
      }
      return { users };
    },
    'chat.postEphemeral': (a) => {
      const channel = this.resolveTarget(required(a, 'channel'));
      const user = required(a, 'user');
      this.checkContent(a);
      const ch = this.channels.get(channel);
      const inConversation = ch ? ch.members.has(user) : channel === `D${user}`;
      if (!inConversation) throw new SlackApiError('user_not_in_channel');
      this.ephemerals.push({ channel, user, text: str(a.text), blocks: a.blocks as StandinBlock[] | undefined });
      return { message_ts: this.nextTs() };
    },
    'views.open': (a) => {
      const triggerId = required(a, 'trigger_id');
      if (a.view === undefined) missing('view');
      const problems = validateView(a.view);
      if (problems.length > 0) throw new SlackApiError('invalid_arguments', problems);
      const view: StandinModal = {
        private_metadata: '',
        ...(a.view as ModalView),
        id: this.nextId('V'),
        team_id: this.teamId,
        app_id: 'A0TEST',
        bot_id: this.botId,
        state: { values: {} },
        hash: this.nextId('H'),
      };
      this.views.push({ trigger_id: triggerId, view });
      return { view };
    },
    // A person's Home tab: a home view, replaced whole each time; the user must exist.
    'views.publish': (a) => {
      const user = required(a, 'user_id');
      if (!this.users.has(user)) throw new SlackApiError('user_not_found');
      if (a.view === undefined) missing('view');
      const problems = validateView(a.view);
      if ((a.view as { type?: unknown }).type !== 'home') problems.push('[ERROR] must be a home view [json-pointer:/view/type]');
      if (problems.length > 0) throw new SlackApiError('invalid_arguments', problems);
      const before = this.homes.get(user);
      const view = { ...(a.view as { blocks: StandinBlock[] }), id: before?.id ?? this.nextId('V'), type: 'home' as const };
      this.homes.set(user, { id: view.id, blocks: view.blocks, published: (before?.published ?? 0) + 1 });
      return { view };
    },
    // A view is replaced whole; with a hash, only if nobody replaced it since (else hash_conflict).
    'views.update': (a) => {
      const id = required(a, 'view_id');
      const open = this.views.find((v) => v.view.id === id);
      if (!open) throw new SlackApiError('not_found');
      if (a.view === undefined) missing('view');
      const hash = str(a.hash);
      if (hash !== undefined && hash !== open.view.hash) throw new SlackApiError('hash_conflict');
      const problems = validateView(a.view);
      if (problems.length > 0) throw new SlackApiError('invalid_arguments', problems);
      open.view = {
        private_metadata: '',
        ...(a.view as ModalView),
        id,
        team_id: this.teamId,
        app_id: 'A0TEST',
        bot_id: this.botId,
        state: { values: {} },
        hash: this.nextId('H'),
      };
      open.updates = (open.updates ?? 0) + 1;
      return { view: open.view };
    },
    'files.getUploadURLExternal': (a) => {
      const filename = required(a, 'filename');
      const length = Number(required(a, 'length'));
      if (!Number.isInteger(length) || length < 0) {
        throw new SlackApiError('invalid_arguments', ['[ERROR] length must be an integer']);
      }
      const fileId = this.nextId('F');
      this.uploads.push({ fileId, filename, content: '', channels: [], completed: false });
      return { upload_url: `${this.uploadBase}${fileId}`, file_id: fileId };
    },
    'files.completeUploadExternal': (a) => this.completeUpload(a),
    'files.delete': (a) => this.deleteFile(required(a, 'file')),
  };

  private createChannel(a: Args): Answer {
    const n = str(a.name) ?? missing('name');
    if (n === '') throw new SlackApiError('invalid_name_required');
    if ([...n].length > 80) throw new SlackApiError('invalid_name_maxlength');
    if (!/^[a-z0-9_-]+$/.test(n)) throw new SlackApiError('invalid_name_specials');
    if (/^[_-]+$/.test(n)) throw new SlackApiError('invalid_name_punctuation');
    if (this.channelByName(n)) throw new SlackApiError('name_taken');
    const ch: StandinChannel = {
      id: this.nextId('C'),
      name: n,
      topic: '',
      purpose: '',
      isPrivate: truthy(a.is_private),
      members: new Set([this.botUserId]),
      createdBy: this.botUserId,
      created: Math.floor(Date.now() / 1000),
    };
    this.channels.set(ch.id, ch);
    return { channel: this.channelInfo(ch) };
  }

  private invite(a: Args): Answer {
    const ch = this.memberChannel(required(a, 'channel'));
    const ids = required(a, 'users')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length > 1000) throw new SlackApiError('too_many_users');
    for (const id of ids) {
      if (id === this.botUserId) throw new SlackApiError('cant_invite_self');
      if (!this.users.has(id)) throw new SlackApiError('user_not_found');
    }
    if (ids.every((id) => ch.members.has(id))) throw new SlackApiError('already_in_channel');
    for (const id of ids) ch.members.add(id);
    return { channel: this.channelInfo(ch) };
  }

  private postMessage(a: Args): Answer {
    const channel = this.resolveTarget(required(a, 'channel'));
    this.checkContent(a);
    const threadTs = str(a.thread_ts) || undefined;
    if (threadTs !== undefined && !this.log.get(channel)?.some((m) => m.ts === threadTs && !m.deleted)) {
      throw new SlackApiError('invalid_thread_ts');
    }
    const msg: StandinMessage = {
      channel,
      ts: this.nextTs(),
      text: str(a.text),
      blocks: a.blocks as StandinBlock[] | undefined,
      threadTs,
      user: this.botUserId,
      edits: 0,
      raw: a,
    };
    const list = this.log.get(channel) ?? [];
    list.push(msg);
    this.log.set(channel, list);
    return { channel, ts: msg.ts, message: this.messageInfo(msg) };
  }

  private updateMessage(a: Args): Answer {
    const m = this.findMessage(required(a, 'channel'), required(a, 'ts'));
    this.checkContent(a);
    // Omitted fields keep their old value, as in Slack; an empty blocks array clears them.
    if (a.text !== undefined) m.text = str(a.text);
    if (a.blocks !== undefined) m.blocks = a.blocks as StandinBlock[];
    m.edits += 1;
    // Slack keeps a message's metadata across an update that does not give new metadata.
    m.raw = a.metadata === undefined && m.raw.metadata !== undefined ? { ...a, metadata: m.raw.metadata } : a;
    return { channel: m.channel, ts: m.ts, text: m.text ?? '', message: this.messageInfo(m) };
  }

  private completeUpload(a: Args): Answer {
    const files = a.files;
    if (files === undefined) missing('files');
    if (!Array.isArray(files) || files.length === 0) {
      throw new SlackApiError('invalid_arguments', ['[ERROR] files must be a non-empty array']);
    }
    const targets = (str(a.channel_id) ?? str(a.channels) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const channels = targets.map((t) => this.resolveTarget(t));
    const threadTs = str(a.thread_ts) || undefined;
    if (threadTs !== undefined && !channels.every((c) => this.log.get(c)?.some((m) => m.ts === threadTs && !m.deleted))) {
      throw new SlackApiError('invalid_thread_ts');
    }
    const done = files.map((f: { id?: string; title?: string } | null) => {
      const up = this.uploads.find((u) => u.fileId === f?.id);
      if (!up) throw new SlackApiError('file_not_found');
      return { up, title: f?.title };
    });
    for (const { up, title } of done) {
      up.title = title ?? up.filename;
      up.channels = channels;
      up.initialComment = str(a.initial_comment);
      up.threadTs = threadTs;
      up.completed = true;
    }
    // As in Slack, sharing files into a channel is a message there, with the files on it.
    const share = () => {
      for (const channel of channels) {
        const list = this.log.get(channel) ?? [];
        const files = done.map(({ up }) => ({ id: up.fileId, name: up.filename, title: up.title! }));
        list.push({
          channel,
          ts: this.nextTs(),
          text: str(a.initial_comment) ?? '',
          user: this.botUserId,
          edits: 0,
          raw: a,
          files,
          ...(threadTs ? { threadTs } : {}),
        });
        this.log.set(channel, list);
      }
    };
    if (this.holdShares) this.heldShares.push(share);
    else share();
    return {
      files: done.map(({ up }) => ({ id: up.fileId, name: up.filename, title: up.title, size: Buffer.byteLength(up.content) })),
    };
  }

  /**
   * As in Slack: a message that only carried the file goes with it; one with a comment stays,
   * the file on it a tombstone.
   */
  private deleteFile(fileId: string): Answer {
    const up = this.uploads.find((u) => u.fileId === fileId);
    if (!up?.completed) throw new SlackApiError('file_not_found');
    if (up.deleted) throw new SlackApiError('file_deleted');
    up.deleted = true;
    for (const list of this.log.values())
      for (const m of list) {
        if (!m.files?.some((f) => f.id === fileId)) continue;
        m.files = m.files.map((f) => (f.id === fileId ? { id: fileId, mode: 'tombstone' as const } : f));
        if (!m.text && m.files.every((f) => f.mode === 'tombstone')) m.deleted = true;
      }
    return {};
  }

  /** Where a chat.* call would land: a channel id, or `D<user>` for DMs (addressed by D- or U-id). */
  private resolveTarget(target: string): string {
    if (/^[UW]/.test(target)) {
      if (target === this.botUserId) throw new SlackApiError('cannot_dm_bot');
      if (!this.users.has(target)) throw new SlackApiError('channel_not_found');
      this.openDms.add(target);
      return `D${target}`;
    }
    if (target.startsWith('D')) {
      if (!this.openDms.has(target.slice(1))) throw new SlackApiError('channel_not_found');
      return target;
    }
    const byName = target.startsWith('#') ? this.channelByName(target.slice(1)) : undefined;
    return this.memberChannel(byName?.id ?? target).id;
  }

  /** Private channels the bot is not in are invisible to it, exactly as in Slack. */
  private visibleChannel(id: string): StandinChannel {
    const ch = this.channels.get(id);
    if (!ch || (ch.isPrivate && !ch.members.has(this.botUserId))) throw new SlackApiError('channel_not_found');
    return ch;
  }

  private memberChannel(id: string): StandinChannel {
    const ch = this.visibleChannel(id);
    if (!ch.members.has(this.botUserId)) throw new SlackApiError('not_in_channel');
    return ch;
  }

  private findMessage(channel: string, ts: string): StandinMessage {
    if (!channel.startsWith('D')) this.visibleChannel(channel);
    else if (!this.openDms.has(channel.slice(1))) throw new SlackApiError('channel_not_found');
    const m = this.log.get(channel)?.find((x) => x.ts === ts && !x.deleted);
    if (!m) throw new SlackApiError('message_not_found');
    return m;
  }

  /** Shared by every call that carries message content. */
  private checkContent(a: Args): void {
    if (!hasContent(a.text) && !hasContent(a.blocks) && !hasContent(a.attachments)) throw new SlackApiError('no_text');
    const text = str(a.text);
    if (text !== undefined && [...text].length > LIMITS.messageText) throw new SlackApiError('msg_too_long');
    if (a.blocks !== undefined) {
      const problems = validateBlocks(a.blocks);
      if (problems.length > 0) throw new SlackApiError('invalid_blocks', problems);
    }
  }

  private conversationInfo(id: string): Answer {
    if (id.startsWith('D')) {
      const user = id.slice(1);
      if (!this.openDms.has(user)) throw new SlackApiError('channel_not_found');
      return { id, is_im: true, is_channel: false, is_private: true, user, is_open: true };
    }
    return this.channelInfo(this.visibleChannel(id));
  }

  private channelInfo(ch: StandinChannel): Answer {
    return {
      id: ch.id,
      name: ch.name,
      name_normalized: ch.name,
      is_channel: true,
      is_group: false,
      is_im: false,
      is_private: ch.isPrivate,
      is_archived: false,
      is_member: ch.members.has(this.botUserId),
      created: ch.created,
      creator: ch.createdBy,
      topic: { value: ch.topic, creator: ch.topic ? this.botUserId : '', last_set: 0 },
      purpose: { value: ch.purpose, creator: '', last_set: 0 },
      num_members: ch.members.size,
    };
  }

  private messageInfo(m: StandinMessage): Answer {
    return {
      type: 'message',
      text: m.text ?? '',
      user: m.user,
      bot_id: this.botId,
      team: this.teamId,
      ts: m.ts,
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    };
  }

  /** dnd.info's answer for a user: Do Not Disturb on or off, its next window, and a snooze. */
  private dndOf(user: StandinUser): { dnd_enabled: boolean; next_dnd_start_ts: number; next_dnd_end_ts: number } & Answer {
    const dnd = user.dnd;
    const base = { dnd_enabled: dnd?.enabled ?? false, next_dnd_start_ts: dnd?.startTs ?? 1, next_dnd_end_ts: dnd?.endTs ?? 1 };
    return dnd?.snoozeUntil === undefined
      ? { ...base, snooze_enabled: false }
      : {
          ...base,
          snooze_enabled: true,
          snooze_endtime: dnd.snoozeUntil,
          snooze_remaining: Math.max(0, dnd.snoozeUntil - Math.floor(Date.now() / 1000)),
        };
  }

  private userInfo(id: string): Answer {
    if (id === this.botUserId) {
      const name = this.botName;
      const profile = { bot_id: this.botId, real_name: name };
      return { id, team_id: this.teamId, name, real_name: name, is_bot: true, deleted: false, profile };
    }
    const u = this.users.get(id);
    if (!u) throw new SlackApiError('user_not_found');
    const name = u.name ?? u.id.toLowerCase();
    return {
      id: u.id,
      team_id: this.teamId,
      name,
      real_name: u.realName ?? name,
      is_bot: false,
      deleted: u.deleted ?? false,
      profile: { email: u.email, real_name: u.realName ?? name, display_name: u.displayName ?? '' },
    };
  }

  private nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}${String(this.seq).padStart(8, '0')}`;
  }

  /** Slack ts values are wall-clock microseconds; forcing them to increase keeps them unique. */
  private nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }
}
