import type { App } from '@slack/bolt';
import type { ListenerDeps } from './deps.js';

export type HomeDeps = Pick<ListenerDeps, 'homes' | 'log'>;

/**
 * The Home tab: opening it records that this person keeps one (published again whenever their
 * part changes) and publishes it from the outbox. Bolt acks the event itself; the database write
 * is a millisecond, and views.publish runs after.
 */
export function registerHome(app: App, deps: HomeDeps): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    try {
      await deps.homes.opened(event.user);
    } catch (error) {
      // Nothing to answer an event with: logged, and their next opening tries again.
      deps.log.error({ err: error, user: event.user }, 'could not record the opening of a Home tab');
    }
  });
}
