import type { CustomRoute } from '@slack/bolt';
import type { Db } from '../store/db.js';

/** `GET /healthz`: 200 when the database answers, 503 when it does not. */
export function healthRoute(db: Db): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      let ok = false;
      try {
        ok = db.$client.prepare('select 1 as one').get() !== undefined;
      } catch {
        ok = false;
      }
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok }));
    },
  };
}
