import { createHash } from 'node:crypto';
import { Mutex } from 'async-mutex';
import type { Logger } from 'pino';
import type { HootsuiteOAuthEnv } from '../config/env.js';
import { plainFetch } from '../net/plain-fetch.js';
import type { Tx } from '../store/db.js';
import type { HootsuiteTokens } from '../store/hootsuite-token-repo.js';
import type { Store } from '../store/store.js';
import { HootsuiteError } from './errors.js';

/** Where the Hootsuite client gets the bearer token it calls with. */
export interface AccessTokens {
  /** A token to call with now. */
  current(): Promise<string>;
  /** Hootsuite answered 401 to `token`: a fresh one to try once more, or undefined when there is none. */
  rejected(token: string): Promise<string | undefined>;
}

/** HOOTSUITE_ACCESS_TOKEN alone (a quick trial): used as it is until Hootsuite stops taking it. */
export const fixedToken = (token: string): AccessTokens => ({
  current: () => Promise.resolve(token),
  rejected: () => Promise.resolve(undefined),
});

/** What the keeper needs: the tokens' row, the app's credentials, and who to tell when Hootsuite refuses. */
export interface TokenKeeperDeps {
  readonly store: Pick<Store, 'transaction' | 'hootsuiteTokens'>;
  readonly oauth: HootsuiteOAuthEnv;
  readonly apiUrl: string;
  readonly clock: () => number;
  /** In the transaction that records the refusal: tell the people who must authorise the bot again. */
  readonly onRefused: (tx: Tx, refusal: string, now: number) => Promise<void>;
  readonly log: Logger;
  readonly fetchImpl?: typeof fetch;
}

/**
 * How long a refused refresh waits for another instance's refresh of the same token to reach
 * the database before it counts as a refusal: two instances due at once both spend it, and the
 * one Hootsuite answers second is refused, a moment before the first has committed.
 */
const MOVED_ON_WAIT_MS = 3_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Hootsuite's access tokens expire; a refresh token (the `offline` scope) gets a new pair, and
 * is good once. The keeper refreshes before an access token runs out (when a quarter of its life
 * is left, or at once on a 401) and keeps the rotated refresh token in the database the moment
 * Hootsuite gives it, before the new access token is used: a crash after that loses nothing.
 * (A crash in the instant between Hootsuite's answer and the commit cannot be closed from this
 * side; the refusal that would follow is said in /healthz and to the leads, never silently.)
 *
 * Several instances share the row: a refresh is kept only if the row still holds the refresh
 * token it used, and a refusal of a token another instance has already replaced is not one.
 * Within an instance one refresh runs at a time.
 */
export class HootsuiteTokenKeeper implements AccessTokens {
  private readonly mutex = new Mutex();

  constructor(private readonly deps: TokenKeeperDeps) {}

  async current(): Promise<string> {
    const tokens = await this.load();
    if (this.usable(tokens)) return tokens.accessToken!;
    return this.mutex.runExclusive(async () => {
      const now = await this.load();
      return this.usable(now) ? now.accessToken! : this.refresh(now);
    });
  }

  async rejected(token: string): Promise<string | undefined> {
    return this.mutex.runExclusive(async () => {
      const now = await this.load();
      // Another call (or instance) refreshed since this one was sent.
      if (now.accessToken && now.accessToken !== token && this.usable(now)) return now.accessToken;
      return this.refresh(now);
    });
  }

  /** Hootsuite's refusal of the refresh token, if it refused it. */
  async refusal(): Promise<string | undefined> {
    const tokens = await this.deps.store.hootsuiteTokens.get();
    return tokens?.seed === sha256(this.deps.oauth.refreshToken) ? (tokens.refusal ?? undefined) : undefined;
  }

  /** For /healthz (for monitors, in English): what is wrong with Hootsuite's access, one line each. */
  async problems(): Promise<string[]> {
    const refusal = await this.refusal();
    return refusal === undefined ? [] : [`Hootsuite no longer accepts the bot's refresh token (${refusal}): authorise the bot again`];
  }

  /** The row, started from the environment's refresh token when there is none or the environment gives a new one. */
  private async load(): Promise<HootsuiteTokens> {
    const { store, oauth } = this.deps;
    const seed = sha256(oauth.refreshToken);
    const tokens = await store.hootsuiteTokens.get();
    if (tokens?.seed === seed) return tokens;
    await store.transaction(async (tx) => {
      const again = await store.hootsuiteTokens.get(tx);
      if (again?.seed !== seed) await store.hootsuiteTokens.seed(tx, seed, oauth.refreshToken);
    });
    return (await store.hootsuiteTokens.get())!;
  }

  private usable(t: HootsuiteTokens): boolean {
    if (!t.accessToken || t.expiresAt === null) return false;
    const life = t.expiresAt - (t.refreshedAt ?? t.expiresAt);
    return t.expiresAt - this.deps.clock() > life / 4;
  }

  private async refresh(t: HootsuiteTokens): Promise<string> {
    const { store, oauth, apiUrl, clock, log } = this.deps;
    if (t.refusal !== null) throw refusedError(t.refusal);
    const used = t.refreshToken;
    let res: Response;
    try {
      res = await (this.deps.fetchImpl ?? plainFetch)(`${apiUrl.replace(/\/$/, '')}/oauth2/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${oauth.clientId}:${oauth.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: used }).toString(),
      });
    } catch (error) {
      throw new HootsuiteError(`Hootsuite did not answer the token refresh: ${(error as Error).message}`, undefined, undefined, undefined);
    }
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    const now = clock();
    if (res.ok && typeof body.access_token === 'string' && typeof body.refresh_token === 'string') {
      const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 3600;
      const next = { accessToken: body.access_token, refreshToken: body.refresh_token, expiresAt: now + expiresIn * 1000 };
      // Kept before it is used: the refresh token just spent is good no more.
      const kept = await store.transaction((tx) => store.hootsuiteTokens.refreshed(tx, used, next, now));
      log.info({ kept, expiresInSeconds: expiresIn }, 'refreshed the Hootsuite access token');
      if (kept) return next.accessToken;
      return this.theirs(used);
    }
    if (res.status >= 500 || res.status === 429 || !res.status) {
      throw new HootsuiteError(`Hootsuite's token refresh answered ${res.status}`, res.status, undefined, undefined);
    }
    // Refused: unless another instance moved the chain on (its refresh may still be on its way
    // to the database), someone must authorise the bot again.
    if (await this.movedOn(used)) return this.theirs(used);
    const refusal = [body.error, body.error_description].filter((x) => typeof x === 'string' && x).join(': ') || `HTTP ${res.status}`;
    await store.transaction(async (tx) => {
      if (await store.hootsuiteTokens.refused(tx, used, refusal, now)) await this.deps.onRefused(tx, refusal, now);
    });
    log.error({ status: res.status, error: body.error }, 'Hootsuite refused the refresh token');
    throw refusedError(refusal);
  }

  /** Whether the row's refresh token changes from `used` within MOVED_ON_WAIT_MS. */
  private async movedOn(used: string): Promise<boolean> {
    const until = Date.now() + MOVED_ON_WAIT_MS;
    for (;;) {
      const t = await this.deps.store.hootsuiteTokens.get();
      if (t && t.refreshToken !== used) return true;
      if (Date.now() >= until) return false;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Another instance refreshed first: its access token. */
  private async theirs(used: string): Promise<string> {
    const t = await this.deps.store.hootsuiteTokens.get();
    if (t?.accessToken && t.refreshToken !== used) return t.accessToken;
    throw new HootsuiteError('the Hootsuite token changed under the refresh; trying again', undefined, undefined, undefined);
  }
}

/** Final until someone authorises the bot again: not retried. */
const refusedError = (refusal: string) =>
  new HootsuiteError(`Hootsuite no longer accepts the bot's refresh token: ${refusal}`, 401, undefined, undefined, refusal);
