import type { CustomRoute } from '@slack/bolt';
import type { ShutOut } from '../domain/channels.js';
import type { Database } from '../store/database.js';

/** What this instance holds of the shared work (see OutboxWorker.work). */
export interface LeaseWork {
  /** The start of this instance's lease token, to tell instances apart in a monitor. */
  readonly instance: string;
  /** Jobs it has claimed and is running now. */
  readonly running: number;
  readonly leaseSeconds: number;
  /** Jobs it took over from an instance whose lease ran out, since it started. */
  readonly takenOver: number;
}

/**
 * `GET /healthz`: 200 when the database answers and the bot can post to every channel the plan
 * names; 503 otherwise, naming what is wrong, so a monitor pages someone while alerts wait.
 * Either way it says which database this instance uses and the work it holds under its lease.
 */
export function healthRoute(
  db: Pick<Database, 'ping' | 'dialect'>,
  shutOut: () => readonly ShutOut[],
  work: () => LeaseWork,
  /** Other things wrong, each said in one line (Hootsuite refusing the bot's token). */
  more: () => Promise<readonly string[]> = () => Promise.resolve([]),
): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    // Bolt drops what a route's handler returns: the answer is written when the database has answered.
    handler: (_req, res) => {
      void Promise.all([db.ping().catch(() => false), more().catch(() => [] as readonly string[])]).then(([database, others]) => {
        const channels = shutOut().map((c) => ({
          field: c.field,
          channel: c.channel,
          ...(c.name ? { name: c.name } : {}),
          error: c.error,
          since: new Date(c.since).toISOString(),
        }));
        const ok = database && channels.length === 0 && others.length === 0;
        const reasons = [
          ...(database ? [] : ['the database does not answer']),
          ...channels.map((c) => `the bot cannot post to ${c.field} ${c.channel}${c.name ? ` (#${c.name})` : ''}: ${c.error}`),
          ...others,
        ];
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
        const about = { database: db.dialect, work: work() };
        res.end(JSON.stringify(ok ? { ok, ...about } : { ok, reasons, ...(channels.length ? { channels } : {}), ...about }));
      });
    },
  };
}
