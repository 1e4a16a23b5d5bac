import type { CustomRoute } from '@slack/bolt';
import type { ShutOut } from '../domain/channels.js';
import type { Database } from '../store/database.js';

/**
 * `GET /healthz`: 200 when the database answers and the bot can post to every channel the plan
 * names; 503 otherwise, naming what is wrong, so a monitor pages someone while alerts wait.
 */
export function healthRoute(db: Pick<Database, 'ping'>, shutOut: () => readonly ShutOut[]): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    // Bolt drops what a route's handler returns: the answer is written when the database has answered.
    handler: (_req, res) => {
      void db
        .ping()
        .catch(() => false)
        .then((database) => {
          const channels = shutOut().map((c) => ({
            field: c.field,
            channel: c.channel,
            ...(c.name ? { name: c.name } : {}),
            error: c.error,
            since: new Date(c.since).toISOString(),
          }));
          const ok = database && channels.length === 0;
          const reasons = [
            ...(database ? [] : ['the database does not answer']),
            ...channels.map((c) => `the bot cannot post to ${c.field} ${c.channel}${c.name ? ` (#${c.name})` : ''}: ${c.error}`),
          ];
          res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
          res.end(JSON.stringify(ok ? { ok } : { ok, reasons, ...(channels.length ? { channels } : {}) }));
        });
    },
  };
}
