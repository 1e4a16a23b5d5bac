// A stand-in for Hootsuite's REST API v1, as strict as the Slack one: bearer auth, the 4-week
// window of GET /v1/messages, 404 for a message it does not have, and injectable 429 (with
// Retry-After) and 5xx. Shapes follow Hootsuite's published Swagger (see docs/architecture.md, The freeze through Hootsuite):
// { data, metadata: { cursor: { next, previous } } } and { errors: [{ code, message }] }.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HootsuiteMessage {
  id: string;
  state: 'SCHEDULED' | 'SENT' | 'PENDING_APPROVAL';
  text: string;
  scheduledSendTime: string;
  socialProfile: { id: string };
  mediaUrls?: { url: string }[];
}

/**
 * What an injected request gets: a 429 (with or without Retry-After), a refusal, a 5xx, or no
 * answer at all (`hang`): with `apply`, Hootsuite did what was asked and the answer was lost.
 */
export type HootsuiteFault =
  { status: 429; retryAfter?: number } | { status: 400 | 403 | 500 | 502 | 503 } | { status: 'hang'; apply?: boolean };

export interface HootsuiteCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** Hootsuite's limit on GET /v1/messages: endTime "must not be later than 4 weeks from startTime". */
export const WINDOW_MS = 28 * 24 * 3600_000;
const PAGE_MAX = 100;

export class HootsuiteStandin {
  readonly messages = new Map<string, HootsuiteMessage>();
  readonly calls: HootsuiteCall[] = [];
  private readonly faults: { match: string; fault: HootsuiteFault }[] = [];
  /** Requests left without an answer (see HootsuiteFault `hang`). */
  private readonly hung: ServerResponse[] = [];
  private nextId = 1000;

  /** Added to every answer, as a real network and API would. */
  latencyMs = 0;

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

  /** A scheduled message on a profile, as a team would have it before a crisis. */
  schedule(profileId: string, text: string, at: number, mediaUrls: string[] = []): HootsuiteMessage {
    const message: HootsuiteMessage = {
      id: String(this.nextId++),
      state: 'SCHEDULED',
      text,
      scheduledSendTime: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      socialProfile: { id: profileId },
      ...(mediaUrls.length ? { mediaUrls: mediaUrls.map((url) => ({ url })) } : {}),
    };
    this.messages.set(message.id, message);
    return message;
  }

  /** The next `times` requests whose "METHOD /path" starts with `match` get `fault`. */
  inject(match: string, fault: HootsuiteFault, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push({ match, fault });
  }

  close(): Promise<void> {
    for (const res of this.hung.splice(0)) res.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The messages scheduled on a profile, earliest first. */
  scheduledOn(profileId: string): HootsuiteMessage[] {
    return [...this.messages.values()]
      .filter((m) => m.socialProfile.id === profileId && m.state === 'SCHEDULED')
      .sort((a, b) => Date.parse(a.scheduledSendTime) - Date.parse(b.scheduledSendTime));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://standin');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return this.error(res, 400, 1000, 'Malformed JSON');
    }
    const method = req.method ?? 'GET';
    this.calls.push({ method, path: url.pathname, query: url.searchParams, body });
    if (this.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));

    if (req.headers.authorization !== `Bearer ${this.token}`) return this.error(res, 401, 1001, 'Invalid access token');
    const at = this.faults.findIndex((f) => `${method} ${url.pathname}`.startsWith(f.match));
    if (at >= 0) {
      const { fault } = this.faults.splice(at, 1)[0]!;
      if (fault.status === 'hang') {
        this.hung.push(res);
        // Done, and its answer dropped on the floor.
        const dropped = { writeHead: () => dropped, end: () => dropped };
        if (fault.apply) this.route(method, url, body, dropped as unknown as ServerResponse);
        return;
      }
      if (fault.status === 429) {
        if (fault.retryAfter !== undefined) res.setHeader('retry-after', String(fault.retryAfter));
        return this.error(res, 429, 1003, 'Too many requests');
      }
      if (fault.status < 500)
        return this.error(
          res,
          fault.status,
          fault.status === 403 ? 4030 : 40000,
          fault.status === 403 ? 'Not permitted on this social profile' : 'Invalid request',
        );
      return this.error(res, fault.status, 5000, 'Internal error');
    }

    this.route(method, url, body, res);
  }

  private route(method: string, url: URL, body: unknown, res: ServerResponse): void {
    if (method === 'GET' && url.pathname === '/v1/messages') return this.list(url.searchParams, res);
    const one = /^\/v1\/messages\/([^/]+)$/.exec(url.pathname);
    if (method === 'DELETE' && one) {
      if (!this.messages.delete(decodeURIComponent(one[1]!))) return this.error(res, 404, 4001, 'Resource not found');
      return this.json(res, 200, { data: {} });
    }
    if (method === 'POST' && url.pathname === '/v1/messages') return this.create(body, res);
    return this.error(res, 404, 4001, 'Resource not found');
  }

  private list(q: URLSearchParams, res: ServerResponse): void {
    const start = Date.parse(q.get('startTime') ?? '');
    const end = Date.parse(q.get('endTime') ?? '');
    if (Number.isNaN(start) || Number.isNaN(end)) return this.error(res, 400, 40018, 'startTime and endTime are required ISO-8601 times');
    if (end - start > WINDOW_MS || end < start) return this.error(res, 400, 40020, 'endTime must not be later than 4 weeks from startTime');
    const state = q.get('state');
    const profiles = q.getAll('socialProfileIds');
    const limit = Math.min(Number(q.get('limit') ?? 50) || 50, PAGE_MAX);
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
    this.json(res, 200, { data: page, metadata: { cursor: { next, previous: null } } });
  }

  private create(body: unknown, res: ServerResponse): void {
    const b = body as { text?: unknown; socialProfileIds?: unknown; scheduledSendTime?: unknown; mediaUrls?: unknown } | undefined;
    if (typeof b?.text !== 'string' || !b.text) return this.error(res, 400, 40000, 'text is required');
    if (!Array.isArray(b.socialProfileIds) || !b.socialProfileIds.every((p) => typeof p === 'string'))
      return this.error(res, 400, 40000, 'socialProfileIds must be strings');
    if (typeof b.scheduledSendTime !== 'string' || !b.scheduledSendTime.endsWith('Z'))
      return this.error(res, 400, 40000, 'scheduledSendTime must be UTC, ending in Z');
    const at = Date.parse(b.scheduledSendTime);
    if (Number.isNaN(at) || at <= Date.now()) return this.error(res, 400, 40000, 'scheduledSendTime must be in the future');
    const media = Array.isArray(b.mediaUrls) ? (b.mediaUrls as { url: string }[]).map((m) => m.url) : [];
    const data = b.socialProfileIds.map((profile) => {
      const m = this.schedule(profile, b.text as string, at, media);
      return { id: m.id, state: m.state };
    });
    this.json(res, 200, { data });
  }

  private error(res: ServerResponse, status: number, code: number, message: string): void {
    this.json(res, status, { errors: [{ code, message }] });
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
