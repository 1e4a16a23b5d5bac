// A stand-in for Twilio's REST API (2010-04-01) and for Twilio's side of the webhooks, as strict
// as the Slack one: Basic auth, Twilio's validation errors and error body, calls queued at the
// account's 1 call per second, and each call's progress played against the bot's webhooks,
// signed like Twilio (X-Twilio-Signature), with the bot's TwiML read strictly.
//
//   const twilio = await TwilioStandin.start();
//   twilio.script('+46701234567', 'press-1');
//   ... the bot creates a call at twilio.apiUrl ...
//   await twilio.settle();
//
// Behaviour follows Twilio's own description (the 2010-04-01 OpenAPI spec, the Call resource,
// TwiML and error pages), not the bot's code. Plumbing (signature, resource shapes, webhook
// requests, the TwiML reader) is in twilio-standin-http.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, sendJson, sleep } from './standin-http.js';
import {
  all,
  API_VERSION,
  callJson,
  httpUrl,
  listPage,
  one,
  parseForm,
  readTwiml,
  rfc2822,
  segments,
  sid,
  textJson,
  twilioError,
  twilioRequest,
  twilioSignature,
  type FormParams,
  type HookAnswer,
  type XmlNode,
} from './twilio-standin-http.js';

export { twilioSignature } from './twilio-standin-http.js';

export type Callee = 'press-1' | 'press-2' | 'voicemail' | 'no-answer' | 'busy' | 'hang-up';

export interface StandinWebhook {
  /** As requested: for a GET, with Twilio's parameters in the query. */
  url: string;
  params: Record<string, string>;
  /** The bot's HTTP status; 0 when it gave none (refused, reset, or past 15 s). */
  status: number;
  body: string;
}

export interface StandinCall {
  sid: string;
  to: string;
  from: string;
  url: string;
  method: string;
  statusCallback?: string;
  statusCallbackMethod: string;
  /** As the bot asked (empty: Twilio's default, `completed` only). */
  statusCallbackEvents: string[];
  machineDetection?: string;
  timeoutS: number;
  /** The REST status: queued, ringing, in-progress, completed, busy, no-answer. */
  status: string;
  /** Date.now() at creation. */
  createdAt: number;
  /** How long Twilio's 1-call-per-second queue held the call before dialing. */
  queueMs: number;
  startedAt?: number;
  answeredAt?: number;
  endedAt?: number;
  durationS?: number;
  answeredBy?: string;
  digits?: string;
  callee: Callee;
  /** Every webhook request the stand-in made for this call, in order, with the bot's answer. */
  webhooks: (StandinWebhook & { kind: 'voice' | 'gather' | 'status' })[];
  done: boolean;
}

export interface StandinText {
  sid: string;
  to: string;
  from: string;
  body: string;
  statusCallback?: string;
  status: string;
  createdAt: number;
  webhooks: StandinWebhook[];
  /** Every status callback made (sent, then delivered). */
  done: boolean;
}

export type TwilioFault = { status: 429 } | { status: 500 | 503 } | { status: 'hang'; apply?: boolean };

export interface StandinRequest {
  method: string;
  path: string;
  /** Query (GET) or form body (POST); repeated keys as arrays. */
  params: Record<string, string | string[]>;
  /** The HTTP status answered; 0 for a request left hanging. */
  status: number;
}

const E164 = /^\+[1-9]\d{6,14}$/;
/** Twilio's default for calls created through the API: one per second per account, queued, not refused. */
const CPS_SPACING_MS = 1000;
const CALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed'];
/** Twilio's SipResponseCode on terminal status callbacks. */
const SIP_CODES: Record<string, string> = { completed: '200', busy: '486', 'no-answer': '487' };

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function fail(status: number, code: number, message: string, headers?: Record<string, string>): never {
  throw new Refusal(status, code, message, headers);
}

export class TwilioStandin {
  readonly calls: StandinCall[] = [];
  readonly texts: StandinText[] = [];
  readonly requests: StandinRequest[] = [];
  /** Where the bot's webhook answers broke Twilio's rules (bad TwiML and the like); settle() rejects with them. */
  readonly problems: string[] = [];
  private readonly scripts = new Map<string, Callee[]>();
  private readonly faults: { method: string; suffix: string; fault: TwilioFault }[] = [];
  private readonly hung: ServerResponse[] = [];
  private readonly aborter = new AbortController();
  private readonly phoneNumberSids: Map<string, string>;
  /** When Twilio's queue may dial the next call (see CPS_SPACING_MS). */
  private nextSlot = 0;
  private stopped = false;

  private constructor(
    private readonly server: Server,
    readonly accountSid: string,
    readonly authToken: string,
    readonly numbers: string[],
    private readonly ringMs: number,
    private readonly talkMs: number,
  ) {
    this.phoneNumberSids = new Map(numbers.map((n) => [n, sid('PN')]));
  }

  /** What a bot on `port` needs to page through this stand-in: its account, its first number, and where it is called back. */
  botEnv(port: number): Record<string, string> {
    return {
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TWILIO_ACCOUNT_SID: this.accountSid,
      TWILIO_AUTH_TOKEN: this.authToken,
      TWILIO_FROM: this.numbers[0]!,
      TWILIO_API_URL: this.apiUrl,
    };
  }

  static async start(
    o: { accountSid?: string; authToken?: string; numbers?: string[]; ringMs?: number; talkMs?: number } = {},
  ): Promise<TwilioStandin> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const standin = new TwilioStandin(
      server,
      o.accountSid ?? sid('AC'),
      o.authToken ?? sid(''),
      o.numbers ?? ['+46766920000'],
      o.ringMs ?? 30,
      o.talkMs ?? 20,
    );
    server.on('request', (req, res) => void standin.handle(req, res));
    return standin;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next calls to `number` behave as given, in order; when the script is used up: 'no-answer'. */
  script(number: string, ...callees: Callee[]): void {
    this.scripts.set(number, [...(this.scripts.get(number) ?? []), ...callees]);
  }

  /**
   * The next `times` REST requests matching "METHOD path-suffix" (e.g. 'POST Calls.json') get
   * `fault`. 'hang' never answers (until stop()); with `apply` the request is performed first.
   */
  inject(match: string, fault: TwilioFault, times = 1): void {
    const [method = '', suffix = ''] = match.split(' ');
    for (let i = 0; i < times; i++) this.faults.push({ method: method.toUpperCase(), suffix, fault });
  }

  /** Signs like Twilio, with this account's Auth Token. */
  sign(url: string, params: Record<string, string>): string {
    return twilioSignature(this.authToken, url, params);
  }

  /** An incoming text to the account's first number, POSTed to `webhookUrl` as Twilio does. */
  async receiveText(webhookUrl: string, from: string, body: string): Promise<{ status: number; body: string }> {
    const messageSid = sid('SM');
    const params = {
      MessageSid: messageSid,
      SmsMessageSid: messageSid,
      SmsSid: messageSid,
      AccountSid: this.accountSid,
      From: from,
      To: this.numbers[0]!,
      Body: body,
      NumMedia: '0',
      NumSegments: String(segments(body)),
      SmsStatus: 'received',
      ApiVersion: API_VERSION,
    };
    const { answer } = await twilioRequest(this.authToken, 'POST', webhookUrl, params, this.aborter.signal);
    return { status: answer.status, body: answer.body };
  }

  /** Resolves when every call's flow and every text's callbacks are done; rejects on a problem or after timeoutMs. */
  async settle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.problems.length) throw new Error(`TwilioStandin: the bot's answers broke Twilio's rules:\n${this.problems.join('\n')}`);
      const open = [
        ...this.calls.filter((c) => !c.done).map((c) => `call ${c.sid} to ${c.to} (${c.callee}) is ${c.status}`),
        ...this.texts.filter((t) => !t.done).map((t) => `text ${t.sid} to ${t.to} is ${t.status}`),
      ];
      if (!open.length) return;
      if (Date.now() >= deadline) throw new Error(`TwilioStandin.settle: not done within ${timeoutMs} ms: ${open.join('; ')}`);
      await sleep(10);
    }
  }

  /** Forgets calls, texts, requests, problems, scripts and faults; flows in progress stop. */
  reset(): void {
    for (const list of [this.calls, this.texts, this.requests, this.problems, this.faults]) list.splice(0);
    this.scripts.clear();
    this.nextSlot = 0;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.aborter.abort();
    for (const res of this.hung.splice(0)) res.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- REST ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://standin');
    const method = req.method ?? 'GET';
    let raw: string;
    try {
      raw = (await readBody(req)).toString('utf8');
    } catch {
      return; // the client went away mid-request
    }
    // Twilio reads parameters from a form body only: a JSON body carries none it understands.
    const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const params = method === 'GET' ? parseForm(url.search.slice(1)) : isForm ? parseForm(raw) : {};
    const record: StandinRequest = { method, path: url.pathname, params, status: 0 };
    this.requests.push(record);
    let answer: Answer;
    try {
      this.authenticate(req, url.pathname);
      const fault = this.takeFault(method, url.pathname);
      if (fault?.status === 'hang') {
        this.hung.push(res);
        if (fault.apply) this.performIgnoringRefusal(method, url.pathname, params);
        return;
      }
      // 20429: "never processed and is always safe to retry".
      if (fault?.status === 429) fail(429, 20429, 'Too Many Requests');
      if (fault)
        fail(fault.status, fault.status === 500 ? 20500 : 20503, fault.status === 500 ? 'Internal Server Error' : 'Service Unavailable');
      answer = this.route(method, url.pathname, params);
    } catch (err) {
      if (err instanceof Refusal)
        answer = { status: err.status, body: twilioError(err.status, err.code, err.message), headers: err.headers };
      else {
        // A stand-in bug must not look like a Twilio outage the bot is meant to survive.
        console.error('TwilioStandin crashed while answering', req.url, err);
        answer = { status: 500, body: { stand_in_crashed: String(err) } };
      }
    }
    record.status = answer.status;
    sendJson(res, answer.status, answer.body, answer.headers);
  }

  private authenticate(req: IncomingMessage, path: string): void {
    const auth = req.headers.authorization ?? '';
    const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const [user, pass] = colon < 0 ? ['', ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
    const pathSid = /^\/2010-04-01\/Accounts\/([^/]+)\//.exec(path)?.[1];
    if (user !== this.accountSid || pass !== this.authToken || (pathSid !== undefined && pathSid !== this.accountSid))
      fail(401, 20003, 'Authenticate', { 'www-authenticate': 'Basic realm="Twilio API"' });
  }

  private takeFault(method: string, path: string): TwilioFault | undefined {
    const at = this.faults.findIndex((f) => f.method === method && (path === f.suffix || path.endsWith(`/${f.suffix}`)));
    return at < 0 ? undefined : this.faults.splice(at, 1)[0]!.fault;
  }

  /** A 'hang' with apply: done as asked, its answer (even a refusal) lost on the way back. */
  private performIgnoringRefusal(method: string, path: string, params: FormParams): void {
    try {
      this.route(method, path, params);
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
    }
  }

  private route(method: string, path: string, params: FormParams): Answer {
    const rest = /^\/2010-04-01\/Accounts\/[^/]+\/(.+)$/.exec(path)?.[1] ?? '';
    const resource = `${method} ${rest}`;
    const call = (c: StandinCall) => callJson(this.accountSid, c, this.phoneNumberSids.get(c.from));
    const text = (t: StandinText) => textJson(this.accountSid, t);
    if (resource === 'POST Calls.json') return { status: 201, body: call(this.createCall(params)) };
    if (resource === 'POST Messages.json') return { status: 201, body: text(this.createText(params)) };
    if (resource === 'GET Calls.json')
      return { status: 200, body: listPage(this.accountSid, 'Calls.json', 'calls', this.calls, params, call) };
    if (resource === 'GET Messages.json')
      return { status: 200, body: listPage(this.accountSid, 'Messages.json', 'messages', this.texts, params, text) };
    const single = /^GET (Calls|Messages)\/([^/]+)\.json$/.exec(resource);
    const found = single?.[1] === 'Calls' ? this.calls.find((c) => c.sid === single[2]) : this.texts.find((t) => t.sid === single?.[2]);
    if (found) return { status: 200, body: 'callee' in found ? call(found) : text(found) };
    fail(404, 20404, `The requested resource ${path} was not found`);
  }

  private createCall(p: FormParams): StandinCall {
    const to = one(p, 'To');
    const from = one(p, 'From');
    if (!to) fail(400, 21201, "No 'To' number is specified");
    if (!from) fail(400, 21213, "No 'From' number is specified");
    if (!E164.test(to)) fail(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!this.numbers.includes(from)) fail(400, 21210, `The source phone number provided, ${from}, is not yet verified for your account.`);
    // The bot always gives Url; inline Twiml and ApplicationSid are not modelled, so Url is required.
    const url = one(p, 'Url');
    if (!httpUrl(url)) fail(400, 21205, `Url is not a valid URL: ${url ?? '(none)'}`);
    const method = (one(p, 'Method') ?? 'POST').toUpperCase();
    if (method !== 'GET' && method !== 'POST') fail(400, 21209, `Method must be GET or POST, not ${method}`);
    const statusCallback = one(p, 'StatusCallback');
    // Twilio: callback URLs must have a valid hostname, underscores not permitted.
    if (statusCallback !== undefined && (httpUrl(statusCallback)?.hostname.includes('_') ?? true))
      fail(400, 21609, `The StatusCallback URL ${statusCallback} is not a valid URL.`);
    const statusCallbackMethod = (one(p, 'StatusCallbackMethod') ?? 'POST').toUpperCase();
    if (statusCallbackMethod !== 'GET' && statusCallbackMethod !== 'POST') fail(400, 21209, 'StatusCallbackMethod must be GET or POST');
    // A list parameter: each event a repeated StatusCallbackEvent key.
    const events = all(p, 'StatusCallbackEvent');
    const wrong = events.find((e) => !CALL_EVENTS.includes(e));
    if (wrong !== undefined) fail(400, 21626, `Invalid 'StatusCallbackEvent': ${wrong}`);
    const timeout = one(p, 'Timeout') ?? '60';
    if (!/^\d+$/.test(timeout) || +timeout < 1 || +timeout > 600) fail(400, 21208, `Invalid Timeout: ${timeout} (1 to 600 seconds)`);
    const machineDetection = one(p, 'MachineDetection');
    if (machineDetection !== undefined && machineDetection !== 'Enable' && machineDetection !== 'DetectMessageEnd')
      fail(400, 21234, `Invalid MachineDetection: ${machineDetection}`);

    const now = Date.now();
    // Over the account's CPS the call waits in Twilio's queue; the API still answers 201 at once.
    const startAt = Math.max(now, this.nextSlot);
    this.nextSlot = startAt + CPS_SPACING_MS;
    const call: StandinCall = {
      sid: sid('CA'),
      to,
      from,
      url: url!,
      method,
      statusCallbackMethod,
      statusCallbackEvents: events,
      ...(statusCallback !== undefined ? { statusCallback } : {}),
      ...(machineDetection !== undefined ? { machineDetection } : {}),
      timeoutS: +timeout,
      status: 'queued',
      createdAt: now,
      queueMs: startAt - now,
      callee: this.scripts.get(to)?.shift() ?? 'no-answer',
      webhooks: [],
      done: false,
    };
    this.calls.push(call);
    void this.runCall(call, startAt);
    return call;
  }

  private createText(p: FormParams): StandinText {
    const to = one(p, 'To');
    const from = one(p, 'From');
    const body = one(p, 'Body');
    if (!to) fail(400, 21604, "A 'To' phone number is required.");
    if (!E164.test(to)) fail(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from || !this.numbers.includes(from))
      fail(
        400,
        21606,
        `The From phone number ${from ?? ''} is not a valid, SMS-capable inbound phone number or short code for your account.`,
      );
    if (!body) fail(400, 21602, 'Message body is required.');
    if ([...body].length > 1600) fail(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    const statusCallback = one(p, 'StatusCallback');
    if (statusCallback !== undefined && (httpUrl(statusCallback)?.hostname.includes('_') ?? true))
      fail(400, 21609, `The StatusCallback URL ${statusCallback} is not a valid URL.`);
    const text: StandinText = {
      sid: sid('SM'),
      to,
      from,
      body,
      ...(statusCallback !== undefined ? { statusCallback } : {}),
      status: 'queued',
      createdAt: Date.now(),
      webhooks: [],
      done: false,
    };
    this.texts.push(text);
    void this.runText(text);
    return text;
  }

  // ---- What happens after the 201 ----

  private live(item: StandinCall | StandinText): boolean {
    return !this.stopped && ('callee' in item ? this.calls.includes(item) : this.texts.includes(item));
  }

  /** Waits, then says whether the flow should go on (not reset or stopped meanwhile). */
  private async wait(ms: number, item: StandinCall | StandinText): Promise<boolean> {
    if (ms > 0) await sleep(ms);
    return this.live(item);
  }

  private async runCall(call: StandinCall, startAt: number): Promise<void> {
    try {
      if (!(await this.wait(startAt - Date.now(), call))) return;
      call.startedAt = Date.now();
      // Off the queue and dialing; 'initiated' exists only as a callback, the resource stays queued.
      await this.progress(call, 'initiated', 'initiated');
      if (!(await this.wait(this.ringMs, call))) return;
      call.status = 'ringing';
      await this.progress(call, 'ringing', 'ringing');
      if (!(await this.wait(this.ringMs, call))) return;
      if (call.callee === 'no-answer' || call.callee === 'busy') return await this.end(call, call.callee);
      call.status = 'in-progress';
      call.answeredAt = Date.now();
      // Sync AMD: Enable decides at once (machine_start); DetectMessageEnd waits for the beep.
      if (call.machineDetection)
        call.answeredBy = call.callee !== 'voicemail' ? 'human' : call.machineDetection === 'Enable' ? 'machine_start' : 'machine_end_beep';
      // The answered event reports CallStatus in-progress.
      await this.progress(call, 'answered', 'in-progress');
      await this.converse(call);
      if (!(await this.wait(this.talkMs, call))) return;
      await this.end(call, 'completed');
    } catch (err) {
      this.problems.push(`${call.sid}: the stand-in failed: ${err instanceof Error ? err.stack : String(err)}`);
      call.done = true;
    }
  }

  /** The voice webhook, then for press-N the key pressed on the Gather. */
  private async converse(call: StandinCall): Promise<void> {
    const extra: Record<string, string> = call.answeredBy ? { AnsweredBy: call.answeredBy } : {};
    const voice = await this.hook(call, 'voice', call.method, call.url, { ...this.standard(call, 'in-progress'), ...extra });
    const doc = voice && this.twiml(call, 'voice', voice);
    // hang-up hangs up during the message; a machine just records it.
    if (!doc || (call.callee !== 'press-1' && call.callee !== 'press-2')) return;
    const gather = doc.children.find((n) => n.name === 'Gather');
    if (!gather) return this.problem(call, `${call.callee}: the voice TwiML has no <Gather>`);
    const { numDigits, input, action } = gather.attrs;
    if (numDigits !== undefined && numDigits !== '1') return this.problem(call, `<Gather numDigits="${numDigits}">: one key is pressed`);
    if (input !== undefined && !input.split(/\s+/).includes('dtmf')) return this.problem(call, `<Gather input="${input}"> takes no keys`);
    const method = (gather.attrs.method ?? 'POST').toUpperCase();
    if (method !== 'GET' && method !== 'POST') return this.problem(call, `<Gather method="${method}">`);
    // action defaults to the document's own URL, and a relative one resolves against it, as Twilio does.
    const target = action !== undefined && httpUrl(action) ? action : new URL(action ?? call.url, call.url).toString();
    call.digits = call.callee === 'press-1' ? '1' : '2';
    const answer = await this.hook(call, 'gather', method, target, { ...this.standard(call, 'in-progress'), Digits: call.digits });
    // Checked for well-formed TwiML; a <Redirect> or another <Gather> in it is not followed.
    if (answer) this.twiml(call, 'gather', answer);
  }

  private async end(call: StandinCall, terminal: 'completed' | 'busy' | 'no-answer'): Promise<void> {
    call.status = terminal;
    call.endedAt = Date.now();
    call.durationS = terminal === 'completed' ? Math.max(1, Math.ceil((call.endedAt - (call.answeredAt ?? call.endedAt)) / 1000)) : 0;
    // Terminal events carry CallDuration; Duration (billed minutes) only on completed.
    const extra: Record<string, string> = { CallDuration: String(call.durationS), SipResponseCode: SIP_CODES[terminal]! };
    if (terminal === 'completed') extra.Duration = String(Math.ceil(call.durationS / 60));
    await this.progress(call, 'completed', terminal, extra);
    call.done = true;
  }

  /** A status callback, when the bot asked for this event. */
  private async progress(call: StandinCall, event: string, callStatus: string, extra: Record<string, string> = {}): Promise<void> {
    if (call.statusCallback === undefined) return;
    // With no StatusCallbackEvent, Twilio sends only 'completed'.
    const events = call.statusCallbackEvents.length ? call.statusCallbackEvents : ['completed'];
    if (!events.includes(event)) return;
    await this.hook(call, 'status', call.statusCallbackMethod, call.statusCallback, {
      ...this.standard(call, callStatus),
      Timestamp: rfc2822(Date.now()),
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(call.webhooks.filter((w) => w.kind === 'status').length),
      ...extra,
    });
  }

  private standard(call: StandinCall, callStatus: string): Record<string, string> {
    return {
      CallSid: call.sid,
      AccountSid: this.accountSid,
      From: call.from,
      To: call.to,
      Caller: call.from,
      Called: call.to,
      CallStatus: callStatus,
      ApiVersion: API_VERSION,
      Direction: 'outbound-api',
    };
  }

  /** Makes and records one webhook request; the answer when it was 2xx. */
  private async hook(
    call: StandinCall,
    kind: 'voice' | 'gather' | 'status',
    method: string,
    url: string,
    params: Record<string, string>,
  ): Promise<HookAnswer | undefined> {
    if (!this.live(call)) return undefined;
    const { url: sent, answer } = await twilioRequest(this.authToken, method, url, params, this.aborter.signal);
    call.webhooks.push({ kind, url: sent, params, status: answer.status, body: answer.body });
    // Anything else is Twilio's warning 15003 (or 11200 with no answer): logged, and the call goes on.
    return answer.status >= 200 && answer.status < 300 ? answer : undefined;
  }

  /** The bot's TwiML, read as strictly as Twilio; undefined (and a problem) when Twilio could not run it. */
  private twiml(call: StandinCall, kind: string, answer: HookAnswer): XmlNode | undefined {
    const doc = readTwiml(answer);
    return typeof doc === 'string' ? this.problem(call, `the ${kind} webhook's answer: ${doc}`) : doc;
  }

  private problem(call: StandinCall, what: string): undefined {
    this.problems.push(`${call.sid} to ${call.to}: ${what}`);
    return undefined;
  }

  /** queued → sent → delivered, each a signed status callback when the bot gave one. */
  private async runText(text: StandinText): Promise<void> {
    for (const status of ['sent', 'delivered']) {
      if (!(await this.wait(this.ringMs, text))) return;
      text.status = status;
      if (text.statusCallback === undefined) continue;
      const params = {
        MessageSid: text.sid,
        MessageStatus: status,
        SmsSid: text.sid,
        SmsStatus: status,
        AccountSid: this.accountSid,
        From: text.from,
        To: text.to,
        ApiVersion: API_VERSION,
      };
      const { url, answer } = await twilioRequest(this.authToken, 'POST', text.statusCallback, params, this.aborter.signal);
      text.webhooks.push({ url, params, status: answer.status, body: answer.body });
    }
    text.done = true;
  }
}
