import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HootsuiteClient, HootsuiteError } from '../../../src/hootsuite/client.js';
import { HootsuiteTokenKeeper } from '../../../src/hootsuite/tokens.js';
import type { Store } from '../../../src/store/store.js';
import { HootsuiteStandin } from '../../support/hootsuite-standin.js';
import { tempDatabase } from '../support.js';

// The keeper of Hootsuite's tokens, against the stand-in's OAuth app (refresh tokens good once,
// access tokens that run out) and a real store.

const APP = { clientId: 'crisis-bot', clientSecret: 'app-secret-123' };
const HOUR = 3_600_000;
let hs: HootsuiteStandin;
let store: Store;
let close: () => Promise<void>;
let refusals: string[];

beforeEach(async () => {
  hs = await HootsuiteStandin.start('fixed-token-not-used');
  ({ store, close } = await tempDatabase('tokens'));
  refusals = [];
});
afterEach(async () => {
  await hs.close();
  await close();
});

function keeper(refreshToken: string, clock: () => number = Date.now): HootsuiteTokenKeeper {
  return new HootsuiteTokenKeeper({
    store,
    oauth: { ...APP, refreshToken },
    apiUrl: hs.apiUrl,
    clock,
    onRefused: (_tx, refusal) => {
      refusals.push(refusal);
      return Promise.resolve();
    },
    log: pino({ level: 'silent' }),
  });
}

describe('HootsuiteTokenKeeper', () => {
  it('refreshes from the first refresh token, keeps the rotated one before using the access token, and refreshes again before expiry', async () => {
    const first = hs.enableOAuth({ ...APP, accessTtlSec: 3600 });
    let now = Date.now();
    const tokens = keeper(first, () => now);
    const client = new HootsuiteClient(hs.apiUrl, tokens);
    hs.schedule('111', 'hello', Date.now() + HOUR);
    expect((await client.scheduled('111', Date.now())).posts).toHaveLength(1);
    const kept = (await store.hootsuiteTokens.get())!;
    expect(kept.refreshToken).not.toBe(first); // rotated, and kept
    expect(kept.accessToken).toMatch(/^access-/);
    await client.scheduled('111', Date.now());
    expect(hs.refreshes).toBe(1); // the access token is reused while it lasts
    // Three quarters of its life on: refreshed with the kept (rotated) token, which Hootsuite takes once.
    now += 0.8 * HOUR;
    await client.scheduled('111', Date.now());
    expect([hs.refreshes, hs.refusedRefreshes]).toEqual([2, 0]);
    expect((await store.hootsuiteTokens.get())!.refreshToken).not.toBe(kept.refreshToken);
  });

  it('answers a 401 (a token that ran out early) with one refresh and the call again', async () => {
    const first = hs.enableOAuth({ ...APP, accessTtlSec: 1 });
    const client = new HootsuiteClient(
      hs.apiUrl,
      keeper(first, () => 0),
    ); // its clock thinks the token is young
    await client.scheduled('111', Date.now());
    await new Promise((r) => setTimeout(r, 1100));
    expect((await client.scheduled('111', Date.now())).posts).toEqual([]);
    expect(hs.refreshes).toBe(2);
    expect(hs.calls.filter((c) => c.operationId === 'retrieveMessages')).toHaveLength(3); // one 401, tried once more
  });

  it('after a restart goes on from the kept refresh token, not the spent one in the environment; a new one in the environment starts a new chain', async () => {
    const first = hs.enableOAuth({ ...APP, accessTtlSec: 3600 });
    let now = Date.now();
    await keeper(first, () => now).current();
    now += 2 * HOUR; // the access token is due
    await keeper(first, () => now).current(); // a new process, the same environment
    expect([hs.refreshes, hs.refusedRefreshes]).toEqual([2, 0]);
    // The operator authorised the bot again and put the new refresh token in the environment.
    const reauthorised = hs.enableOAuth({ ...APP, accessTtlSec: 3600 });
    await keeper(reauthorised, () => now).current();
    expect([hs.refreshes, hs.refusedRefreshes]).toEqual([3, 0]);
  });

  it('when Hootsuite refuses the refresh token: a final error, kept, told once, said by refusal(); never retried against Hootsuite', async () => {
    const first = hs.enableOAuth({ ...APP, accessTtlSec: 3600 });
    const tokens = keeper(first);
    hs.revokeRefreshTokens();
    const error = await tokens.current().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HootsuiteError);
    expect(error).toMatchObject({ status: 401, transient: false });
    expect((error as Error).message).toBe(
      "Hootsuite no longer accepts the bot's refresh token: invalid_grant: The refresh token is invalid, expired or revoked",
    );
    expect((error as Error).message).not.toContain(first);
    await expect(tokens.current()).rejects.toBeInstanceOf(HootsuiteError);
    expect(hs.refusedRefreshes).toBe(1); // the second call did not ask again
    expect(refusals).toEqual(['invalid_grant: The refresh token is invalid, expired or revoked']);
    expect(await tokens.refusal()).toBe('invalid_grant: The refresh token is invalid, expired or revoked');
  });

  it('two instances due at once: one refresh is kept, the other instance takes it rather than being locked out', async () => {
    const first = hs.enableOAuth({ ...APP, accessTtlSec: 3600 });
    const [a, b] = [keeper(first), keeper(first)];
    const tokens = await Promise.all([a.current(), b.current()]);
    const kept = (await store.hootsuiteTokens.get())!;
    expect(tokens).toEqual([kept.accessToken, kept.accessToken]);
    expect(hs.refreshes).toBe(1);
    expect(refusals).toEqual([]);
    expect(kept.refusal).toBeNull();
  });
});
