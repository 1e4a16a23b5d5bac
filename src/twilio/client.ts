import type { TwilioEnv } from '../config/env.js';
import { PhoneError, type Phone, type Placed } from '../jobs/ports/phone.js';
import { plainFetch } from '../net/plain-fetch.js';
import type { RetryPolicy } from '../outbox/errors.js';
import { isFinalCallStatus } from '../domain/phone.js';
import { twilioPaths } from './paths.js';

/**
 * Twilio's REST API (2010-04-01), as much as phone pages need: create a call, send a text, and
 * list recent ones to find what a try cut short by a crash placed. Over the bot's own HTTP
 * client rather than the `twilio` package (see docs/benchmarks.md, "Twilio client": 30 MB of
 * dependencies with axios for four requests).
 */

/** Twilio's default: one call per second per account ("CPS"); more are queued at Twilio, not refused. */
const CALL_SPACING_MS = 1000;
/** Without Retry-After on a 429 (Twilio's 20429 is never processed): wait this long. */
const DEFAULT_RETRY_MS = 1000;
/** How long a call rings before Twilio gives up with no-answer: long enough for a phone by the bed. */
const RING_S = 40;
/** A page to list when looking for what a crashed try placed: calls to one person within minutes. */
const LOOKUP_PAGE = 20;
/** Clocks differ: a call Twilio dates a little before the bot decided it may still be it. */
const CLOCK_SKEW_MS = 30_000;
/** A request Twilio does not answer in this long is given up (a retry looks for what it did first). */
const REQUEST_TIMEOUT_MS = 15_000;

interface TwilioRecord {
  sid: string;
  status: string;
  date_created?: string;
  answered_by?: string | null;
  direction?: string;
  body?: string;
}

export function withTwilio(inner: RetryPolicy): RetryPolicy {
  const ours = (error: unknown): error is PhoneError => error instanceof PhoneError;
  return {
    transient: (error) => (ours(error) ? error.transient : inner.transient(error)),
    retryAfterMs: (error) => (ours(error) ? (error.status === 429 ? error.retryAfterMs : undefined) : inner.retryAfterMs?.(error)),
    describe: (error) => (ours(error) ? error.message : inner.describe(error)),
  };
}

export class TwilioClient implements Phone {
  private readonly base: string;
  private readonly auth: string;
  private readonly paths;
  /** When the next call may be created (see CALL_SPACING_MS). */
  private nextCallAt = 0;

  constructor(
    private readonly env: TwilioEnv,
    private readonly fetchImpl: typeof fetch = plainFetch,
    private readonly now: () => number = Date.now,
  ) {
    this.base = `${env.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(env.accountSid)}`;
    this.auth = `Basic ${Buffer.from(`${env.accountSid}:${env.authToken}`).toString('base64')}`;
    this.paths = twilioPaths(env.publicUrl);
  }

  async call(attemptId: number, to: string): Promise<Placed> {
    await this.paceCall();
    const form = new URLSearchParams({
      To: to,
      From: this.env.from,
      Url: this.paths.voice(attemptId),
      Method: 'POST',
      StatusCallback: this.paths.callStatus(attemptId),
      StatusCallbackMethod: 'POST',
      Timeout: String(RING_S),
      // Voicemail is told apart from a person, so the debrief says which answered.
      MachineDetection: 'Enable',
    });
    for (const event of ['initiated', 'ringing', 'answered', 'completed']) form.append('StatusCallbackEvent', event);
    return placed(await this.request<TwilioRecord>('POST', '/Calls.json', form));
  }

  async text(attemptId: number, to: string, body: string): Promise<Placed> {
    const form = new URLSearchParams({ To: to, From: this.env.from, Body: body, StatusCallback: this.paths.textStatus(attemptId) });
    return placed(await this.request<TwilioRecord>('POST', '/Messages.json', form));
  }

  findCall(to: string, since: number, taken: (sids: readonly string[]) => Promise<Set<string>>): Promise<Placed | undefined> {
    return this.find('Calls.json', 'calls', to, since, undefined, taken);
  }

  findText(to: string, since: number, body: string, taken: (sids: readonly string[]) => Promise<Set<string>>): Promise<Placed | undefined> {
    return this.find('Messages.json', 'messages', to, since, body, taken);
  }

  async callEnded(sid: string): Promise<Placed & { answeredBy: string | null }> {
    const call = placed(await this.request<TwilioRecord>('GET', `/Calls/${encodeURIComponent(sid)}.json`));
    // No status: as if Twilio had not answered, so the outbox looks again later.
    if (!isFinalCallStatus(call.status)) throw new PhoneError(`the call ${sid} is still ${call.status}`, undefined, undefined, undefined);
    return { ...call, answeredBy: call.answeredBy ?? null };
  }

  /**
   * The oldest of the bot's own (created through this API: not a reply to an incoming text) to
   * `to` since `since`, with `body` for a text, that no other attempt holds.
   */
  private async find(
    resource: string,
    field: 'calls' | 'messages',
    to: string,
    since: number,
    body: string | undefined,
    taken: (sids: readonly string[]) => Promise<Set<string>>,
  ): Promise<Placed | undefined> {
    const q = new URLSearchParams({ To: to, From: this.env.from, PageSize: String(LOOKUP_PAGE) });
    const page = await this.request<Record<string, TwilioRecord[] | undefined>>('GET', `/${resource}?${q.toString()}`);
    const created = (r: TwilioRecord) => Date.parse(r.date_created ?? '') || 0;
    const recent = (page[field] ?? [])
      .filter((r) => r.direction === 'outbound-api' && created(r) >= since - CLOCK_SKEW_MS && (body === undefined || r.body === body))
      .sort((a, b) => created(a) - created(b));
    const held = await taken(recent.map((r) => r.sid));
    const mine = recent.find((r) => !held.has(r.sid));
    return mine && placed(mine);
  }

  /** Spaces call creations by Twilio's default rate, so none waits in Twilio's queue behind another page. */
  private async paceCall(): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.nextCallAt);
    this.nextCallAt = at + CALL_SPACING_MS;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }

  private async request<T>(method: 'GET' | 'POST', path: string, form?: URLSearchParams): Promise<T> {
    let res: Response;
    const name = `${method} ${path.split('?')[0]}`;
    try {
      res = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers: {
          authorization: this.auth,
          accept: 'application/json',
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(form ? { body: form.toString() } : {}),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new PhoneError(`Twilio did not answer ${name}: ${(error as Error).message}`, undefined, undefined, undefined);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const err = (body ?? {}) as { code?: number; message?: string };
      const retry = Number(res.headers.get('retry-after'));
      const retryAfterMs = res.status === 429 ? (Number.isFinite(retry) && retry > 0 ? retry * 1000 : DEFAULT_RETRY_MS) : undefined;
      // Never the credentials: the method, the path without its query, Twilio's code and words.
      throw new PhoneError(
        `Twilio ${name} answered ${res.status}${err.code ? ` (${err.code})` : ''}${err.message ? `: ${err.message}` : ''}`,
        res.status,
        err.code,
        retryAfterMs,
        err.message,
      );
    }
    if (body === undefined) throw new PhoneError(`Twilio ${name} answered ${res.status} without JSON`, res.status, undefined, undefined);
    return body as T;
  }
}

function placed(r: TwilioRecord): Placed {
  if (typeof r.sid !== 'string' || !r.sid) throw new PhoneError('Twilio answered without a SID', 200, undefined, undefined);
  return { sid: r.sid, status: r.status, answeredBy: r.answered_by ?? null };
}
