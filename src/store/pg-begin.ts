import type pg from 'pg';

/** What drizzle gets for a `begin` held back: it reads nothing of it. */
const HELD: Partial<pg.QueryResult> = { command: 'BEGIN', rowCount: null, rows: [], fields: [] };

type QueryConfig = { text?: unknown; values?: unknown[] } & Record<string, unknown>;

/**
 * A transaction's `begin` waits for its first statement and goes out with it, one round trip
 * fewer for every transaction. On an event loop busy taking a burst of clicks in, each round trip
 * waits its turn behind the requests; a batch of clicks was four (bench/ack.ts).
 *
 * Only a statement without parameters can share a query with `begin` (PostgreSQL's simple
 * protocol; with parameters the extended protocol takes one statement). Anything else sends the
 * `begin` on its own first, as before. In a simple query `begin; x` the statements after `begin`
 * run in the transaction it opens; if `x` fails, the transaction is aborted and drizzle's
 * `rollback` ends it, as for any failed statement.
 */
export function holdBegin(connection: pg.PoolClient): void {
  const send = connection.query.bind(connection) as (config: unknown, values?: unknown, callback?: unknown) => unknown;
  let held = false;
  const query = (config: unknown, values?: unknown, callback?: unknown): unknown => {
    const text = typeof config === 'string' ? config : (config as QueryConfig | undefined)?.text;
    const noValues = noneGiven(values) && (typeof config === 'string' || noneGiven((config as QueryConfig).values));
    if (text === 'begin' && noValues && callback === undefined && !held) {
      held = true;
      return Promise.resolve(HELD);
    }
    if (!held) return send(config, values, callback);
    held = false;
    if (typeof text === 'string' && noValues && callback === undefined) {
      const together = typeof config === 'string' ? `begin; ${text}` : { ...(config as QueryConfig), text: `begin; ${text}` };
      return (send(together, values) as Promise<pg.QueryResult | pg.QueryResult[]>).then((results) =>
        Array.isArray(results) ? results[results.length - 1] : results,
      );
    }
    return (send('begin') as Promise<unknown>).then(
      () => send(config, values, callback),
      (error: unknown) => {
        if (typeof callback === 'function') return (callback as (error: unknown) => void)(error);
        throw error;
      },
    );
  };
  (connection as unknown as { query: typeof query }).query = query;
}

function noneGiven(values: unknown): boolean {
  return values === undefined || (Array.isArray(values) && values.length === 0);
}
