import cron from 'node-cron';
import type { Logger } from 'pino';

export interface Ticker {
  stop(): void;
}

/**
 * Runs `tick` every second. Due work lives in SQLite, so the tick only has to look: a missed
 * tick (or a restart) costs at most a second, never the work itself.
 *
 * node-cron 3, not 4: version 4 reads the clock through Intl.DateTimeFormat on every tick,
 * which loads ICU's time-zone data, about 14 MiB of resident memory for a schedule that needs
 * none (bench/memory.ts); version 3 reads it with Date's getters when no time zone is given.
 * The tick is synchronous, so runs cannot overlap. node-cron 3 may run the first tick inside
 * `schedule` itself.
 */
export function startTicker(tick: () => void, log: Logger): Ticker {
  const task = cron.schedule('* * * * * *', () => {
    try {
      tick();
    } catch (error) {
      log.error({ err: error }, 'scheduler tick failed');
    }
  });
  return {
    stop() {
      task.stop();
      // node-cron 3 keeps every task it made in a global registry, stopped or not; a stopped
      // ticker would otherwise keep its bot's worker and closed database reachable.
      for (const [name, registered] of cron.getTasks()) if (registered === task) cron.getTasks().delete(name);
    },
  };
}
