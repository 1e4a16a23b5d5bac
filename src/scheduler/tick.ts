import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';

/**
 * Runs `tick` every second. Due work lives in SQLite, so the tick only has to look: a missed
 * tick (or a restart) costs at most a second, never the work itself.
 */
export function startTicker(tick: () => void, log: Logger): ScheduledTask {
  return cron.schedule(
    '* * * * * *',
    () => {
      try {
        tick();
      } catch (error) {
        log.error({ err: error }, 'scheduler tick failed');
      }
    },
    { name: 'outbox', noOverlap: true, suppressMissedWarning: true },
  );
}
