import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';

/**
 * Runs `tick` every second. Due work lives in SQLite, so the tick only has to look: a missed
 * tick (or a restart) costs at most a second, never the work itself.
 *
 * node-cron 3, not 4: version 4 reads the clock through Intl.DateTimeFormat on every tick,
 * which loads ICU's time-zone data, about 14 MiB of resident memory for a schedule that needs
 * none (bench/memory.ts); version 3 reads it with Date's getters when no time zone is given.
 * The tick is synchronous, so runs cannot overlap.
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
    { name: 'outbox' },
  );
}
