// A Slack Web API stand-in: a real HTTP server that the app's WebClient talks to through
// `slackApiUrl`, so tests exercise the real client (serialisation, retries, rate-limit pauses,
// files.uploadV2's three steps) instead of a mocked method table.
//
//   const slack = await SlackStandin.start({ users: [{ id: 'U1', email: 'a@x.io' }] });
//   new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl });
//
// The workspace state and the methods live in standin-workspace.ts; this file owns HTTP,
// authentication, latency, injected faults, call recording and response URLs.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { parseArgs, parseMultipart, readBody, sendJson, sendText, sleep, tokenOf, type Args } from './standin-http.js';
import { RateModel } from './standin-rate-limits.js';
import { SocketModeEndpoint } from './standin-socket.js';
import { SlackApiError, type StandinResponseBody, type StandinUser } from './standin-types.js';
import { StandinWorkspace } from './standin-workspace.js';

export type { StandinChannel, StandinEphemeral, StandinMessage, StandinUpload, StandinUser, StandinView } from './standin-types.js';
export type { Args as StandinArgs } from './standin-http.js';

export interface StandinOptions {
  latencyMs?: number;
  users?: StandinUser[];
}

export interface StandinCall {
  method: string;
  /** Decoded arguments (JSON-string fields parsed), without the token. */
  args: Args;
  /** Date.now() when the request arrived, before any latency. */
  at: number;
  /** The error answered, if any: a Slack error code, 'ratelimited', or 'http_<status>'. */
  error?: string;
}

export type StandinFault = { status: 429; retryAfter: number } | { status: 500 | 502 | 503 } | { error: string };

export interface StandinResponse {
  path: string;
  body: StandinResponseBody;
  at: number;
}

/** Slack's own wording for these when a JSON-string field does not parse. */
const BAD_JSON_ERRORS: Record<string, string> = {
  body: 'invalid_json',
  blocks: 'invalid_blocks_format',
  attachments: 'invalid_attachments',
};

export class SlackStandin extends StandinWorkspace {
  readonly apiUrl: string;
  readonly baseUrl: string;
  /** Socket Mode: where an app connected with an app-level token gets its envelopes. */
  readonly socket: SocketModeEndpoint;
  /** Delay before every Web API answer; change it mid-test to simulate a slow Slack. */
  latencyMs: number;
  /** Delay for one method, instead of latencyMs: to hold a chosen call in flight. */
  readonly methodLatencyMs = new Map<string, number>();
  /** Tokens Slack no longer takes (revoked, rotated away): answered `invalid_auth`. */
  readonly refusedTokens = new Set<string>();
  calls: StandinCall[] = [];
  /** Every Web API call as it arrives, before the latency: what is in flight in Slack. */
  received: StandinCall[] = [];
  responses: StandinResponse[] = [];

  /** Slack's rate limits, once a test switches them on (limitRates). */
  private rates: RateModel | undefined;
  private readonly faults = new Map<string, StandinFault[]>();
  private readonly responsePaths = new Set<string>();
  private responseSeq = 0;
  private closed = false;

  private constructor(
    private readonly server: Server,
    port: number,
    opts: StandinOptions,
  ) {
    super();
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.baseUrl}/api/`;
    this.uploadBase = `${this.baseUrl}/upload/`;
    this.socket = new SocketModeEndpoint(server, this.baseUrl);
    this.latencyMs = opts.latencyMs ?? 0;
    for (const u of opts.users ?? []) this.addUser(u);
  }

  static async start(opts: StandinOptions = {}): Promise<SlackStandin> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const standin = new SlackStandin(server, (server.address() as AddressInfo).port, opts);
    server.on('request', (req, res) => void standin.route(req, res));
    return standin;
  }

  callsTo(method: string): StandinCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The next `times` calls of `method` get `fault` instead of being performed. */
  inject(method: string, fault: StandinFault, times = 1): void {
    const queue = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.faults.set(method, queue);
  }

  /**
   * From now on, answer as Slack does over its rate limits: per method by tier, and
   * chat.postMessage per conversation (see standin-rate-limits.ts). 429s are recorded in
   * `calls` with the error 'ratelimited' and counted in `rateLimited`.
   */
  limitRates(clock: () => number = Date.now): void {
    this.rates = new RateModel(clock);
  }

  /** How many calls Slack's modelled rate limits have refused. */
  get rateLimited(): number {
    return this.rates?.refused ?? 0;
  }

  /** Drops the faults still queued for one method, or for all. */
  clearFaults(method?: string): void {
    if (method) this.faults.delete(method);
    else this.faults.clear();
  }

  /** A fresh response_url for interaction payloads; what the app POSTs there lands in `responses`. */
  responseUrl(): string {
    this.responseSeq += 1;
    const path = `/response/${this.responseSeq}`;
    this.responsePaths.add(path);
    return `${this.baseUrl}${path}`;
  }

  /** Polls `probe` (which may read the store, asynchronously) until it gives a truthy value. */
  async waitFor<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastThrow: unknown;
    for (;;) {
      // A probe that throws (e.g. indexing a message that has not arrived) just means "not yet".
      try {
        const value = await probe();
        if (value) return value;
      } catch (err) {
        lastThrow = err;
      }
      if (Date.now() >= deadline) throw new Error(this.timeoutMessage(probe, timeoutMs, lastThrow));
      await sleep(10);
    }
  }

  /** Forgets channels, messages, calls, faults and recordings; users and issued URLs stay valid. */
  override reset(): void {
    super.reset();
    this.calls = [];
    this.received = [];
    this.responses = [];
    this.faults.clear();
    this.methodLatencyMs.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
    await new Promise<void>((resolve, reject) => {
      this.server.close((err) => (err ? reject(err) : resolve()));
      // fetch keeps connections alive; without this close() waits for them to time out.
      this.server.closeAllConnections();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const path = new URL(req.url ?? '/', this.baseUrl).pathname;
      const body = await readBody(req);
      if (path.startsWith('/api/')) return await this.webApi(path.slice('/api/'.length), req, res, body);
      if (path.startsWith('/upload/')) return await this.upload(path.slice('/upload/'.length), req, res, body);
      if (this.responsePaths.has(path)) return this.recordResponse(path, body, res);
      sendText(res, 404, `stand-in: nothing at ${path}`);
    } catch (err) {
      // A stand-in bug must not look like a Slack outage the app is supposed to survive.
      console.error('SlackStandin crashed while answering', req.url, err);
      if (!res.headersSent) sendText(res, 500, `stand-in crashed: ${err instanceof Error ? err.stack : String(err)}`);
    }
  }

  private async webApi(method: string, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const at = Date.now();
    const { args, badJson } = await parseArgs(req, body);
    const token = tokenOf(req, args);
    delete args.token;
    this.received.push({ method, args, at });
    const latency = this.methodLatencyMs.get(method) ?? this.latencyMs;
    if (latency > 0) await sleep(latency);
    const call: StandinCall = { method, args, at };
    this.calls.push(call);

    const fault = this.faults.get(method)?.shift();
    if (fault) return this.answerFault(res, call, fault);
    const admitted = this.rates?.admit(method, typeof args.channel === 'string' ? args.channel : undefined);
    if (admitted && !admitted.ok) return this.answerFault(res, call, { status: 429, retryAfter: admitted.retryAfterSec });

    const fail = (error: string, messages?: string[]): void => {
      call.error = error;
      sendJson(res, 200, { ok: false, error, ...(messages ? { response_metadata: { messages } } : {}) });
    };
    if (token === null) return fail('not_authed');
    if (this.refusedTokens.has(token)) return fail('invalid_auth');
    // Socket Mode's one method takes the app-level token, and only it; every other, the bot's.
    if (method === 'apps.connections.open')
      return token.startsWith('xapp-') ? sendJson(res, 200, { ok: true, url: this.socket.openUrl() }) : fail('not_allowed_token_type');
    if (token.startsWith('xapp-')) return fail('not_allowed_token_type');
    if (!token.startsWith('xoxb-')) return fail('invalid_auth');
    if (badJson) return fail(BAD_JSON_ERRORS[badJson] ?? 'invalid_arguments');
    try {
      const result = this.perform(method, args);
      if (result === undefined) return fail('unknown_method');
      sendJson(res, 200, { ok: true, ...result });
    } catch (err) {
      if (!(err instanceof SlackApiError)) throw err;
      fail(err.error, err.messages);
    }
  }

  private answerFault(res: ServerResponse, call: StandinCall, fault: StandinFault): void {
    if ('error' in fault) {
      call.error = fault.error;
      return sendJson(res, 200, { ok: false, error: fault.error });
    }
    if (fault.status === 429) {
      call.error = 'ratelimited';
      return sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter) });
    }
    // Slack's edge answers outages with an HTML page, not JSON.
    call.error = `http_${fault.status}`;
    sendText(res, fault.status, `<html><body><h1>${fault.status} Service Unavailable</h1></body></html>`, 'text/html');
  }

  /**
   * files.uploadV2 step 2. The WebClient sends the bytes as multipart/form-data (field `body`),
   * other clients send them raw; both are accepted like files.slack.com does.
   */
  private async upload(fileId: string, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    let bytes = body;
    const contentType = req.headers['content-type'] ?? '';
    if (contentType.startsWith('multipart/form-data')) {
      const form = await parseMultipart(body, contentType);
      const part = [...form.values()].find((v): v is Blob => typeof v !== 'string') ?? form.get('body') ?? '';
      bytes = typeof part === 'string' ? Buffer.from(part) : Buffer.from(await part.arrayBuffer());
    }
    if (!this.receiveUpload(fileId, bytes)) return sendText(res, 404, 'file not found');
    sendText(res, 200, `OK - ${bytes.length}`);
  }

  private recordResponse(path: string, body: Buffer, res: ServerResponse): void {
    const text = body.toString('utf8');
    let parsed: StandinResponseBody;
    try {
      parsed = JSON.parse(text) as StandinResponseBody;
    } catch {
      // Kept as text so a malformed respond() is visible in the test rather than swallowed.
      parsed = { malformed: text };
    }
    this.responses.push({ path, body: parsed, at: Date.now() });
    sendJson(res, 200, { ok: true });
  }

  private timeoutMessage(probe: () => unknown, timeoutMs: number, lastThrow: unknown): string {
    const recent = this.calls.slice(-8).map((c) => (c.error ? `${c.method} -> ${c.error}` : c.method));
    return [
      `SlackStandin.waitFor: condition not met within ${timeoutMs} ms: ${probe.toString().slice(0, 300)}`,
      `Last Web API calls: ${recent.length ? recent.join(', ') : '(none)'}`,
      ...(lastThrow ? [`The probe last threw: ${lastThrow instanceof Error ? lastThrow.message : inspect(lastThrow)}`] : []),
    ].join('\n');
  }
}
