import type { PostToRestore, ScheduledList, ScheduledPost, Scheduler, SentMessage } from '../jobs/ports/scheduler.js';
import { plainFetch } from '../net/plain-fetch.js';
import type { RetryPolicy } from '../outbox/errors.js';
import { HootsuiteError } from './errors.js';
import { fixedToken, type AccessTokens } from './tokens.js';

export { HootsuiteError };

/**
 * Hootsuite's REST API v1, as much of it as a publishing freeze needs: what is scheduled on a
 * profile, unscheduling a message, and scheduling it again. Hootsuite has no pause and no
 * undelete: a freeze deletes what is scheduled (after the bot has kept a full copy) and a
 * resume posts it again, with a new id.
 *
 * Kept small on purpose; what Hootsuite's own description leaves open is said where it matters.
 */

/** Hootsuite: endTime "must not be later than 4 weeks from startTime". */
export const HOOTSUITE_WINDOW_MS = 28 * 24 * 3600_000;
const PAGE = 100;
/** Hootsuite documents 429 but not Retry-After: without one, wait this long. */
const DEFAULT_RETRY_MS = 1000;

/** DELETE /v1/messages/{id}: "Resource not found" (sent, or deleted already). */
const NOT_FOUND = 4001;

interface EnvelopeError {
  code?: number;
  message?: string;
  resource?: { type?: string; id?: string };
}

/** One of Hootsuite's errors as people are shown it: its code, its words, what it concerns. */
const describeError = (e: EnvelopeError): string =>
  [e.code, e.message, e.resource?.id ? `${e.resource.type ?? 'resource'} ${e.resource.id}` : undefined]
    .filter((x) => x !== undefined && x !== '')
    .join(' · ');

interface Envelope<T> {
  data?: T;
  errors?: EnvelopeError[];
  metadata?: { cursor?: { next?: string | null } };
}

interface RawMessage {
  id: string;
  state?: string;
  text?: string;
  scheduledSendTime?: string;
  socialProfile?: { id?: string | number };
  mediaUrls?: { url?: string; thumbnailUrl?: string }[];
  media?: { id?: string; thumbnailId?: string; videoOptions?: unknown }[];
  [field: string]: unknown;
}

/** The states of a message that will still go out by themselves: what a freeze holds back. */
const WILL_GO_OUT = new Set(['SCHEDULED', 'PENDING_APPROVAL']);
/**
 * What a message carries that Message (the body of POST /v1/messages) takes back, as Hootsuite's
 * description names them; the rest (id, state, the members, the post's link) is Hootsuite's own.
 */
const CARRIED = ['webhookUrls', 'tags', 'targeting', 'privacy', 'location', 'emailNotification'] as const;

/**
 * Hootsuite's errors for the outbox: a 429 was not acted on, so it is retried at its
 * Retry-After without counting an attempt; 5xx and no answer are worth retrying.
 */
export function withHootsuite(slack: RetryPolicy): RetryPolicy {
  const ours = (error: unknown): error is HootsuiteError => error instanceof HootsuiteError;
  return {
    transient: (error) => (ours(error) ? error.transient : slack.transient(error)),
    retryAfterMs: (error) => (ours(error) ? (error.status === 429 ? error.retryAfterMs : undefined) : slack.retryAfterMs?.(error)),
    describe: (error) => (ours(error) ? error.message : slack.describe(error)),
  };
}

/**
 * The body of POST /v1/messages that brings a kept message back whole: its text, profile and
 * new time, its media by id (Hootsuite keeps uploaded media 90 days after use) with their video
 * options, its ow.ly media, tags, targeting, privacy, location, webhooks, e-mail notification
 * and its Pinterest board (extendedInfo, for this profile). Only the fields Message names, in
 * the shapes it names (a returned media item's thumbnailId, a mediaUrl's thumbnailUrl, are
 * Hootsuite's own and not sent back).
 */
export function messageBody(post: PostToRestore): Record<string, unknown> {
  const m = (post.message ?? {}) as RawMessage;
  const body: Record<string, unknown> = { text: post.text, socialProfileIds: [post.profileId], scheduledSendTime: iso(post.at) };
  for (const field of CARRIED) if (m[field] !== undefined && m[field] !== null) body[field] = m[field];
  const urls = m.mediaUrls ? m.mediaUrls.flatMap((u) => (u.url ? [u.url] : [])) : post.mediaUrls;
  if (urls.length) body.mediaUrls = urls.map((url) => ({ url }));
  const media = (m.media ?? []).flatMap((x) => (x.id ? [{ id: x.id, ...(x.videoOptions ? { videoOptions: x.videoOptions } : {}) }] : []));
  if (media.length) body.media = media;
  const pins = Array.isArray(m.extendedInfo) ? (m.extendedInfo as { socialProfileId?: string }[]) : [];
  if (pins.length) body.extendedInfo = pins.map((p) => ({ ...p, socialProfileId: post.profileId }));
  return body;
}

/** A message as the bot reads it back: its state, and the post's link once sent (else the profile's page). */
function sentOf(m: RawMessage): SentMessage {
  const profile = m.socialProfile as { externalURL?: string } | undefined;
  const url = typeof m.postUrl === 'string' ? m.postUrl : profile?.externalURL;
  return { id: String(m.id), state: m.state ?? 'SCHEDULED', url };
}

/** ISO 8601 in UTC with a Z and no milliseconds, as Hootsuite wants it. */
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The freeze's scheduler (jobs/ports/scheduler), as Hootsuite. */
export class HootsuiteClient implements Scheduler {
  private readonly tokens: AccessTokens;

  /** `tokens`: a fixed access token (HOOTSUITE_ACCESS_TOKEN alone), or the keeper that refreshes them. */
  constructor(
    private readonly baseUrl: string,
    tokens: string | AccessTokens,
    private readonly fetchImpl: typeof fetch = plainFetch,
  ) {
    this.tokens = typeof tokens === 'string' ? fixedToken(tokens) : tokens;
  }

  /** Everything scheduled on `profileId` from `from` to `to` (at most four weeks, the default), earliest first. */
  async scheduled(profileId: string, from: number, to = from + HOOTSUITE_WINDOW_MS): Promise<ScheduledList> {
    const posts: ScheduledPost[] = [];
    const unlisted: string[] = [];
    for await (const page of this.pages(profileId, from, to)) {
      // A 200 with errors beside the data: what Hootsuite could list is held; the rest is named.
      unlisted.push(...(page.errors ?? []).map(describeError));
      for (const m of page.data ?? []) {
        // Sent, being sent or rejected: not ours to hold back. Waiting for approval: it goes out
        // the moment someone approves it, so it is held like a scheduled one. (One request for
        // both: the state filter takes one state, and two lists could miss a post that moves.)
        if (!WILL_GO_OUT.has(m.state ?? '')) continue;
        posts.push({
          id: String(m.id),
          profileId: String(m.socialProfile?.id ?? profileId),
          text: m.text ?? '',
          at: Date.parse(m.scheduledSendTime ?? '') || from,
          mediaUrls: (m.mediaUrls ?? []).flatMap((u) => (u.url ? [u.url] : [])),
          awaitingApproval: m.state === 'PENDING_APPROVAL',
          message: m,
        });
      }
    }
    return { posts, unlisted };
  }

  /**
   * Unschedules a message: `gone` when Hootsuite no longer has it (sent, or deleted already):
   * its description answers that with 400 and code 4001, not a 404. A 400 with 40003 (not
   * deletable in its current state, being sent) stays a refusal: the post still goes out.
   */
  async unschedule(id: string): Promise<'deleted' | 'gone'> {
    try {
      await this.call('DELETE', `/v1/messages/${encodeURIComponent(id)}`);
      return 'deleted';
    } catch (error) {
      if (error instanceof HootsuiteError && (error.code === NOT_FOUND || error.status === 404)) return 'gone';
      throw error;
    }
  }

  /**
   * Schedules a message again with everything it carried (see messageBody); returns its new id
   * and whether it waits for approval (a member who may only publish with approval). The time
   * must be in the future: Hootsuite's description does not say what it does with one in the
   * past, and it may send it at once.
   */
  async schedule(post: PostToRestore): Promise<{ id: string; pending: boolean }> {
    const res = await this.call<{ id: string; state?: string }[]>('POST', '/v1/messages', messageBody(post));
    const made = res.data?.[0];
    if (!made?.id) throw new HootsuiteError('Hootsuite answered without the new message id', 200, undefined, undefined);
    return { id: String(made.id), pending: made.state === 'PENDING_APPROVAL' };
  }

  /**
   * Sends an approved text now: no scheduledSendTime, which Hootsuite takes as "send now". The
   * text goes exactly as given; what the bot checked against the approval is the caller's.
   */
  async publishNow(profileId: string, text: string): Promise<SentMessage> {
    const res = await this.call<{ id: string; state?: string }[]>('POST', '/v1/messages', { text, socialProfileIds: [profileId] });
    const made = res.data?.[0];
    if (!made?.id) throw new HootsuiteError('Hootsuite answered without the new message id', 200, undefined, undefined);
    return { id: String(made.id), state: made.state ?? 'SCHEDULED', url: undefined };
  }

  async message(id: string): Promise<SentMessage> {
    const res = await this.call<RawMessage>('GET', `/v1/messages/${encodeURIComponent(id)}`);
    if (!res.data) throw new HootsuiteError('Hootsuite answered without the message', 200, undefined, undefined);
    return sentOf(res.data);
  }

  async findByText(profileId: string, text: string, from: number, to: number): Promise<SentMessage | undefined> {
    for await (const page of this.pages(profileId, from, to)) {
      const hit = (page.data ?? []).find((m) => m.text === text);
      if (hit) return sentOf(hit);
    }
    return undefined;
  }

  /** GET /v1/messages on one profile from `from` to `to` (at most four weeks), in every state, page by page. */
  private async *pages(profileId: string, from: number, to: number): AsyncGenerator<Envelope<RawMessage[]>> {
    let cursor: string | undefined;
    do {
      const q = new URLSearchParams({
        startTime: iso(from),
        endTime: iso(Math.min(to, from + HOOTSUITE_WINDOW_MS)),
        socialProfileIds: profileId,
        limit: String(PAGE),
      });
      if (cursor) q.set('cursor', cursor);
      const page = await this.call<RawMessage[]>('GET', `/v1/messages?${q.toString()}`);
      yield page;
      cursor = page.metadata?.cursor?.next ?? undefined;
    } while (cursor);
  }

  /** One call; a 401 (the access token expired or was revoked) is tried once more with a fresh token, if there is one. */
  private async call<T>(method: string, path: string, body?: unknown): Promise<Envelope<T>> {
    const token = await this.tokens.current();
    let res = await this.send(method, path, token, body);
    if (res.status === 401) {
      const fresh = await this.tokens.rejected(token);
      if (fresh) res = await this.send(method, path, fresh, body);
    }
    return this.read<T>(method, path, res);
  }

  private async send(method: string, path: string, token: string, body: unknown): Promise<Response> {
    try {
      return await this.fetchImpl(`${this.baseUrl.replace(/\/$/, '')}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json;charset=utf-8' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new HootsuiteError(`Hootsuite did not answer: ${(error as Error).message}`, undefined, undefined, undefined);
    }
  }

  private async read<T>(method: string, path: string, res: Response): Promise<Envelope<T>> {
    const text = await res.text();
    let envelope: Envelope<T> = {};
    try {
      envelope = text ? (JSON.parse(text) as Envelope<T>) : {};
    } catch {
      // An empty or non-JSON body on success is fine (DELETE); on failure the status says enough.
    }
    // Hootsuite may answer 200 with errors beside the data (a partial failure).
    const first = envelope.errors?.[0];
    if (!res.ok || (first && envelope.data === undefined)) {
      const retry = Number(res.headers.get('retry-after'));
      const retryAfterMs = res.status === 429 ? (Number.isFinite(retry) && retry > 0 ? retry * 1000 : DEFAULT_RETRY_MS) : undefined;
      // Never the token: only the method, the path without its query, and Hootsuite's words.
      throw new HootsuiteError(
        `Hootsuite ${method} ${path.split('?')[0]} answered ${res.status}${first?.message ? `: ${first.message}` : ''}`,
        res.status,
        first?.code,
        retryAfterMs,
        first?.message,
      );
    }
    return envelope;
  }
}
