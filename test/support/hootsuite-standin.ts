// A stand-in for Hootsuite's REST API v1, built from Hootsuite's own description of it
// (test/fixtures/hootsuite/rest-api.openapi.yml, read by hootsuite-spec.ts). Every request is
// held against the description (paths, methods, parameters, body schemas); one it does not
// allow is answered 400 with code 4000 ("Schema validation failed") and kept in `violations`,
// and close() rejects while any are kept, so the test that sent it fails. Every answer it gives
// is checked against the description's shapes the same way. Beyond the shapes it keeps what the
// description says in words: the 4-week window of GET /v1/messages, 4001 for a message it does
// not have, 40003 for one that cannot be deleted in its state, ow.ly-only mediaUrls (40004),
// media by id from /v1/media, Pinterest's board, approval queues (PENDING_APPROVAL), and
// injectable 429 (with or without Retry-After), documented refusals, partial answers and 5xx.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HootsuiteSpec } from './hootsuite-spec.js';

/** A message as Hootsuite keeps it (the description's SocialProfileMessage). */
export interface HootsuiteMessage {
  id: string;
  state: 'SCHEDULED' | 'PENDING_APPROVAL' | 'SUBMITTED' | 'SENT' | 'SEND_FAILED_PERMANENTLY' | 'REJECTED';
  text: string;
  scheduledSendTime: string;
  socialProfile: { id: string };
  mediaUrls?: { url: string; thumbnailUrl?: string }[];
  media?: { id: string; thumbnailId?: string; videoOptions?: { facebook?: { title?: string; category?: string } } }[];
  tags?: string[];
  targeting?: Record<string, unknown>;
  privacy?: Record<string, unknown>;
  location?: { latitude: number; longitude: number };
  webhookUrls?: string[];
  emailNotification?: boolean;
  extendedInfo?: { socialProfileType: 'PINTEREST'; socialProfileId: string; data: { boardId?: string; destinationUrl?: string } }[];
  createdByMember?: { id: string };
  postId?: string;
  postUrl?: string;
}

/**
 * What an injected request gets: a 429 (with or without Retry-After), a documented refusal
 * (`code`, Hootsuite's), a 5xx, a 200 that also carries errors (`partial`: the first `keep`
 * items of the answer and an error naming the rest), or no answer at all (`hang`). With
 * `apply` (a hang or a 5xx), Hootsuite did what was asked and the answer was lost.
 */
export type HootsuiteFault =
  | { status: 429; retryAfter?: number; code?: number }
  | { status: 400 | 401 | 403; code: number; message?: string }
  | { status: 500 | 502 | 503; apply?: boolean }
  | { status: 'partial'; keep: number }
  | { status: 'hang'; apply?: boolean };

export interface HootsuiteCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** The description's name for what was asked (scheduleMessage, deleteMessage …). */
  operationId: string | undefined;
}

/** Hootsuite's limit on GET /v1/messages: endTime "must not be later than 4 weeks from startTime". */
export const WINDOW_MS = 28 * 24 * 3600_000;
const PAGE_MAX = 100;
const PAGE_DEFAULT = 50;
/** The description: "Only attachments from http://static.ow.ly or http://ow.ly/i/ are currently allowed". */
const OWLY = /^https?:\/\/(static\.ow\.ly\/|ow\.ly\/i\/)/;
/** States a message can be deleted in; any other is 40003. */
const DELETABLE = new Set(['SCHEDULED', 'PENDING_APPROVAL', 'REJECTED', 'SEND_FAILED_PERMANENTLY']);

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class HootsuiteStandin {
  readonly messages = new Map<string, HootsuiteMessage>();
  readonly calls: HootsuiteCall[] = [];
  /** Requests the description does not allow, and answers of ours it does not describe: each fails the test. */
  readonly violations: string[] = [];
  /** Media Hootsuite holds, by id (see addMedia); Hootsuite removes media 90 days after it is used. */
  readonly media = new Map<string, { mimeType: string; ready: boolean }>();
  /** Profiles whose new messages need approval: they are created PENDING_APPROVAL. */
  readonly approvalRequired = new Set<string>();
  private readonly faults: { match: string; fault: HootsuiteFault }[] = [];
  /** Requests left without an answer (see HootsuiteFault `hang`). */
  private readonly hung: ServerResponse[] = [];
  readonly spec = HootsuiteSpec.load();
  private nextId = 4138476000;

  /** Added to every answer, as a real network and API would. */
  latencyMs = 0;

  /** The OAuth app (see enableOAuth): refresh tokens are good once; access tokens run out. */
  private oauth: { clientId: string; clientSecret: string; accessTtlSec: number } | undefined;
  private readonly refreshTokens = new Set<string>();
  private readonly accessTokens = new Map<string, number>();
  /** Refreshes Hootsuite granted, and refusals it gave. */
  refreshes = 0;
  refusedRefreshes = 0;

  private constructor(
    private readonly server: Server,
    readonly token: string,
  ) {}

  static async start(token = 'hootsuite-test-token', o: { latencyMs?: number } = {}): Promise<HootsuiteStandin> {
    // Requests are handled only once listen() below resolves, after standin exists.
    const server = createServer((req, res) => void standin.handle(req, res));
    const standin = new HootsuiteStandin(server, token);
    standin.latencyMs = o.latencyMs ?? 0;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return standin;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /**
   * A message on a profile, as a team would have it before a crisis: scheduled unless `more`
   * says otherwise, with whatever else it carries (media, tags, a Pinterest board …).
   */
  schedule(profileId: string, text: string, at: number, mediaUrls: string[] = [], more: Partial<HootsuiteMessage> = {}): HootsuiteMessage {
    const message: HootsuiteMessage = {
      id: String(this.nextId++),
      state: 'SCHEDULED',
      text,
      scheduledSendTime: iso(at),
      socialProfile: { id: profileId },
      ...(mediaUrls.length ? { mediaUrls: mediaUrls.map((url) => ({ url })) } : {}),
      createdByMember: { id: '1389211223' },
      ...more,
    };
    this.messages.set(message.id, message);
    return message;
  }

  /**
   * An OAuth app whose access tokens live `accessTtlSec` seconds; answers the first refresh token
   * (what the member's authorisation gave, with the `offline` scope).
   */
  enableOAuth(o: { clientId: string; clientSecret: string; accessTtlSec: number }): string {
    this.oauth = o;
    const first = `refresh-${crypto.randomUUID()}`;
    this.refreshTokens.add(first);
    return first;
  }

  /** The member revoked the app (or an admin did): every refresh token is refused from now on. */
  revokeRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  /** A message goes out: the network's id for it and, as Hootsuite gives for some networks, its link. */
  sent(m: HootsuiteMessage): void {
    m.state = 'SENT';
    m.postId = String(this.nextId++);
    m.postUrl = `https://social.example.com/${m.socialProfile.id}/posts/${m.postId}`;
  }

  /** Someone approves a message waiting for approval in Hootsuite: it goes out (a time in the past or none) or is scheduled. */
  approve(id: string): void {
    const m = this.messages.get(id)!;
    if (Date.parse(m.scheduledSendTime) <= Date.now()) this.sent(m);
    else m.state = 'SCHEDULED';
  }

  /** Media uploaded to Hootsuite (POST /v1/media and the upload), ready to attach by id. */
  addMedia(mimeType = 'image/jpeg'): string {
    const id = Buffer.from(`https://hootsuite-video.s3.amazonaws.com/production/${this.nextId++}.jpg`).toString('base64');
    this.media.set(id, { mimeType, ready: true });
    return id;
  }

  /** The next `times` requests whose "METHOD /path" starts with `match` get `fault`. */
  inject(match: string, fault: HootsuiteFault, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push({ match, fault });
  }

  /** Stops; rejects, naming them, if any request or answer broke Hootsuite's description. */
  async close(): Promise<void> {
    for (const res of this.hung.splice(0)) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.violations.length) throw new Error(`Hootsuite's description does not allow:\n${this.violations.join('\n')}`);
  }

  /** The messages scheduled on a profile, earliest first. */
  scheduledOn(profileId: string, states: readonly HootsuiteMessage['state'][] = ['SCHEDULED']): HootsuiteMessage[] {
    return [...this.messages.values()]
      .filter((m) => m.socialProfile.id === profileId && states.includes(m.state))
      .sort((a, b) => Date.parse(a.scheduledSendTime) - Date.parse(b.scheduledSendTime));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://standin');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = req.method ?? 'GET';
    const checked = this.spec.check({ method, path: url.pathname, query: url.searchParams, headers: req.headers, body: raw });
    const operationId = checked.operationId;
    this.calls.push({ method, path: url.pathname, query: url.searchParams, body: checked.ok ? checked.body : raw, operationId });
    if (this.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const answer = new Answer(res, this, operationId);
    if (!checked.ok) {
      this.violations.push(...checked.problems.map((p) => `${method} ${url.pathname}: ${p}`));
      return answer.error(400, 4000, `Schema validation failed: ${checked.problems.join('; ')}`);
    }
    if (method === 'POST' && url.pathname === '/oauth2/token')
      return this.grant(req.headers.authorization, checked.body as Record<string, string>, answer);
    if (!this.accepts(req.headers.authorization)) return answer.error(401, 1001, 'Invalid access token');
    const at = this.faults.findIndex((f) => `${method} ${url.pathname}`.startsWith(f.match));
    const fault = at >= 0 ? this.faults.splice(at, 1)[0]!.fault : undefined;
    if (fault?.status === 'hang') {
      this.hung.push(res);
      // Done, and its answer dropped on the floor.
      if (fault.apply) this.route(method, url, checked.body, new Answer(undefined, this, operationId));
      return;
    }
    if (fault?.status === 'partial') return this.route(method, url, checked.body, answer.partly(fault.keep));
    if (fault?.status === 429) {
      if (fault.retryAfter !== undefined) res.setHeader('retry-after', String(fault.retryAfter));
      return answer.error(429, fault.code ?? 1043, fault.code === 1003 ? 'Account plan limit exceeded' : 'Too many requests');
    }
    if (fault && fault.status < 500)
      return answer.error(
        fault.status,
        (fault as { code: number }).code,
        (fault as { message?: string }).message ?? describeCode((fault as { code: number }).code),
      );
    if (fault) {
      if ('apply' in fault && fault.apply) this.route(method, url, checked.body, new Answer(undefined, this, operationId));
      return answer.error(fault.status, 9000, 'An internal error occurred');
    }
    this.route(method, url, checked.body, answer);
  }

  /** The fixed token the stand-in started with, or an access token it granted that has not run out. */
  private accepts(authorization: string | undefined): boolean {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (!token) return false;
    return token === this.token || (this.accessTokens.get(token) ?? 0) > Date.now();
  }

  /** POST /oauth2/token, grant_type refresh_token: the client by HTTP Basic, the refresh token good once. */
  private grant(authorization: string | undefined, body: Record<string, string>, answer: Answer): void {
    const o = this.oauth;
    const basic = o && `Basic ${Buffer.from(`${o.clientId}:${o.clientSecret}`).toString('base64')}`;
    if (!o || authorization !== basic) return answer.oauthError(401, 'invalid_client', 'Client authentication failed');
    if (body.grant_type !== 'refresh_token') return answer.oauthError(400, 'unsupported_grant_type', 'The grant type is not supported');
    if (!this.refreshTokens.delete(body.refresh_token ?? '')) {
      this.refusedRefreshes++;
      return answer.oauthError(400, 'invalid_grant', 'The refresh token is invalid, expired or revoked');
    }
    this.refreshes++;
    const access = `access-${crypto.randomUUID()}`;
    const refresh = `refresh-${crypto.randomUUID()}`;
    this.accessTokens.set(access, Date.now() + o.accessTtlSec * 1000);
    this.refreshTokens.add(refresh);
    answer.json(200, { access_token: access, token_Type: 'Bearer', expires_in: o.accessTtlSec, refresh_token: refresh, scope: 'offline' });
  }

  private route(method: string, url: URL, body: unknown, answer: Answer): void {
    if (method === 'GET' && url.pathname === '/v1/messages') return this.list(url.searchParams, answer);
    if (method === 'POST' && url.pathname === '/v1/messages') return this.create(body as Record<string, unknown>, answer);
    const one = /^\/v1\/messages\/([^/]+)$/.exec(url.pathname);
    const message = one ? this.messages.get(decodeURIComponent(one[1]!)) : undefined;
    if (one && !message) return answer.error(400, 4001, 'Resource not found');
    if (method === 'GET' && message) return answer.json(200, { data: message });
    if (method === 'DELETE' && message) {
      if (!DELETABLE.has(message.state)) return answer.error(400, 40003, describeCode(40003));
      this.messages.delete(message.id);
      return answer.empty(200);
    }
    const media = /^\/v1\/media\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && media) {
      const found = this.media.get(decodeURIComponent(media[1]!));
      if (!found) return answer.error(400, 4001, 'Resource not found');
      return answer.json(200, { data: { id: decodeURIComponent(media[1]!), state: found.ready ? 'READY' : 'QUEUED' } });
    }
    // Described, but nothing the bot has any business calling.
    this.violations.push(`${method} ${url.pathname}: the bot has no use for this`);
    return answer.error(400, 5002, 'Unsupported operation');
  }

  private list(q: URLSearchParams, answer: Answer): void {
    const start = Date.parse(q.get('startTime') ?? '');
    const end = Date.parse(q.get('endTime') ?? '');
    if (Number.isNaN(start) || Number.isNaN(end)) return answer.error(400, 4000, 'startTime and endTime must be ISO-8601 times');
    if (end - start > WINDOW_MS || end < start) return answer.error(400, 40020, describeCode(40020));
    const state = q.get('state');
    if (state && !['PENDING_APPROVAL', 'REJECTED', 'SENT', 'SCHEDULED', 'SEND_FAILED_PERMANENTLY'].includes(state))
      return answer.error(400, 40019, describeCode(40019));
    const profiles = q.getAll('socialProfileIds');
    const limit = Math.min(Number(q.get('limit') ?? PAGE_DEFAULT) || PAGE_DEFAULT, PAGE_MAX);
    const offset = Number(q.get('cursor') ?? 0) || 0;
    const all = [...this.messages.values()]
      .filter((m) => (state ? m.state === state : true))
      .filter((m) => (profiles.length ? profiles.includes(m.socialProfile.id) : true))
      .filter((m) => {
        const t = Date.parse(m.scheduledSendTime);
        return t >= start && t <= end;
      })
      .sort((a, b) => Date.parse(a.scheduledSendTime) - Date.parse(b.scheduledSendTime));
    const page = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? String(offset + limit) : null;
    answer.json(200, { data: page, metadata: { cursor: { next, previous: null } } });
  }

  private create(b: Record<string, unknown>, answer: Answer): void {
    const text = b.text as string | undefined;
    const profiles = (b.socialProfileIds as string[] | undefined) ?? [];
    if (!text) return answer.error(400, 4000, 'text is required');
    if (!profiles.length) return answer.error(400, 2306, describeCode(2306));
    // Without a time, "send now": out at once (unless it waits for approval).
    const when = b.scheduledSendTime as string | undefined;
    if (when !== undefined && !when.endsWith('Z')) return answer.error(400, 4000, 'scheduledSendTime must be UTC, ending in Z');
    const at = when === undefined ? Date.now() : Date.parse(when);
    if (when !== undefined && (Number.isNaN(at) || at <= Date.now()))
      return answer.error(400, 4000, 'scheduledSendTime must be in the future');
    const urls = (b.mediaUrls as { url?: string }[] | undefined) ?? [];
    if (urls.some((u) => !OWLY.test(u.url ?? ''))) return answer.error(400, 40004, describeCode(40004));
    const media = (b.media as { id?: string }[] | undefined) ?? [];
    for (const m of media) {
      const found = m.id ? this.media.get(m.id) : undefined;
      if (!found) return answer.error(400, 4001, 'Resource not found');
      if (!found.ready) return answer.error(400, 40021, describeCode(40021));
    }
    const pins = (b.extendedInfo as HootsuiteMessage['extendedInfo']) ?? [];
    const { socialProfileIds: _ids, scheduledSendTime: _at, ...kept } = b;
    const data = profiles.map((profile) => {
      const m = this.schedule(profile, text, at, [], {
        ...(kept as Partial<HootsuiteMessage>),
        ...(pins.length ? { extendedInfo: pins.filter((p) => p.socialProfileId === profile) } : {}),
        state: this.approvalRequired.has(profile) ? 'PENDING_APPROVAL' : when === undefined ? 'SENT' : 'SCHEDULED',
      });
      if (m.state === 'SENT') this.sent(m);
      return { id: m.id, state: m.state };
    });
    answer.json(200, { data });
  }
}

/** One answer: written to the socket, or dropped (a lost answer), and checked against the description either way. */
class Answer {
  private keep: number | undefined;

  constructor(
    private readonly res: ServerResponse | undefined,
    private readonly standin: HootsuiteStandin,
    private readonly operationId: string | undefined,
  ) {}

  /** The next 200 keeps only its first `keep` items and names the rest in `errors`, as a partial failure does. */
  partly(keep: number): this {
    this.keep = keep;
    return this;
  }

  oauthError(status: number, error: string, description: string): void {
    this.json(status, { error, error_description: description, status_code: status });
  }

  json(status: number, body: Record<string, unknown> & { data?: unknown }): void {
    let sent: Record<string, unknown> = body;
    if (this.keep !== undefined && status === 200 && Array.isArray(body.data)) {
      const lost = body.data.slice(this.keep) as { id?: string }[];
      sent = {
        ...body,
        data: body.data.slice(0, this.keep),
        errors: lost.map((m) => ({
          code: 5000,
          message: 'An unknown error occurred',
          resource: { type: 'message', id: String(m.id ?? '') },
        })),
      };
    }
    // 401, 403 and 429 are described for the API as a whole (its table of statuses), not per
    // operation; the token endpoint describes its own 401.
    if (this.operationId && (this.operationId === 'oauth2Token' || ![401, 403, 429].includes(status)) && status < 500) {
      const problems = this.standin.spec.checkResponse(this.operationId, status, sent);
      this.standin.violations.push(...problems.map((p) => `stand-in ${this.operationId} ${status}: ${p}`));
    }
    if (!this.res) return;
    this.res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
    this.res.end(JSON.stringify(sent));
  }

  empty(status: number): void {
    if (!this.res) return;
    this.res.writeHead(status);
    this.res.end();
  }

  error(status: number, code: number, message: string): void {
    this.json(status, { errors: [{ code, message, id: crypto.randomUUID() }] });
  }
}

/** The description's own words for its codes. */
function describeCode(code: number): string {
  const words: Record<number, string> = {
    1001: 'Invalid access token',
    1003: 'Account plan limit exceeded',
    1004: 'API plan limit exceeded',
    2306: 'Missing social profile ID',
    4001: 'Resource not found',
    4009: 'Insufficient organization permissions',
    40003: 'You have attempted to delete a message that cannot be deleted in its current state',
    40004: 'Only attachments from http://static.ow.ly or http://ow.ly/i/ are currently allowed',
    40019: 'Message state filter not supported',
    40020: 'Specified date range is too large',
    40021: 'Uploaded media is not yet ready to be used (further processing required)',
    40025: 'Scheduled message limit reached',
  };
  return words[code] ?? 'Invalid request';
}
