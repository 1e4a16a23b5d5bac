import { eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { first, type Conn, type Tx } from './db.js';
import { hootsuiteTokens } from './schema.js';

/** Hootsuite's tokens as kept (see schema hootsuiteTokens). */
export interface HootsuiteTokens {
  readonly seed: string;
  readonly refreshToken: string;
  readonly accessToken: string | null;
  readonly expiresAt: number | null;
  readonly refreshedAt: number | null;
  readonly refusal: string | null;
  readonly refusedAt: number | null;
}

const ROW = 1;

/** The one row of Hootsuite's OAuth tokens. */
export class HootsuiteTokenRepo {
  constructor(private readonly d: Database) {}

  async get(conn: Conn = this.d.db): Promise<HootsuiteTokens | undefined> {
    const row = await first(conn.select().from(hootsuiteTokens).where(eq(hootsuiteTokens.id, ROW)));
    if (!row) return undefined;
    const { id: _id, ...tokens } = row;
    return tokens;
  }

  /** Starts a chain from a refresh token given in the environment, replacing any earlier chain. */
  async seed(tx: Tx, seed: string, refreshToken: string): Promise<void> {
    const fresh = { seed, refreshToken, accessToken: null, expiresAt: null, refreshedAt: null, refusal: null, refusedAt: null };
    await tx
      .insert(hootsuiteTokens)
      .values({ id: ROW, ...fresh })
      .onConflictDoUpdate({ target: hootsuiteTokens.id, set: fresh });
  }

  /**
   * Keeps what a refresh gave, if the chain is still at `used` (another instance may have
   * refreshed meanwhile); whether it was kept.
   */
  async refreshed(
    tx: Tx,
    used: string,
    next: { refreshToken: string; accessToken: string; expiresAt: number },
    at: number,
  ): Promise<boolean> {
    const current = await this.get(tx);
    if (current?.refreshToken !== used) return false;
    await tx
      .update(hootsuiteTokens)
      .set({ ...next, refreshedAt: at, refusal: null, refusedAt: null })
      .where(eq(hootsuiteTokens.id, ROW));
    return true;
  }

  /** Hootsuite refused the refresh token `used`: kept so /healthz and the leads can say so; whether it was news. */
  async refused(tx: Tx, used: string, refusal: string, at: number): Promise<boolean> {
    const current = await this.get(tx);
    if (current?.refreshToken !== used || current.refusal !== null) return false;
    await tx.update(hootsuiteTokens).set({ refusal, refusedAt: at, accessToken: null, expiresAt: null }).where(eq(hootsuiteTokens.id, ROW));
    return true;
  }
}
